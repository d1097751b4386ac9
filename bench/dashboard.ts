// `npm run bench:dashboard`: the dashboard's reads on BENCH_ACTIONS actions (default
// 1,000,000, over 30 days) in a throwaway PostgreSQL database. The history is inserted by
// SQL through the same triggers as live traffic (so the rollups are built the way they are
// in production), folded, then every dashboard query is timed for each range, beside the
// same answers computed from the raw rows (lib/dashboard/raw-store.ts), which must be equal.
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { percentile, throwawayDatabase } from "./harness";

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 3);
const CHUNK = 100_000;
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const DAYS = 30;

process.env.LOG_LEVEL = "warn";
const ms = (x: number) => `${x.toFixed(1)} ms`;
const seconds = (x: number) => `${(x / 1000).toFixed(1)} s`;

/** One chunk of history: decisions of every kind, their approvals, results, costs and latencies. */
const HISTORY = `
  WITH agents AS (SELECT array_agg(id ORDER BY name) AS ids FROM agents),
  g AS (
    SELECT g, random() AS u, random() AS v, random() AS w,
           $1::timestamptz - ($2::int * interval '1 day') + (g * ($2::int * interval '1 day') / $3::int) AS at,
           (ARRAY['customer-support', 'devops', 'data-analysis', 'baseline'])[1 + g % 4] AS policy,
           (ARRAY['refund.issue', 'ticket.reply', 'email.send', 'report.run', 'customer.delete'])[1 + (g / 7) % 5] AS type
    FROM generate_series($4::int, $5::int - 1) g
  ),
  k AS (
    SELECT *, CASE WHEN u < 0.70 THEN 'allow' WHEN u < 0.77 THEN 'deny-rule' WHEN u < 0.79 THEN 'deny-limit' WHEN u < 0.80 THEN 'deny-default'
                   WHEN u < 0.83 THEN 'standing' WHEN u < 0.95 THEN 'approved' WHEN u < 0.97 THEN 'rejected' WHEN u < 0.98 THEN 'halted'
                   WHEN at > $1::timestamptz - interval '2 hours' THEN 'pending' ELSE 'approved' END AS kind,
              30 + w * w * 7200 AS wait
    FROM g
  )
  INSERT INTO actions (id, agent_id, type, resource, params, cost_amount, cost_currency, status, effect, decision, created_at, decided_at,
                       outcome, actual_cost, result_at, decision_seconds)
  SELECT gen_random_uuid(), (SELECT ids[1 + k.g % 10] FROM agents), type, 'orders/' || g, '{}',
         CASE WHEN type = 'refund.issue' THEN round((v * 400)::numeric, 2) END,
         CASE WHEN type = 'refund.issue' THEN CASE WHEN g % 9 = 0 THEN 'EUR' ELSE 'USD' END END,
         (CASE WHEN kind IN ('allow', 'standing', 'approved') THEN 'allowed' WHEN kind = 'pending' THEN 'pending' WHEN kind = 'halted' THEN 'halted' ELSE 'denied' END)::"ActionStatus",
         (CASE WHEN kind = 'allow' THEN 'allow' WHEN kind LIKE 'deny%' OR kind = 'halted' THEN 'deny' ELSE 'require_approval' END)::"DecisionEffect",
         jsonb_build_object(
           'policy', CASE WHEN kind IN ('deny-default', 'halted') THEN NULL ELSE policy END,
           'rule', CASE WHEN kind IN ('deny-default', 'halted', 'deny-limit') THEN NULL ELSE kind || '-' || type END,
           'limits', '[]'::jsonb,
           'reasons', CASE kind
             WHEN 'deny-limit' THEN jsonb_build_array(jsonb_build_object('kind', 'limit', 'policy', policy, 'id', 'daily-budget', 'effect', 'deny', 'message', 'over budget'))
             WHEN 'deny-default' THEN jsonb_build_array(jsonb_build_object('kind', 'default', 'policy', NULL, 'id', 'default-deny', 'effect', 'deny', 'message', 'no rule matched'))
             WHEN 'halted' THEN jsonb_build_array(jsonb_build_object('kind', 'kill_switch', 'policy', NULL, 'id', 'ks', 'effect', 'deny', 'message', 'halted'))
             WHEN 'standing' THEN jsonb_build_array(jsonb_build_object('kind', 'rule', 'policy', policy, 'id', 'big-' || type, 'effect', 'require_approval', 'message', 'needs approval'),
                                                    jsonb_build_object('kind', 'standing_approval', 'policy', NULL, 'id', 'sa', 'effect', 'allow', 'message', 'standing approval'))
             ELSE jsonb_build_array(jsonb_build_object('kind', 'rule', 'policy', policy, 'id', kind || '-' || type,
                                                       'effect', CASE WHEN kind = 'allow' THEN 'allow' WHEN kind LIKE 'deny%' THEN 'deny' ELSE 'require_approval' END, 'message', 'rule matched'))
           END),
         at,
         CASE WHEN kind = 'pending' THEN NULL WHEN kind IN ('approved', 'rejected') THEN at + wait * interval '1 second' ELSE at END,
         (CASE WHEN kind IN ('allow', 'standing', 'approved') AND v < 0.6 THEN CASE WHEN w < 0.03 THEN 'failed' ELSE 'succeeded' END END)::"ActionOutcome",
         CASE WHEN kind IN ('allow', 'standing', 'approved') AND v < 0.3 AND type = 'refund.issue' THEN round((v * 380)::numeric, 2) END,
         CASE WHEN kind IN ('allow', 'standing', 'approved') AND v < 0.6 THEN at + interval '5 seconds' END,
         0.002 + power(w, 4) * 2.5
  FROM k`;

