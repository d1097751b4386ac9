import { execFile } from "node:child_process";
import { existsSync, mkdirSync, openSync, readSync, closeSync, readdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { env } from "../env";
import { AppError, BadRequestError, ConflictError } from "../errors";
import { EmbeddedDatabaseBusyError, embeddedFiles, openEmbedded } from "./embedded";

// Backup and restore of the configured database, one file each way.
// PostgreSQL (DATABASE_URL): pg_dump's custom format, taken from one consistent snapshot
// while the console keeps serving; restored with pg_restore into an empty database.
// Embedded (GATEHOUSE_DATA_DIR): PGlite's dump of its data folder (a gzipped tar). PGlite
// serves one process, so the backup refuses while a console holds the folder: copying the
// files of a database another process writes would not give a consistent snapshot.

const run = promisify(execFile);
const PG_DUMP_MAGIC = "PGDMP";
const GZIP_MAGIC = "\x1f\x8b";

export type BackupResult = { database: "postgres" | "embedded"; file: string; bytes: number; ms: number };

class ToolMissingError extends AppError {
  constructor(tool: string) {
    super(
      "tool_missing",
      `${tool} was not found on PATH. Install the PostgreSQL client tools of your server's major version ` +
        `(Debian: apt-get install postgresql-client) or run ${tool} yourself (docs/runbooks/region-loss-restore.md).`,
      500,
    );
  }
}

async function tool(name: "pg_dump" | "pg_restore", args: string[]) {
  try {
    await run(name, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new ToolMissingError(name);
    throw new AppError(`${name}_failed`, `${name} failed: ${(e.stderr ?? e.message).trim()}`, 500);
  }
}

function refuseBusy(dataDir: string, action: string, error: unknown): never {
  if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
  throw new ConflictError(
    `Cannot ${action} the embedded database in ${dataDir} while another Gatehouse process (pid ${error.pid}) holds it: ` +
      "it serves one process at a time, and a copy of files another process is writing is not a consistent snapshot. " +
      "Stop the console, run this again (it takes seconds), then start the console; or run Gatehouse on PostgreSQL " +
      "(DATABASE_URL), where the backup is taken while it serves.",
  );
}

/** Writes a backup of the configured database to `file`. */
export async function backupDatabase(file: string): Promise<BackupResult> {
  const { DATABASE_URL, GATEHOUSE_DATA_DIR } = env();
  const started = performance.now();
  if (DATABASE_URL) {
    await tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${DATABASE_URL}`]);
  } else {
    if (!existsSync(embeddedFiles(GATEHOUSE_DATA_DIR)))
      throw new BadRequestError(`There is no embedded database in ${GATEHOUSE_DATA_DIR} to back up`);
    let opened: ReturnType<typeof openEmbedded>;
    try {
      opened = openEmbedded(GATEHOUSE_DATA_DIR);
    } catch (error) {
      refuseBusy(GATEHOUSE_DATA_DIR, "back up", error);
    }
    try {
      await opened.pglite.waitReady; // dumpDataDir before the database is up never settles
      const dump = await opened.pglite.dumpDataDir("gzip");
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await opened.close();
    }
  }
  return { database: DATABASE_URL ? "postgres" : "embedded", file, bytes: statSync(file).size, ms: performance.now() - started };
}

function formatOf(file: string): "postgres" | "embedded" {
  if (!existsSync(file)) throw new BadRequestError(`No such backup file: ${file}`);
  const fd = openSync(file, "r");
  const head = Buffer.alloc(5);
  readSync(fd, head, 0, 5, 0);
  closeSync(fd);
  if (head.toString("latin1") === PG_DUMP_MAGIC) return "postgres";
  if (head.toString("latin1", 0, 2) === GZIP_MAGIC) return "embedded";
  throw new BadRequestError(`${file} is not a Gatehouse backup (neither a pg_dump custom-format file nor an embedded database dump)`);
}

/** Restores `file` into the configured database, which must be empty (a new database, or an unused data folder). */
export async function restoreDatabase(file: string): Promise<BackupResult> {
  const { DATABASE_URL, GATEHOUSE_DATA_DIR } = env();
  const format = formatOf(file);
  const target = DATABASE_URL ? "postgres" : "embedded";
  if (format !== target) {
    throw new BadRequestError(
      `${file} is a backup of ${format === "postgres" ? "a PostgreSQL" : "an embedded"} database, but Gatehouse is configured for ` +
        `${target === "postgres" ? "PostgreSQL (DATABASE_URL)" : "the embedded database (no DATABASE_URL)"}: restore it into the same kind`,
    );
  }
  const started = performance.now();
  if (DATABASE_URL) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const { rows } = await client
      .query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
      .finally(() => client.end());
    if (rows[0]!.n > 0) {
      throw new ConflictError(
        `The database in DATABASE_URL is not empty (${rows[0]!.n} tables): restore into a new database (CREATE DATABASE …) and point DATABASE_URL at it`,
      );
    }
    await tool("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", `--dbname=${DATABASE_URL}`, file]);
  } else {
    const files = embeddedFiles(GATEHOUSE_DATA_DIR);
    if (existsSync(files) && readdirSync(files).length > 0) {
      throw new ConflictError(`${GATEHOUSE_DATA_DIR} already holds an embedded database: restore into a new, empty GATEHOUSE_DATA_DIR`);
    }
    mkdirSync(GATEHOUSE_DATA_DIR, { recursive: true });
    let opened: ReturnType<typeof openEmbedded>;
    try {
      opened = openEmbedded(GATEHOUSE_DATA_DIR, { loadDataDir: new Blob([readFileSync(file)]) });
    } catch (error) {
      refuseBusy(GATEHOUSE_DATA_DIR, "restore", error);
    }
    await opened.pglite.waitReady.finally(() => opened.close());
  }
  return { database: target, file, bytes: statSync(file).size, ms: performance.now() - started };
}
