// `npm run drill:restore`: the restore drill. A console on a fresh PostgreSQL database
// serves agents that post decisions (light load); `gatehouse backup` runs while they do;
// the backup is restored into another fresh database with `gatehouse restore`; a second
// console starts on it. Then it checks that `audit:verify` passes on the restored trail,
// that its latest signed checkpoint is the source's, byte for byte, and that no decision
// acknowledged before the backup started is missing; and prints the RPO and RTO it
// measured. Exit 1 on any miss. Databases are created on the server the benchmarks use
// (BENCH_DATABASE_URL, default the local postgres) and dropped after; the consoles listen
// on DRILL_PORT and DRILL_PORT+1. Needs the production build (made when missing).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { GatehouseClient } from "../../lib/client/gatehouse-client";
import { benchDatabaseUrl, startProductionServer, stopServer, throwawayDatabase } from "../../bench/harness";
import { seedDrill, sleep } from "./drill";

const run = promisify(execFile);
const PORT = Number(process.env.DRILL_PORT ?? 3396);
const AGENTS = 4;
const DRILL_ACTION = "drill.ping";
/** Decisions acknowledged before the backup starts: what the drill then looks for in the restore. */
const BEFORE_BACKUP = 40;
const stamp = `${process.pid}_${Date.now().toString(36)}`;
const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: drill
spec:
  agents:
    names: ["drill-*"]
  rules:
    - id: pings
      match: { actions: ["${DRILL_ACTION}"] }
      effect: allow
