// `npm run bench:api`: decisions per second through the production build on a real
// PostgreSQL, against the raw database doing the same writes (the limit), and against a
// route that does no database work at all (the framework's own ceiling); one agent
// calling in a loop (serial latency); the server's peak memory; and the same decisions on
// the embedded database (reported, no target).
//
// Env: BENCH_DATABASE_URL (a server to create a throwaway database on; default the
// local postgres), BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 50),
// BENCH_AGENTS (default 10), BENCH_WORKERS (server processes, as GATEHOUSE_WORKERS; default 1),
// BENCH_PORT (default 3390; the embedded run uses the next port), BENCH_DB_NAME (default
// gatehouse_bench), BENCH_EMBEDDED=0 to skip the embedded run.
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { BENCH_SERVER as SERVER, percentile, startProductionServer, stopServer, throwawayDatabase, watchRss } from "./harness";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PORT = Number(process.env.BENCH_PORT ?? 3390);
const DB_NAME = process.env.BENCH_DB_NAME ?? "gatehouse_bench";
/** Set in the child run that benchmarks the embedded database: the data folder. */
const EMBEDDED_DIR = process.env.BENCH_EMBEDDED_DIR;
const SHORT = Math.min(SECONDS, 10);

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: bench
spec:
  agents:
    names: ["bench-*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"], resources: ["orders/*"] }
      when: "params.amount <= 100"
      effect: allow
    - id: large-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
        expiresIn: 24h
  limits:
    - id: refund-rate
      type: rate
      match: { actions: ["refund.issue"] }
      max: 1000000000
      window: 1h
`;

async function seedAgents() {
  const { publishPolicyVersion } = await import("../lib/policy/store");
  const { createAgent, issueApiKey } = await import("../lib/agents/service");
  const actor = { type: "system" as const, label: "bench" };
  await publishPolicyVersion([{ path: "policies/bench.yaml", content: POLICY }], "bench", actor);
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    const agent = await createAgent({ name: `bench-agent-${i}` }, actor);
    const { key } = await issueApiKey({ agentId: agent.id }, actor);
    agents.push({ key, agentId: agent.id });
  }
  return agents;
}

/** The embedded database in a folder, migrated and seeded by the app's own code, then closed for the server to open. */
async function embeddedDatabase(dir: string) {
  delete process.env.DATABASE_URL;
  process.env.GATEHOUSE_DATA_DIR = dir;
  const { migrateDatabase } = await import("../lib/db/migrate");
  const { closeDatabase } = await import("../lib/db/client");
  await migrateDatabase();
  const agents = await seedAgents();
  await closeDatabase();
  return agents;
}

/** Each connection cycles through the agents' keys, as a fleet would. */
function runAutocannon(port: number, keys: string[], seconds: number, connections = CONNECTIONS) {
  const body = JSON.stringify({
    type: "refund.issue",
    resource: "orders/1234",
    params: { amount: 42, orderId: "1234" },
    context: { reasoning: "benchmark" },
  });
  return autocannon({
    url: `http://127.0.0.1:${port}/api/v1/actions`,
    connections,
    duration: seconds,
    timeout: 60, // a busy shared machine answers late; late is measured, not counted as an error
    requests: keys.map((key) => ({
      method: "POST" as const,
      path: "/api/v1/actions",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    })),
  });
}

/** The framework's ceiling: a route through the same wrapper (lib/http/route.ts) that touches no database. */
const runNoDatabase = (port: number, seconds: number) =>
  autocannon({ url: `http://127.0.0.1:${port}/api/health`, connections: CONNECTIONS, duration: seconds, timeout: 60 });

