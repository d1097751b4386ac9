import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { transaction } from "../db/transaction";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { APPROVAL_WAIT_SECONDS_BUCKETS, DECISION_SECONDS_BUCKETS } from "./histogram";
import { bucketsOf, ROLLUP_WIDTHS, type Window } from "./range";
import type { ActionCountRow, AgentCountRow, DashboardRows, DenialRow, LeRow, QueueRow, WaitRow } from "./view";

// The dashboard's reads, from the rollups. Triggers (migration dashboard_rollups) append
// every change of the counted facts to dashboard_deltas; foldDeltas() moves them into
// dashboard_stats per minute, hour and day. Each read takes the stats and the deltas not
// yet folded in one statement, so it sees one snapshot and equals the raw rows
// (lib/dashboard/raw-store.ts computes the same rows from them; tests and bench:dashboard compare).

const { sql, empty, join } = Prisma;

type Metric = "actions" | "latency" | "wait" | "denials" | "audited";

/** What a read counts by, resolved to the rollups' keys. `agentId: null` names an agent that does not exist. */
export type StatFilters = { agentId?: string | null; type?: string; policy?: string };

const BOUNDS: Partial<Record<Metric, number[]>> = { latency: DECISION_SECONDS_BUCKETS, wait: APPROVAL_WAIT_SECONDS_BUCKETS };

/** The histogram bucket (upper bound) of an observation, as bucketOf() counts it; 0 for metrics that are not histograms. */
export function leSql(value: Prisma.Sql, bounds: number[] | undefined) {
  if (!bounds) return sql`0::float8`;
  return sql`coalesce((SELECT min(b) FROM unnest(${bounds.map(String)}::text[]::float8[]) b WHERE b >= ${value}), 'Infinity'::float8)`;
}

/** A type filter is exact, or a prefix when it ends in `*` (refund.*). */
export function typeCondition(column: Prisma.Sql, type: string) {
  if (!type.includes("*")) return sql`${column} = ${type}`;
  return sql`${column} LIKE ${type.replace(/\*.*$/, "").replace(/[\\%_]/g, (c) => `\\${c}`) + "%"}`;
}

function filterSql(f: StatFilters) {
  const conditions = [
    f.agentId === null ? sql`false` : f.agentId ? sql`agent_id = ${f.agentId}::uuid` : empty,
    f.type ? typeCondition(sql`type`, f.type) : empty,
    f.policy !== undefined ? sql`policy = ${f.policy}` : empty,
  ].filter((c) => c !== empty);
  return conditions.length ? sql`AND ${join(conditions, " AND ")}` : empty;
}

/** One metric's rollup rows in the window, with the deltas not yet folded, at the window's granularity. */
function source(metric: Metric, w: Window, f: StatFilters) {
  const filters = filterSql(f);
  return sql`
    SELECT bucket AS at, agent_id, status, decided_by, outcome, currency, reason, le, count, amount
    FROM dashboard_stats
    WHERE width = ${w.width} AND metric = ${metric} AND bucket >= ${w.from} AND bucket < ${w.to} ${filters}
    UNION ALL
    SELECT at, agent_id, status, decided_by, outcome, currency, reason, ${leSql(sql`value`, BOUNDS[metric])}, sign::bigint, sign * amount
    FROM dashboard_deltas
    WHERE metric = ${metric} AND at >= ${w.from} AND at < ${w.to} ${filters}`;
}

/** The displayed bucket a time falls in (the window's `from` is aligned to its granularity, and the step is a multiple of it). */
export const binSql = (column: Prisma.Sql, w: Window) =>
  sql`date_bin(${w.step}::int * interval '1 second', ${column}, ${w.from}::timestamptz)`;

export function readActionCounts(w: Window, f: StatFilters): Promise<ActionCountRow[]> {
  return db().$queryRaw<ActionCountRow[]>`
    SELECT ${binSql(sql`at`, w)} AS t, status, decided_by AS "decidedBy", outcome, currency, sum(count)::float8 AS count, sum(amount)::float8 AS amount
    FROM (${source("actions", w, f)}) s
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(count) <> 0 OR sum(amount) <> 0
    ORDER BY 1, 2, 3, 4, 5`;
}

export function readAgentCounts(w: Window, f: StatFilters): Promise<AgentCountRow[]> {
  return db().$queryRaw<AgentCountRow[]>`
    SELECT agent_id::text AS "agentId", status, currency, sum(count)::float8 AS count, sum(amount)::float8 AS amount
    FROM (${source("actions", w, f)}) s
    GROUP BY 1, 2, 3 HAVING sum(count) <> 0 OR sum(amount) <> 0
    ORDER BY 1, 2, 3`;
}

export function readLatency(w: Window, f: StatFilters): Promise<LeRow[]> {
  return db().$queryRaw<LeRow[]>`
    SELECT le, sum(count)::float8 AS count FROM (${source("latency", w, f)}) s
    GROUP BY le HAVING sum(count) <> 0 ORDER BY le`;
}

export function readWaits(w: Window, f: StatFilters): Promise<WaitRow[]> {
  return db().$queryRaw<WaitRow[]>`
    SELECT ${binSql(sql`at`, w)} AS t, le, sum(count)::float8 AS count FROM (${source("wait", w, f)}) s
    GROUP BY 1, 2 HAVING sum(count) <> 0 ORDER BY 1, 2`;
}

export function readDenials(w: Window, f: StatFilters): Promise<DenialRow[]> {
  return db().$queryRaw<DenialRow[]>`
    SELECT reason, sum(count)::float8 AS count FROM (${source("denials", w, f)}) s
    GROUP BY reason HAVING sum(count) <> 0 ORDER BY count DESC, reason`;
}