`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return (await client.query<T>(sql, params).finally(() => client.end())).rows;
}

async function cli(script: string, args: string[], databaseUrl: string) {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  return run(tsx, [script, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });
}

const latestCheckpoint = async (url: string) =>
  (
    await query<{ tree_size: string; note: string }>(
      url,
      "SELECT tree_size::text, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1",
    )
  )[0];

/** Agents posting decisions until stopped; every acknowledged one is kept with the time its answer came. */
function startLoad(baseUrl: string, keys: string[]) {
  const acknowledged: { id: string; at: number }[] = [];
  let running = true;
  let failures = 0;
  const agents = keys.map(async (apiKey, a) => {
    const client = new GatehouseClient({ baseUrl, apiKey, timeoutMs: 30_000 });
    for (let n = 0; running; n++) {
      try {
        const action = await client.submitAction({ type: DRILL_ACTION, resource: `drill/${a}/${n}`, params: { n } });
        acknowledged.push({ id: action.id, at: Date.now() });
      } catch {
        failures++;
      }
      await sleep(100);
    }
  });
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await Promise.all(agents);
      return failures;
    },
  };
}

const problems: string[] = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), "gatehouse-drill-"));
const file = path.join(scratch, "gatehouse.dump");
const targetName = `gatehouse_drill_restored_${stamp}`;
const targetUrl = benchDatabaseUrl(targetName);

const source = await throwawayDatabase(`gatehouse_drill_source_${stamp}`, async () => (await seedDrill(POLICY, AGENTS)).keys);
const servers = [await startProductionServer(PORT, source.url)];
try {
  const load = startLoad(`http://127.0.0.1:${PORT}`, source.seeded);
  const warmUp = Date.now() + 180_000;
  while (load.acknowledged.length < BEFORE_BACKUP && Date.now() < warmUp) await sleep(250);
  const checkpointBefore = await latestCheckpoint(source.url);
  const backupStarted = Date.now();
  const backup = await cli("scripts/gatehouse.ts", ["backup", file], source.url);
  const backupEnded = Date.now();
  await sleep(2_000);
  const loadFailures = await load.stop();
  console.log(backup.stdout.trim());

  const restoreStarted = Date.now();
  await query(benchDatabaseUrl("postgres"), `CREATE DATABASE "${targetName}"`);
  await cli("scripts/gatehouse.ts", ["restore", file], targetUrl);
  const restored = Date.now();
  const checkpointRestored = await latestCheckpoint(targetUrl);
  servers.push(await startProductionServer(PORT + 1, targetUrl));
  const serving = Date.now();
  const verify = await cli("scripts/audit-verify.ts", [], targetUrl).catch((e: { stdout: string }) => {
    problems.push(`audit:verify failed on the restored database:\n${e.stdout}`);
    return e;
  });
  const verified = Date.now();

  // The checkpoint: the restored database's newest is one the source signed, identical, and no older than the one before the backup.
  const sourceNote = checkpointRestored
    ? (
        await query<{ note: string }>(source.url, "SELECT note FROM audit_checkpoints WHERE tree_size = $1", [checkpointRestored.tree_size])
      )[0]?.note
    : undefined;
  if (!checkpointRestored || sourceNote !== checkpointRestored.note)
    problems.push(`the restored latest checkpoint (size ${checkpointRestored?.tree_size}) is not the source's checkpoint of that size`);
  if (checkpointBefore && Number(checkpointRestored?.tree_size ?? 0) < Number(checkpointBefore.tree_size))
    problems.push(
      `the restored latest checkpoint (size ${checkpointRestored?.tree_size}) is older than the one before the backup (${checkpointBefore.tree_size})`,
    );

  // Decisions: every one acknowledged before the backup started is in the restore.
  const ids = load.acknowledged.map((a) => a.id);
  const present = new Set(
    (await query<{ id: string }>(targetUrl, "SELECT id::text FROM actions WHERE id = ANY($1::uuid[])", [ids])).map((r) => r.id),
  );
  const before = load.acknowledged.filter((a) => a.at < backupStarted);
  const missing = before.filter((a) => !present.has(a.id));
  if (before.length < BEFORE_BACKUP)
    problems.push(`only ${before.length} decisions were acknowledged before the backup (want ${BEFORE_BACKUP})`);
  if (missing.length)
    problems.push(`${missing.length} of ${before.length} decisions acknowledged before the backup are missing: ${missing[0]!.id}…`);
  const inBackup = load.acknowledged.filter((a) => present.has(a.id));
  const snapshotAt = Math.max(...inBackup.map((a) => a.at));
  const after = load.acknowledged.filter((a) => !present.has(a.id));

  // The restored console serves an agent what it decided before the backup.
  const probe = new GatehouseClient({ baseUrl: `http://127.0.0.1:${PORT + 1}`, apiKey: source.seeded[0]! });
  const mine = (
    await query<{ id: string }>(
      targetUrl,
      "SELECT a.id::text FROM actions a JOIN agents g ON g.id = a.agent_id WHERE g.name = 'drill-agent-0' LIMIT 1",
    )
  )[0];
  if (!mine || (await probe.getAction(mine.id).catch(() => null))?.id !== mine.id)
    problems.push("the restored console does not serve a restored decision");

  console.log(
    [
      "",
      `Restore drill: ${load.acknowledged.length} decisions acknowledged under load (${AGENTS} agents; ${loadFailures} failed requests),`,
      `  ${before.length} before the backup started, all checked in the restore; ${after.length} acknowledged after its snapshot (not in it, as expected).`,
      `  Latest signed checkpoint: size ${checkpointRestored?.tree_size}, identical in source and restore (${checkpointBefore?.tree_size ?? "none"} before the backup).`,
      `  audit:verify on the restore: ${"stdout" in verify ? verify.stdout.trim().split("\n").at(-1) : "FAILED"}`,
      `RPO measured: ${seconds(backupEnded - snapshotAt)}: the newest decision in the backup was acknowledged that long before the backup`,
      `  finished (backup took ${seconds(backupEnded - backupStarted)}); with a backup every H hours, the worst case is H plus this.`,
      `RTO measured: ${seconds(verified - restoreStarted)}: restore ${seconds(restored - restoreStarted)}, console ready ${seconds(serving - restored)},`,
      `  audit trail verified ${seconds(verified - serving)}.`,
      problems.length
        ? `\nFAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`
        : "\nOK: nothing acknowledged before the backup is missing.",
    ].join("\n"),
  );
} finally {
  for (const server of servers) await stopServer(server);
  await source.drop();
  await query(benchDatabaseUrl("postgres"), `DROP DATABASE IF EXISTS "${targetName}" WITH (FORCE)`);
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = problems.length ? 1 : 0;