const { url, seeded, drop } = await throwawayDatabase("gatehouse_bench_dashboard", async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const t0 = performance.now();
  await client.query("SELECT setseed(0.42)");
  await client.query(
    `INSERT INTO agents (id, name, webhook_secret, updated_at) SELECT gen_random_uuid(), 'bench-agent-' || g, 'x', now() FROM generate_series(0, 9) g`,
  );
  for (let lo = 0; lo < ACTIONS; lo += CHUNK) await client.query(HISTORY, [NOW, DAYS, ACTIONS, lo, Math.min(ACTIONS, lo + CHUNK)]);
  // Their approval requests, decided or (the last two hours) pending.
  await client.query(`
    INSERT INTO approval_requests (id, action_id, status, expires_at, policy, rule, created_at, decided_at)
    SELECT gen_random_uuid(), id, (CASE status WHEN 'pending' THEN 'pending' WHEN 'allowed' THEN 'approved' ELSE 'rejected' END)::"ApprovalStatus",
           created_at + interval '1 day', decision->>'policy', decision->>'rule', created_at, decided_at
    FROM actions WHERE effect = 'require_approval' AND NOT (decision->'reasons' @> '[{"kind":"standing_approval"}]')`);
  const inserted = performance.now() - t0;
  // Each action's action.submitted entry; all but the last minute's are in the Merkle tree (a checkpoint covers them).
  const t1 = performance.now();
  await client.query(`
    INSERT INTO audit_entries (created_at, actor_type, actor_label, event_type, subject_type, subject_id, agent_id, canonical, payload_hash)
    SELECT created_at, 'agent', 'bench', 'action.submitted', 'action', id::text, agent_id, '{}', md5(id::text) FROM actions ORDER BY created_at`);
  await client.query(
    `
    INSERT INTO audit_leaves (leaf_index, entry_id, leaf_hash)
    SELECT row_number() OVER (ORDER BY id) - 1, id, payload_hash FROM audit_entries WHERE created_at < $1::timestamptz - interval '1 minute'`,
    [NOW],
  );
  await client.query(
    `
    INSERT INTO audit_checkpoints (tree_size, root_hash, note, key_id, last_entry_id, created_at)
    SELECT count(*), 'bench', 'bench', 'bench', max(entry_id), $1::timestamptz - interval '1 minute' FROM audit_leaves`,
    [NOW],
  );
  await client.query(
    `
    INSERT INTO kill_switches (id, scope, agent_id, reason, engaged_at, released_at)
    SELECT gen_random_uuid(), 'agent', (SELECT id FROM agents ORDER BY name LIMIT 1), 'bench ' || g, $1::timestamptz - g * interval '3 days', $1::timestamptz - g * interval '3 days' + interval '1 hour'
    FROM generate_series(1, 9) g`,
    [NOW],
  );
  await client.query(
    `
    INSERT INTO policy_versions (id, version, files, checksum, message, created_at)
    SELECT gen_random_uuid(), g, '[]', 'bench', 'bench version ' || g, $1::timestamptz - (10 - g) * interval '3 days' FROM generate_series(1, 9) g`,
    [NOW],
  );
  const audited = performance.now() - t1;
  const deltas = ((await client.query(`SELECT count(*)::int AS n FROM dashboard_deltas`)).rows as { n: number }[])[0]?.n ?? 0;
  await client.end();

  // Fold what the triggers wrote, as the server's fold loop does (in larger batches).
  const { foldDeltas } = await import("../lib/dashboard/store");
  const t2 = performance.now();
  while ((await foldDeltas(200_000)) > 0);
  const folded = performance.now() - t2;
  // What autovacuum does after a bulk load (the migration tunes it to vacuum the deltas queue often).
  const maintenance = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await maintenance.connect();
  await maintenance.query("VACUUM ANALYZE");
  await maintenance.end();
  return { inserted, audited, deltas, folded };
});

