// `npm run bench:api`: decisions per second through the production build on a real
// PostgreSQL, against the raw database doing the same writes (the limit).
//
// Env: BENCH_DATABASE_URL (a server to create a throwaway database on; default the
// local postgres), BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 50).
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { BENCH_SERVER as SERVER, percentile, startProductionServer, stopServer, throwawayDatabase } from "./harness";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 10);
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

async function prepare() {
  return throwawayDatabase(DB_NAME, async () => {
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
  });
}

/** Each connection cycles through the agents' keys, as a fleet would. */
function runAutocannon(keys: string[], seconds: number) {
  const body = JSON.stringify({
    type: "refund.issue",
    resource: "orders/1234",
    params: { amount: 42, orderId: "1234" },
    context: { reasoning: "benchmark" },
  });
  return autocannon({
    url: `http://127.0.0.1:${PORT}/api/v1/actions`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: keys.map((key) => ({
      method: "POST" as const,
      path: "/api/v1/actions",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    })),
  });
}

/** The same writes a decision makes, straight through pg: the ceiling for the API. */
async function rawSql(agentIds: string[], seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
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
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { perSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const { url, seeded: agents, drop } = await prepare();
const keys = agents.map((a) => a.key);
const ids = agents.map((a) => a.agentId);
const server = await startProductionServer(PORT, url);
try {
  await runAutocannon(keys, 3); // warm-up: JIT, connection pool, policy cache
  const fleet = await runAutocannon(keys, SECONDS);
  const fleetRaw = await rawSql(ids, Math.min(SECONDS, 10));
  const single = await runAutocannon(keys.slice(0, 1), Math.min(SECONDS, 10));
  const singleRaw = await rawSql(ids.slice(0, 1), Math.min(SECONDS, 10));
  console.log(
    `\nDecision API benchmark — ${CONNECTIONS} connections, PostgreSQL ${SERVER.replace(/\/\/[^@]*@/, "//")}, ${(await import("node:os")).cpus().length} cores\n`,
  );
  const row = (path: string, r: autocannon.Result) => ({
    path,
    "decisions/s": Math.round(r.requests.average),
    "p50 ms": r.latency.p50,
    "p99 ms": r.latency.p99,
    errors: r.non2xx + r.errors,
  });
  const rawRow = (path: string, r: Awaited<ReturnType<typeof rawSql>>) => ({
    path,
    "decisions/s": Math.round(r.perSecond),
    "p50 ms": +r.p50.toFixed(2),
    "p99 ms": +r.p99.toFixed(2),
    errors: 0,
  });
  console.table([
    row(`API, ${AGENTS} agents`, fleet),
    rawRow(`raw SQL, ${AGENTS} agents`, fleetRaw),
    row("API, 1 agent (one hot counter row)", single),
    rawRow("raw SQL, 1 agent", singleRaw),
  ]);
  console.log(
    `API throughput: ${((fleet.requests.average / fleetRaw.perSecond) * 100).toFixed(0)}% of raw SQL with ${AGENTS} agents, ${((single.requests.average / singleRaw.perSecond) * 100).toFixed(0)}% with 1 agent.`,
  );
} finally {
  await stopServer(server);
  await drop();
}
