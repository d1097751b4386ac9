import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";

// Three replicas starting at once against a new database migrate it exactly once: the
// first takes the migration lock and applies everything, the two others wait for it and
// find nothing left to do (none of them fails). And three replicas doing the rest of a
// server's start-up work at the same moment all finish it (the job queue's set-up
// deadlocked when run concurrently). PostgreSQL only: the embedded database admits one process.

const run = promisify(execFile);
const serverUrl = inject("databaseUrl");
const MIGRATIONS = readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());

function urlOf(database: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connections of `database` waiting for an advisory lock. */
async function waitingOn(client: pg.Client, database: string) {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)",
    [database],
  );
  return rows[0]!.n;
}

const name = `gatehouse_replicas_${process.pid}_${Date.now().toString(36)}`;
const startName = `${name}_start`;
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

afterAll(async () => {
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const database of [name, startName]) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
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
    const replicas = [1, 2, 3].map(() => run(tsx, ["scripts/db-migrate.ts"], { env, timeout: 170_000 }));
    await expect.poll(() => waitingOn(gate, name), { timeout: 120_000, interval: 250 }).toBe(3);
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

  it("all three finish the rest of their start-up work when they do it at the same moment", { timeout: 180_000 }, async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${startName}"`);
    await admin.end();
    const env = { ...process.env, DATABASE_URL: urlOf(startName), LOG_LEVEL: "error", GATEHOUSE_ADMIN_PASSWORD: "replica-password-123" };
    await run(tsx, ["scripts/db-migrate.ts"], { env, timeout: 120_000 });

    // The replicas wait on a gate held here until all three are ready, then start together.
    // The race is a matter of timing, so it is run three times, each on a job queue not yet set up.
    const gate = new pg.Client({ connectionString: urlOf(startName) });
    await gate.connect();
    for (let round = 1; round <= 3; round++) {
      await gate.query("DROP SCHEMA IF EXISTS pgboss CASCADE");
      await gate.query("SELECT pg_advisory_lock(hashtext('test.start-gate'))");
      const replicas = [1, 2, 3].map(() =>
        run(tsx, ["tests/integration/processes/start-replica.ts"], { env: { ...env, START_GATE: "test.start-gate" }, timeout: 170_000 }),
      );
      await expect.poll(() => waitingOn(gate, startName), { timeout: 120_000, interval: 100 }).toBe(3);
      await gate.query("SELECT pg_advisory_unlock(hashtext('test.start-gate'))");
      const started = await Promise.allSettled(replicas);
      expect(
        started.map((s) => (s.status === "rejected" ? String((s.reason as Error & { stderr?: string }).stderr) : "started")),
        `round ${round}`,
      ).toEqual(["started", "started", "started"]);
    }
    await gate.end();
    const check = new pg.Client({ connectionString: urlOf(startName) });
    await check.connect();
    const queues = await check.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.queue");
    const admins = await check.query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    await check.end();
    expect(queues.rows[0]!.n).toBeGreaterThan(0);
    expect(admins.rows[0]!.n).toBe(1);
  });
});