process.env.DATABASE_URL = url;
const { resolveWindow } = await import("../lib/dashboard/range");
const { readDashboardRows, ROLLUP_READS } = await import("../lib/dashboard/store");
const { RAW_READS } = await import("../lib/dashboard/raw-store");
const { dashboard, statFilters } = await import("../lib/dashboard/service");
const { DashboardQuerySchema } = await import("../lib/contracts/dashboard");
const { closeDatabase, db } = await import("../lib/db/client");

type Timing = Record<string, number[]>;
type Reads = typeof ROLLUP_READS;

async function timeEach(reads: Reads, window: Parameters<Reads["actions"]>[0], f: Parameters<Reads["actions"]>[1], into: Timing) {
  for (const [name, read] of Object.entries(reads)) {
    const t = performance.now();
    await read(window, f);
    (into[name] ??= []).push(performance.now() - t);
  }
}

const rows: Record<string, string>[] = [];
let allEqual = true;
try {
  const [{ count: stats } = { count: 0 }] = await db().$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM dashboard_stats`;
  console.log(
    `\n${ACTIONS.toLocaleString()} actions over ${DAYS} days: inserted with their triggers in ${seconds(seeded.inserted)}, ` +
      `audit entries and leaves in ${seconds(seeded.audited)}; ${seeded.deltas.toLocaleString()} deltas folded into ${stats.toLocaleString()} rollup rows in ${seconds(seeded.folded)} ` +
      `(${Math.round(seeded.deltas / (seeded.folded / 1000)).toLocaleString()} deltas/s)\n`,
  );

  for (const range of ["1h", "24h", "7d", "30d"] as const) {
    for (const filters of [{}, { agent: "bench-agent-3" }]) {
      const query = DashboardQuerySchema.parse({ range, ...filters });
      const window = resolveWindow(query, NOW);
      const f = await statFilters(filters);
      // Each query timed alone; the page as it runs them (in parallel, with its other reads and the view).
      const rollup: Timing = {};
      const raw: Timing = {};
      const page: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await timeEach(ROLLUP_READS, window, f, rollup);
        const t = performance.now();
        await dashboard(query, NOW);
        page.push(performance.now() - t);
      }
      for (let i = 0; i < RAW_RUNS; i++) await timeEach(RAW_READS, window, f, raw);
      const [a, b] = [await readDashboardRows(window, f), await readDashboardRows(window, f, RAW_READS)];
      const label = `${range}${"agent" in filters ? " (one agent)" : ""}`;
      for (const name of Object.keys(ROLLUP_READS)) {
        const equal = isDeepStrictEqual(a[name as keyof typeof a], b[name as keyof typeof b]);
        allEqual &&= equal;
        const r = rollup[name]!.sort((x, y) => x - y);
        const s = raw[name]!.sort((x, y) => x - y);
        rows.push({
          range: label,
          query: name,
          "rollups p50": ms(percentile(r, 50)),
          "rollups p95": ms(percentile(r, 95)),
          "raw rows p50": ms(percentile(s, 50)),
          "raw rows p95": ms(percentile(s, 95)),
          "same answer": equal ? "yes" : "NO",
        });
      }
      const p = page.sort((x, y) => x - y);
      rows.push({
        range: label,
        query: "whole page (dashboard())",
        "rollups p50": ms(percentile(p, 50)),
        "rollups p95": ms(percentile(p, 95)),
        "raw rows p50": "",
        "raw rows p95": "",
        "same answer": "",
      });
    }
  }
  console.table(rows);
  console.log(
    `Runs: ${RUNS} per rollup query and page, ${RAW_RUNS} per raw-row query. Each query is timed alone; the whole page runs its queries in parallel, as the server does.`,
  );
  if (!allEqual) {
    console.error("\nThe rollups and the raw rows disagree.");
    process.exitCode = 1;
  }
} finally {
  await closeDatabase();
  await drop();
}