export async function readAudited(w: Window, f: StatFilters): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number | null }[]>`SELECT sum(count)::float8 AS count FROM (${source("audited", w, f)}) s`;
  return row?.count ?? 0;
}

/** An action's own columns, for reads that join the actions of approval requests. */
export function actionFilterSql(f: StatFilters, a = sql`a`) {
  const conditions = [
    f.agentId === null ? sql`false` : f.agentId ? sql`${a}.agent_id = ${f.agentId}::uuid` : empty,
    f.type ? typeCondition(sql`${a}.type`, f.type) : empty,
    f.policy !== undefined ? sql`coalesce(${a}.decision->>'policy', '') = ${f.policy}` : empty,
  ].filter((c) => c !== empty);
  return conditions.length ? sql`AND ${join(conditions, " AND ")}` : empty;
}

/**
 * The approval queue at the end of each displayed bucket: how many requests were open and
 * since when the oldest. Each moment is looked up in the GiST index of [opened, decided)
 * spans, so the cost follows the queue's depth, not the range's length.
 */
export function readQueue(w: Window, f: StatFilters, open = sql`tstzrange(r.created_at, r.decided_at, '[)') @> t`): Promise<QueueRow[]> {
  const ends = bucketsOf(w).map((b) => b.end.toISOString());
  return db().$queryRaw<QueueRow[]>`
    SELECT t, count(q.created_at)::int AS depth, min(q.created_at) AS oldest
    FROM unnest(${ends}::text[]::timestamptz[]) t
    LEFT JOIN LATERAL (
      SELECT r.created_at FROM approval_requests r JOIN actions a ON a.id = r.action_id
      WHERE ${open} ${actionFilterSql(f)}
    ) q ON true
    GROUP BY t ORDER BY t`;
}

/** One way to read each part of the dashboard's rows: from the rollups (here) or from the raw rows (raw-store.ts). */
export type DashboardReads = { [K in keyof DashboardRows]: (w: Window, f: StatFilters) => Promise<DashboardRows[K]> };

export const ROLLUP_READS: DashboardReads = {
  actions: readActionCounts,
  agents: readAgentCounts,
  latency: readLatency,
  wait: readWaits,
  denials: readDenials,
  audited: readAudited,
  queue: (w, f) => readQueue(w, f),
};

/** Every read of the page, in parallel (on PostgreSQL each takes its own connection). */
export async function readDashboardRows(w: Window, f: StatFilters, reads: DashboardReads = ROLLUP_READS): Promise<DashboardRows> {
  const names = Object.keys(reads) as (keyof DashboardRows)[];
  const results = await Promise.all(names.map(async (name) => [name, await reads[name](w, f)] as const));
  return Object.fromEntries(results) as DashboardRows;
}

// ─── folding ────────────────────────────────────────────────────────────────

/**
 * Moves up to `max` deltas into the per-minute, per-hour and per-day rollups, in one statement
 * (deleted and added together, or neither). One process folds at a time (advisory lock);
 * the others return 0 at once. Returns the number of rollup rows written.
 */
export async function foldDeltas(max = 20_000): Promise<number> {
  return transaction(
    async (tx) => {
      const [{ locked } = { locked: false }] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(hashtext('gatehouse.dashboard.fold')) AS locked`;
      if (!locked) return 0;
      return tx.$executeRaw`
      WITH moved AS (
        DELETE FROM dashboard_deltas WHERE id IN (SELECT id FROM dashboard_deltas ORDER BY id LIMIT ${max}) RETURNING *
      ), binned AS (
        SELECT w.width, m.metric, date_bin(w.width * interval '1 second', m.at, timestamptz '1970-01-01Z') AS bucket,
               m.agent_id, m.type, m.policy, m.status, m.decided_by, m.outcome, m.currency, m.reason,
               CASE m.metric WHEN 'latency' THEN ${leSql(sql`m.value`, DECISION_SECONDS_BUCKETS)}
                             WHEN 'wait' THEN ${leSql(sql`m.value`, APPROVAL_WAIT_SECONDS_BUCKETS)} ELSE 0 END AS le,
               m.sign, m.amount
        FROM moved m CROSS JOIN unnest(${[...ROLLUP_WIDTHS]}::int[]) AS w(width)
      )
      INSERT INTO dashboard_stats (width, metric, bucket, agent_id, type, policy, status, decided_by, outcome, currency, reason, le, count, amount)
      SELECT width, metric, bucket, agent_id, type, policy, status, decided_by, outcome, currency, reason, le, sum(sign), sum(sign * amount)
      FROM binned
      GROUP BY width, metric, bucket, agent_id, type, policy, status, decided_by, outcome, currency, reason, le
      ON CONFLICT (width, metric, bucket, agent_id, type, policy, status, decided_by, outcome, currency, reason, le)
      DO UPDATE SET count = dashboard_stats.count + excluded.count, amount = dashboard_stats.amount + excluded.amount`;
    },
    { timeoutMs: 60_000 },
  );
}

/** Folds until no delta is left. */
export async function foldAll(): Promise<void> {
  while ((await foldDeltas()) > 0);
}

const foldTimer = processSlot<NodeJS.Timeout>("dashboard-fold");

/** Folds in the background of a server process, every second (reads stay exact meanwhile; folding keeps them fast). */
export function startFolding(intervalMs = 1000) {
  if (foldTimer.get()) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    foldAll()
      .catch((error) => log.error("dashboard rollup failed", { err: error }))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  foldTimer.set(timer);
}

export function stopFolding() {
  clearInterval(foldTimer.get());
  foldTimer.set(undefined);
}