/** The same writes a decision makes, straight through pg: the ceiling for the API. */
async function rawSql(url: string, agentIds: string[], seconds: number, connections = CONNECTIONS) {
  const pool = new pg.Pool({ connectionString: url, max: Math.min(20, connections) });
  const latencies: number[] = [];
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const worker = async (w: number) => {
    for (let i = w; Date.now() < deadline; i++) {
      const agentId = agentIds[i % agentIds.length]!;
      const counter = `raw:rate:${agentId}`;
      const started = performance.now();
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(
          "SELECT id FROM kill_switches WHERE released_at IS NULL AND (scope = 'global' OR (scope = 'agent' AND agent_id = $1) OR (scope = 'action_type' AND action_type = $2))",
          [agentId, "refund.issue"],
        );
        await c.query("INSERT INTO limit_counters (key, window_start) VALUES ($1, $2) ON CONFLICT DO NOTHING", [counter, windowStart]);
        await c.query("SELECT count FROM limit_counters WHERE key = $1 AND window_start = $2 FOR UPDATE", [counter, windowStart]);
        await c.query("UPDATE limit_counters SET count = count + 1 WHERE key = $1 AND window_start = $2", [counter, windowStart]);
        const id = randomUUID();
        await c.query(
          "INSERT INTO actions (id, agent_id, type, resource, params, status, effect, decision, policy_version, decided_at) VALUES ($1, $2, 'refund.issue', 'orders/1234', $3, 'allowed', 'allow', $4, 1, now())",
          [id, agentId, JSON.stringify({ amount: 42 }), JSON.stringify({ effect: "allow", reasons: [] })],
        );
        for (const event of ["action.submitted", "policy.evaluated"]) {
          const canonical = `{"event":"${event}","id":"${id}"}`;
          await c.query(
            "INSERT INTO audit_entries (actor_type, actor_label, event_type, subject_type, subject_id, agent_id, canonical, payload_hash) VALUES ('agent', 'bench', $1, 'action', $2, $3, $4, $5)",
            // A real payload hash, as the API computes one, so the scheduled verification stays green.
            [event, id, agentId, canonical, createHash("sha256").update(canonical).digest("hex")],
          );
        }
        await c.query("COMMIT");
      } finally {
        c.release();
      }
      latencies.push(performance.now() - started);
      done++;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { perSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const row = (label: string, r: autocannon.Result) => ({
  path: label,
  "decisions/s": Math.round(r.requests.average),
  "p50 ms": r.latency.p50,
  "p99 ms": r.latency.p99,
  errors: r.non2xx + r.errors,
});
const rawRow = (label: string, r: Awaited<ReturnType<typeof rawSql>>) => ({
  path: label,
  "decisions/s": Math.round(r.perSecond),
  "p50 ms": +r.p50.toFixed(2),
  "p99 ms": +r.p99.toFixed(2),
  errors: 0,
});
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

if (EMBEDDED_DIR) {
  // The child run: the embedded database, API only (its baseline would be PGlite itself, in this process).
  const keys = (await embeddedDatabase(EMBEDDED_DIR)).map((a) => a.key);
  const server = await startProductionServer(PORT, undefined, { GATEHOUSE_DATA_DIR: EMBEDDED_DIR });
  try {
    await runAutocannon(PORT, keys, 3);
    const stopRss = watchRss(server.pid!);
    const fleet = await runAutocannon(PORT, keys, SHORT);
    const single = await runAutocannon(PORT, keys.slice(0, 1), SHORT);
    const serial = await runAutocannon(PORT, keys.slice(0, 1), SHORT, 1);
    const rows = [row(`embedded, ${AGENTS} agents`, fleet), row("embedded, 1 agent", single), row("embedded, 1 agent in a loop", serial)];
    console.log(JSON.stringify({ rows, rss: stopRss() }));
  } finally {
    await stopServer(server);
  }
  process.exit(0);
}

const { url, seeded: agents, drop } = await throwawayDatabase(DB_NAME, seedAgents);
const keys = agents.map((a) => a.key);
const ids = agents.map((a) => a.agentId);
const server = await startProductionServer(PORT, url, {}, { workers: WORKERS > 1 ? WORKERS : undefined });
try {
  await runAutocannon(PORT, keys, 3); // warm-up: JIT, connection pool, policy and key caches
  await runNoDatabase(PORT, 2);
  const stopRss = watchRss(server.pid!);
  const noDatabase = await runNoDatabase(PORT, SHORT);
  const fleet = await runAutocannon(PORT, keys, SECONDS);
  const fleetRaw = await rawSql(url, ids, SHORT);
  const single = await runAutocannon(PORT, keys.slice(0, 1), SHORT);
  const singleRaw = await rawSql(url, ids.slice(0, 1), SHORT);
  const serial = await runAutocannon(PORT, keys.slice(0, 1), SHORT, 1);
  const serialRaw = await rawSql(url, ids.slice(0, 1), SHORT, 1);
  const rss = stopRss();
  await stopServer(server);

  let embedded: { rows: ReturnType<typeof row>[]; rss: number } | undefined;
  if (process.env.BENCH_EMBEDDED !== "0") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-"));
    const child = spawnSync(process.execPath, ["--import", "tsx", "bench/api.ts"], {
      env: { ...process.env, BENCH_EMBEDDED_DIR: dir, BENCH_PORT: String(PORT + 1) },
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
    });
    rmSync(dir, { recursive: true, force: true });
    const last = child.stdout.trim().split("\n").at(-1) ?? "";
    if (child.status === 0 && last.startsWith("{")) embedded = JSON.parse(last);
    else console.error(`The embedded run failed (exit ${child.status}): ${last}`);
  }

  console.log(
    `\nDecision API benchmark — ${CONNECTIONS} connections, PostgreSQL ${SERVER.replace(/\/\/[^@]*@/, "//")}, ${os.cpus().length} cores, ` +
      `${WORKERS} server process${WORKERS > 1 ? "es" : ""}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}\n`,
  );
  console.table([
    row("no database: GET /api/health (requests/s)", noDatabase),
    row(`API, ${AGENTS} agents`, fleet),
    rawRow(`raw SQL, ${AGENTS} agents`, fleetRaw),
    row("API, 1 agent (one hot counter row)", single),
    rawRow("raw SQL, 1 agent", singleRaw),
    row("API, 1 agent in a loop", serial),
    rawRow("raw SQL, 1 agent in a loop", serialRaw),
    ...(embedded?.rows ?? []),
  ]);
  console.log(`Server RSS, peak under load: ${mb(rss)} (PostgreSQL)${embedded ? `, ${mb(embedded.rss)} (embedded)` : ""}`);
  console.log(`Serial: p50 ${serial.latency.p50} ms, p99 ${serial.latency.p99} ms (raw SQL: p50 ${serialRaw.p50.toFixed(2)} ms)`);
  console.log(
    `API throughput: ${((fleet.requests.average / fleetRaw.perSecond) * 100).toFixed(0)}% of raw SQL with ${AGENTS} agents, ${((single.requests.average / singleRaw.perSecond) * 100).toFixed(0)}% with 1 agent.`,
  );
} finally {
  await stopServer(server);
  await drop();
}
