// `npm run bench:api`: decisions per second through the production build on a real
// PostgreSQL, against the raw database doing the same writes (the limit).
//
// Env: BENCH_DATABASE_URL (a server to create a throwaway database on; default the
// local postgres), BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 50).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = 3390;
const DB_NAME = "gatehouse_bench";

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

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function dbUrl() {
  const url = new URL(SERVER);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function prepare() {
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  process.env.DATABASE_URL = dbUrl();
  const { migrateDatabase } = await import("../lib/db/migrate");
  const { closeDatabase } = await import("../lib/db/client");
  const { publishPolicyVersion } = await import("../lib/policy/store");
  const { createAgent, issueApiKey } = await import("../lib/agents/service");
  const actor = { type: "system" as const, label: "bench" };
  await migrateDatabase();
  await publishPolicyVersion([{ path: "policies/bench.yaml", content: POLICY }], "bench", actor);
  const agent = await createAgent({ name: "bench-agent" }, actor);
  const { key } = await issueApiKey({ agentId: agent.id }, actor);
  await closeDatabase();
  return { key, agentId: agent.id };
}

async function startServer() {
  if (!existsSync(".next/BUILD_ID")) spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...process.env, DATABASE_URL: dbUrl(), NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret!", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/ready`).then((r) => r.ok).catch(() => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error("server did not become ready");
}

function runAutocannon(key: string, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${PORT}/api/v1/actions`,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "refund.issue", resource: "orders/1234", params: { amount: 42, orderId: "1234" }, context: { reasoning: "benchmark" } }),
  });
}

/** The same writes a decision makes, straight through pg: the ceiling for the API. */
async function rawSql(agentId: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: dbUrl(), max: 20 });
  const latencies: number[] = [];
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query("SELECT id FROM kill_switches WHERE released_at IS NULL AND (scope = 'global' OR (scope = 'agent' AND agent_id = $1) OR (scope = 'action_type' AND action_type = $2))", [agentId, "refund.issue"]);
        await c.query("INSERT INTO limit_counters (key, window_start) VALUES ($1, $2) ON CONFLICT DO NOTHING", ["raw:rate", windowStart]);
        await c.query("SELECT count FROM limit_counters WHERE key = $1 AND window_start = $2 FOR UPDATE", ["raw:rate", windowStart]);
        await c.query("UPDATE limit_counters SET count = count + 1 WHERE key = $1 AND window_start = $2", ["raw:rate", windowStart]);
        const id = randomUUID();
        await c.query(
          "INSERT INTO actions (id, agent_id, type, resource, params, status, effect, decision, policy_version, decided_at) VALUES ($1, $2, 'refund.issue', 'orders/1234', $3, 'allowed', 'allow', $4, 1, now())",
          [id, agentId, JSON.stringify({ amount: 42 }), JSON.stringify({ effect: "allow", reasons: [] })],
        );
        for (const event of ["action.submitted", "policy.evaluated"]) {
          await c.query(
            "INSERT INTO audit_entries (actor_type, actor_label, event_type, subject_type, subject_id, agent_id, canonical, payload_hash) VALUES ('agent', 'bench', $1, 'action', $2, $3, $4, $5)",
            [event, id, agentId, `{"event":"${event}"}`, "0".repeat(64)],
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
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await pool.end();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { perSecond: done / seconds, p50: pct(50), p99: pct(99) };
}

const { key, agentId } = await prepare();
const server = await startServer();
try {
  await runAutocannon(key, 3); // warm-up: JIT, connection pool, policy cache
  const api = await runAutocannon(key, SECONDS);
  const raw = await rawSql(agentId, Math.min(SECONDS, 10));
  const non2xx = api.non2xx + api.errors;
  console.log(`\nDecision API benchmark — ${CONNECTIONS} connections, ${SECONDS} s, PostgreSQL ${SERVER.replace(/\/\/[^@]*@/, "//")}, ${(await import("node:os")).cpus().length} cores\n`);
  console.table([
    { path: "POST /api/v1/actions (next start)", "decisions/s": Math.round(api.requests.average), "p50 ms": api.latency.p50, "p99 ms": api.latency.p99, errors: non2xx },
    { path: "raw SQL, same writes (pg)", "decisions/s": Math.round(raw.perSecond), "p50 ms": +raw.p50.toFixed(2), "p99 ms": +raw.p99.toFixed(2), errors: 0 },
  ]);
  console.log(`API throughput is ${((api.requests.average / raw.perSecond) * 100).toFixed(0)}% of the raw-SQL rate.`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
}
