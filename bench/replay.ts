// `npm run bench:replay`: a draft replayed against BENCH_ACTIONS recorded actions (default
// 1,000,000 over the last 7 days, 10 agents, refunds and replies, some halted, some let
// through by a standing approval) in a throwaway PostgreSQL database. Baseline, in the
// same run: reading the same rows by the same means (one COPY stream, each row decoded into
// the recorded action the replay evaluates) and doing nothing with them. For comparison, the
// same rows read by keyset batches through the driver (the embedded database's path, and how
// PostgreSQL was read before). Each line gives the Node process's CPU time per action too
// (process.cpuUsage), which other work on the machine inflates far less than wall time.
// Exits non-zero when the replay misses TARGET. BENCH_KEEP=1 keeps the database afterwards,
// to look at the query plans.
import os from "node:os";
import path from "node:path";
import { throwawayDatabase } from "./harness";

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 1_000_000);
const TARGET = 50_000; // actions replayed per second (issue #9)
process.env.LOG_LEVEL = "warn";

const seed = async () => {
  const { ensureInitialPolicies } = await import("../lib/policy/store");
  const { db } = await import("../lib/db/client");
  await ensureInitialPolicies(path.resolve("policies"));
  // Decisions as the live set recorded them: the rule that decided, the counters it read (with their values then).
  await db().$executeRawUnsafe(`
    INSERT INTO agents (id, name, webhook_secret, updated_at)
    SELECT gen_random_uuid(), 'support-bench-' || g, 'x', now() FROM generate_series(0, 9) g`);
  await db().$executeRawUnsafe(`
    WITH agent_list AS (SELECT array_agg(id ORDER BY name) AS ids, array_agg(name ORDER BY name) AS names FROM agents),
    base AS (
      SELECT g, (SELECT ids[1 + g % 10] FROM agent_list) AS agent_id, (SELECT names[1 + g % 10] FROM agent_list) AS agent,
             CASE WHEN g % 10 = 9 THEN 'ticket.reply' ELSE 'refund.issue' END AS type,
             ((g::bigint * 7919) % 1500 + 1)::int AS amount,
             now() - (g * (604000.0 / ${ACTIONS})) * interval '1 second' AS at
      FROM generate_series(1, ${ACTIONS}) g),
    decided AS (
      SELECT *, CASE WHEN g % 997 = 0 THEN 'halted' WHEN type = 'ticket.reply' OR amount <= 100 THEN 'allowed'
                     WHEN g % 101 = 0 THEN 'allowed' ELSE 'pending' END AS status,
             CASE WHEN type = 'ticket.reply' THEN 'reply-to-customers' WHEN amount <= 100 THEN 'small-refunds'
                  WHEN amount <= 1000 THEN 'large-refunds' ELSE 'very-large-refunds' END AS rule
      FROM base)
    INSERT INTO actions (id, agent_id, type, resource, params, cost_amount, cost_currency, status, effect, decision, counter_usage, policy_version, created_at, decided_at)
    SELECT gen_random_uuid(), agent_id, type, CASE WHEN type = 'ticket.reply' THEN 'tickets/' ELSE 'orders/' END || g,
           jsonb_build_object('amount', amount), CASE WHEN type = 'refund.issue' THEN amount END, CASE WHEN type = 'refund.issue' THEN 'USD' END,
           status::"ActionStatus", (CASE WHEN status = 'halted' THEN 'deny' WHEN rule IN ('reply-to-customers', 'small-refunds') THEN 'allow' ELSE 'require_approval' END)::"DecisionEffect",
           jsonb_build_object(
             'effect', CASE WHEN status = 'halted' THEN 'deny' WHEN rule IN ('reply-to-customers', 'small-refunds') THEN 'allow' ELSE 'require_approval' END,
             'policy', CASE WHEN status = 'halted' THEN NULL ELSE 'customer-support' END, 'rule', CASE WHEN status = 'halted' THEN NULL ELSE rule END,
             'reasons', CASE WHEN status = 'allowed' AND rule IN ('large-refunds', 'very-large-refunds') THEN '[{"kind":"standing_approval","id":"s","policy":null,"effect":"allow","message":"auto-approved"}]'::jsonb ELSE '[]'::jsonb END,
             'limits', CASE WHEN type = 'refund.issue' THEN jsonb_build_array(
               jsonb_build_object('policy', 'baseline', 'id', 'actions-per-minute', 'type', 'rate', 'exceeded', false, 'message', 'ok',
                 'counter', 'rate:baseline/actions-per-minute:60s:agent=' || agent, 'used', g % 50, 'max', 600),
               jsonb_build_object('policy', 'customer-support', 'id', 'refunds-per-hour', 'type', 'rate', 'exceeded', false, 'message', 'ok',
                 'counter', 'rate:customer-support/refunds-per-hour:3600s:agent=' || agent, 'used', g % 20, 'max', 20),
               jsonb_build_object('policy', 'customer-support', 'id', 'daily-refund-budget', 'type', 'budget', 'exceeded', false, 'message', 'ok',
                 'counter', 'budget:customer-support/daily-refund-budget:day:agent=' || agent || ';currency=USD', 'used', 0, 'max', 2000))
               ELSE '[]'::jsonb END,
             'approval', CASE WHEN rule IN ('large-refunds', 'very-large-refunds') THEN '{"steps":[{"approvers":{"roles":["approver","admin"],"users":[],"groups":[]}}]}'::jsonb END),
           CASE WHEN status = 'halted' THEN NULL WHEN type = 'refund.issue' THEN jsonb_build_object(
             'rate:baseline/actions-per-minute:60s:agent=' || agent, jsonb_build_object('count', g % 50, 'amount', 0),
             'rate:customer-support/refunds-per-hour:3600s:agent=' || agent, jsonb_build_object('count', g % 20, 'amount', 0),
             'budget:customer-support/daily-refund-budget:day:agent=' || agent || ';currency=USD', jsonb_build_object('count', 0, 'amount', 0))
             ELSE '{}'::jsonb END,
           1, at, at
    FROM decided`);
  await db().$executeRawUnsafe(`ANALYZE actions`);
};

