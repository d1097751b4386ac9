import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

// PGlite is a single-process database: two processes on one data folder would corrupt
// it. A pid file claims the folder; a second process gets a clear refusal instead.

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Gatehouse process (pid ${pid}). ` +
        "Stop that process first, or set DATABASE_URL to use a PostgreSQL server, which any number of processes can share.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function claim(dataDir: string) {
  const pidFile = path.join(dataDir, "gatehouse.pid");
  let owner = NaN;
  try {
    owner = Number(readFileSync(pidFile, "utf8"));
  } catch {
    // no claim yet
  }
  if (owner && owner !== process.pid && isAlive(owner)) throw new EmbeddedDatabaseBusyError(dataDir, owner);
  writeFileSync(pidFile, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(pidFile, "utf8")) === process.pid) rmSync(pidFile);
    } catch {
      // already gone
    }
  };
}

/** The PostgreSQL files of the embedded database in a data folder. */
export const embeddedFiles = (dataDir: string) => path.join(dataDir, "pgdata");

/** Opens (or creates) the embedded database; `loadDataDir`: a new one from a backup (lib/db/backup.ts). */
export function openEmbedded(dataDir: string, { loadDataDir }: { loadDataDir?: Blob } = {}) {
  const release = claim(dataDir);
  const pglite = new PGlite(embeddedFiles(dataDir), { loadDataDir });
  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= pglite
      .close()
      .catch(() => undefined)
      .finally(release);
    return closing;
  };
  process.once("exit", release);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void shutdown().finally(() => process.exit(0)));
  }
  return { adapter: new PrismaPGlite(pglite), pglite, close: shutdown };
}
