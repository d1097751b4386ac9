import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";

// Three replicas starting at once against a new database migrate it exactly once: the
// first takes the migration lock and applies everything, the two others wait for it and
// find nothing left to do (none of them fails). PostgreSQL only: the embedded database
// admits one process.

const run = promisify(execFile);
const serverUrl = inject("databaseUrl");
const MIGRATIONS = readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());

function urlOf(database: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const name = `gatehouse_replicas_${process.pid}_${Date.now().toString(36)}`;

afterAll(async () => {
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe.runIf(serverUrl)("three replicas start at once on a new database", () => {
  it("migrates it once; the others wait and find it up to date", { timeout: 180_000 }, async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();

    // Hold the lock until all three processes queue on it, so they really start together.
    const gate = new pg.Client({ connectionString: urlOf(name) });
    await gate.connect();
    await gate.query("SELECT pg_advisory_lock(hashtext('gatehouse.migrate'))");
    const env = { ...process.env, DATABASE_URL: urlOf(name) };
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    const replicas = [1, 2, 3].map(() => run(tsx, ["scripts/db-migrate.ts"], { env, timeout: 170_000 }));
    const waiting = async () =>
      Number(
        (
          await gate.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)",
            [name],
          )
        ).rows[0]!.n,
      );
    await expect.poll(waiting, { timeout: 120_000, interval: 250 }).toBe(3);
    await gate.query("SELECT pg_advisory_unlock(hashtext('gatehouse.migrate'))");
    await gate.end();

    const outputs = (await Promise.all(replicas)).map((r) => r.stdout);
    expect(outputs.filter((o) => o.startsWith(`Applied ${MIGRATIONS.length} migration(s)`))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes("already up to date"))).toHaveLength(2);

    const check = new pg.Client({ connectionString: urlOf(name) });
    await check.connect();
    const { rows } = await check.query<{ migration_name: string; applied_steps_count: number }>(
      "SELECT migration_name, applied_steps_count FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    await check.end();
    expect(rows.map((r) => r.migration_name)).toEqual(MIGRATIONS.map((d) => d.name).sort());
    expect(rows.every((r) => r.applied_steps_count === 1)).toBe(true);
  });
});
