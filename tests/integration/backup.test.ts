import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { embeddedFiles } from "@/lib/db/embedded";
import { makeAgent } from "@/lib/testing/factories";

// `gatehouse backup FILE` and `gatehouse restore FILE`, as an operator runs them, on the
// database of this run: PostgreSQL while this process keeps its connections open, or the
// embedded database, which this process holds (so the backup must refuse, saying why).

const run = promisify(execFile);
const serverUrl = inject("databaseUrl");
const scratch = mkdtempSync(path.join(os.tmpdir(), "gatehouse-backup-"));
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** The CLI in a child process with `env`; resolves with its exit code and output, never throws. */
async function gatehouse(args: string[], env: Record<string, string | undefined>) {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return run(tsx, ["scripts/gatehouse.ts", ...args], { env: childEnv, timeout: 280_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe.runIf(serverUrl)("on PostgreSQL", () => {
  it(
    "backs up while the database serves and restores into a new database, refusing one that is not empty",
    { timeout: 600_000 },
    async () => {
      const agent = await makeAgent();
      const file = path.join(scratch, "pg.dump");
      const backup = await gatehouse(["backup", file], {});
      expect(backup.stderr).toBe("");
      expect(backup.stdout).toMatch(/^Backed up PostgreSQL \(DATABASE_URL\) to .*pg\.dump/);

      const name = `gatehouse_restore_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      cleanups.push(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end()));
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;

      const restore = await gatehouse(["restore", file], { DATABASE_URL: url.toString() });
      expect(restore.code).toBe(0);
      const restored = new pg.Client({ connectionString: url.toString() });
      await restored.connect();
      const { rows } = await restored.query("SELECT name FROM agents WHERE id = $1", [agent.id]).finally(() => restored.end());
      expect(rows).toEqual([{ name: agent.name }]);

      const again = await gatehouse(["restore", file], { DATABASE_URL: url.toString() });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/is not empty .*restore into a new database/);
    },
  );
});

describe.runIf(!serverUrl)("on the embedded database", () => {
  it("refuses to back up a data folder another process holds, and says why", { timeout: 300_000 }, async () => {
    const backup = await gatehouse(["backup", path.join(scratch, "held.tgz")], {});
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain(`while another Gatehouse process (pid ${process.pid}) holds it`);
    expect(backup.stderr).toContain("not a consistent snapshot");
  });

  it("backs up a stopped database and restores it into a new data folder, refusing one in use", { timeout: 600_000 }, async () => {
    // A small database of its own (backup and restore do not migrate), made and read in this process.
    const source = { DATABASE_URL: undefined, GATEHOUSE_DATA_DIR: path.join(scratch, "source") };
    const target = { DATABASE_URL: undefined, GATEHOUSE_DATA_DIR: path.join(scratch, "target") };
    mkdirSync(source.GATEHOUSE_DATA_DIR);
    const made = new PGlite(embeddedFiles(source.GATEHOUSE_DATA_DIR));
    await made.exec("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('backed up')");
    await made.close();

    const file = path.join(scratch, "embedded.tgz");
    const backup = await gatehouse(["backup", file], source);
    expect(backup.stdout).toMatch(/^Backed up the embedded database to /);
    expect((await gatehouse(["restore", file], target)).code).toBe(0);
    const again = await gatehouse(["restore", file], target);
    expect(again.stderr).toContain("already holds an embedded database");

    const restored = new PGlite(embeddedFiles(target.GATEHOUSE_DATA_DIR));
    const { rows } = await restored.query("SELECT note FROM kept").finally(() => restored.close());
    expect(rows).toEqual([{ note: "backed up" }]);
  });
});