const { url, drop } = await throwawayDatabase("gatehouse_bench_replay", seed);
process.env.DATABASE_URL = url;
const { readFile } = await import("node:fs/promises");
const { compileOrThrow } = await import("../lib/policy/store");
const { keysetBatches, recordedRows, replayAgents, replayPolicySet, replayScope, rowDecoder } = await import("../lib/policy/replay-store");
const { closeDatabase } = await import("../lib/db/client");
try {
  const files = await Promise.all(
    ["baseline", "customer-support", "data-analysis", "devops"].map(async (name) => ({
      path: `policies/${name}.yaml`,
      content: await readFile(`policies/${name}.yaml`, "utf8"),
    })),
  );
  const draft = files.map((f) => ({
    ...f,
    content: f.content.replace("params.amount <= 100", "params.amount <= 50").replace("params.amount > 100 &&", "params.amount > 50 &&"),
  }));
  const set = compileOrThrow(draft);
  const filters = { days: 7 };
  const now = new Date();

  const { where } = await replayScope(filters, now);
  const decode = rowDecoder(await replayAgents());
  const cpuMicros = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return used.user + used.system;
  };
  const readAll = async (rows: AsyncGenerator<(string | null)[][]>) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    let n = 0;
    for await (const batch of rows) for (const row of batch) if (decode(row).id) n++;
    return { n, ms: performance.now() - t, cpu: cpuMicros(cpu) };
  };
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  const loadBefore = load();

  // Baseline: the replay's own read (COPY stream, rows decoded), nothing done with the rows.
  const baseline = await readAll(recordedRows(where));
  const keyset = await readAll(keysetBatches(where));

  const cpu = process.cpuUsage();
  const t = performance.now();
  const report = await replayPolicySet(set, filters, { now });
  const replay = { n: report.total + report.halted + report.standing.total, ms: performance.now() - t, cpu: cpuMicros(cpu) };

  const perSecond = ({ n, ms }: { n: number; ms: number }) => n / (ms / 1000);
  const line = (step: string, run: { n: number; ms: number; cpu: number }) => ({
    step,
    value: `${Math.round(perSecond(run)).toLocaleString()} actions/s`,
    time: `${(run.ms / 1000).toFixed(2)} s`,
    "Node CPU per action": `${(run.cpu / run.n).toFixed(1)} µs`,
  });
  console.log(
    `\nReplay benchmark — PostgreSQL, ${os.cpus().length} cores, Node ${process.version}; ${baseline.n.toLocaleString()} recorded actions in the window; load average ${loadBefore} before, ${load()} after\n`,
  );
  console.table([
    line("replay (read + re-evaluate + compare)", replay),
    line("baseline: read the same rows only", baseline),
    line("for comparison: keyset batches through the driver", keyset),
  ]);
  const rate = perSecond(replay);
  console.log(
    `Replay: ${Math.round(rate).toLocaleString()} actions/s, ${Math.round((100 * rate) / perSecond(baseline))} % of the read-only baseline (${Math.round(perSecond(baseline)).toLocaleString()} actions/s); target ${TARGET.toLocaleString()} actions/s: ${rate >= TARGET ? "met" : "MISSED"}.`,
  );
  console.log(
    `changed ${report.changed.toLocaleString()} of ${report.total.toLocaleString()}; halted ${report.halted.toLocaleString()}, standing ${report.standing.total.toLocaleString()}; allow→require_approval ${report.transitions["allow->require_approval"].toLocaleString()}`,
  );
  if (rate < TARGET) process.exitCode = 1;
} finally {
  await closeDatabase();
  if (!process.env.BENCH_KEEP) await drop();
  process.exit(process.exitCode ?? 0);
}
