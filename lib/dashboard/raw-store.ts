import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { APPROVAL_WAIT_SECONDS_BUCKETS, DECISION_SECONDS_BUCKETS } from "./histogram";
import type { Window } from "./range";
import { actionFilterSql, binSql, leSql, readQueue, type DashboardReads, type StatFilters } from "./store";
import type { ActionCountRow, AgentCountRow, DenialRow, LeRow, WaitRow } from "./view";

// The yardstick of the rollups: the dashboard's rows computed straight from the raw
// tables (actions, audit_entries, audit_leaves), written independently of the triggers.
// The integration tests and `npm run bench:dashboard` require the two to be equal.

const { sql } = Prisma;

/** Who decided, in the raw rows' own terms (see DECIDED_BY in lib/contracts/action-filters.ts). */
const DECIDED_BY = sql`
  CASE WHEN a.status = 'halted' THEN 'kill_switch'
       WHEN a.status = 'pending' THEN ''
       WHEN a.effect = 'require_approval' AND a.decision->'reasons' @> '[{"kind":"standing_approval"}]' THEN 'standing_approval'
       WHEN a.effect = 'require_approval' THEN 'approval'
       WHEN a.effect IN ('allow', 'deny') THEN 'policy'
       ELSE '' END`;

const inWindow = (w: Window, f: StatFilters) => sql`a.created_at >= ${w.from} AND a.created_at < ${w.to} ${actionFilterSql(f)}`;

const COST = sql`sum(coalesce(a.actual_cost, a.cost_amount, 0))::float8`;

function rawActionCounts(w: Window, f: StatFilters): Promise<ActionCountRow[]> {
  return db().$queryRaw<ActionCountRow[]>`
    SELECT ${binSql(sql`a.created_at`, w)} AS t, a.status::text AS status, ${DECIDED_BY} AS "decidedBy",
           coalesce(a.outcome::text, '') AS outcome, coalesce(a.cost_currency, '') AS currency, count(*)::float8 AS count, ${COST} AS amount
    FROM actions a WHERE ${inWindow(w, f)}
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}

function rawAgentCounts(w: Window, f: StatFilters): Promise<AgentCountRow[]> {
  return db().$queryRaw<AgentCountRow[]>`
    SELECT a.agent_id::text AS "agentId", a.status::text AS status, coalesce(a.cost_currency, '') AS currency, count(*)::float8 AS count, ${COST} AS amount
    FROM actions a WHERE ${inWindow(w, f)}
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
}

function rawLatency(w: Window, f: StatFilters): Promise<LeRow[]> {
  return db().$queryRaw<LeRow[]>`
    SELECT le, count(*)::float8 AS count
    FROM (SELECT ${leSql(sql`a.decision_seconds`, DECISION_SECONDS_BUCKETS)} AS le FROM actions a WHERE ${inWindow(w, f)} AND a.decision_seconds IS NOT NULL) x
    GROUP BY le ORDER BY le`;
}

function rawWaits(w: Window, f: StatFilters): Promise<WaitRow[]> {
  return db().$queryRaw<WaitRow[]>`
    SELECT t, le, count(*)::float8 AS count
    FROM (SELECT ${binSql(sql`a.created_at`, w)} AS t, ${leSql(sql`extract(epoch FROM a.decided_at - a.created_at)::float8`, APPROVAL_WAIT_SECONDS_BUCKETS)} AS le
          FROM actions a WHERE ${inWindow(w, f)} AND ${DECIDED_BY} = 'approval' AND a.decided_at IS NOT NULL) x
    GROUP BY 1, 2 ORDER BY 1, 2`;
}

function rawDenials(w: Window, f: StatFilters): Promise<DenialRow[]> {
  return db().$queryRaw<DenialRow[]>`
    SELECT CASE WHEN r->>'policy' IS NULL THEN r->>'id' ELSE (r->>'policy') || '/' || (r->>'id') END AS reason, count(*)::float8 AS count
    FROM actions a, jsonb_array_elements(a.decision->'reasons') r
    WHERE ${inWindow(w, f)} AND a.status = 'denied' AND ${DECIDED_BY} = 'policy'
      AND r->>'effect' = 'deny' AND r->>'kind' IN ('rule', 'limit', 'default')
    GROUP BY 1 ORDER BY count DESC, reason`;
}

async function rawAudited(w: Window, f: StatFilters): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::float8 AS count FROM actions a
    WHERE ${inWindow(w, f)}
      AND EXISTS (SELECT 1 FROM audit_entries e JOIN audit_leaves l ON l.entry_id = e.id
                  WHERE e.subject_type = 'action' AND e.subject_id = a.id::text AND e.event_type = 'action.submitted')`;
  return row?.count ?? 0;
}

/** The queue from every request's span, without the index: a request is open at t when created_at ≤ t < decided_at. */
export const RAW_READS: DashboardReads = {
  actions: rawActionCounts,
  agents: rawAgentCounts,
  latency: rawLatency,
  wait: rawWaits,
  denials: rawDenials,
  audited: rawAudited,
  queue: (w, f) => readQueue(w, f, sql`r.created_at <= t AND (r.decided_at IS NULL OR r.decided_at > t)`),
};
