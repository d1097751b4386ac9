import { readRows } from "../db/bulk-read";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import type { PolicySet } from "./model";
import { createReplay, type RecordedAction, type ReplayReport } from "./replay";
import type { Approvers, CounterUsage, Effect } from "./types";

// Reads the recorded actions of a window in keyset batches (array rows through the native
// driver, lib/db/bulk-read.ts) and feeds them to the pure replay. Progress is reported per
// batch; an aborted signal stops between batches.

export const REPLAY_DEFAULT_DAYS = 7;
export const REPLAY_MAX_DAYS = 90;
const BATCH = 10_000;

export type ReplayFilters = { days: number; agent?: string; type?: string };
export type ReplayRun = ReplayReport & {
  window: { from: string; to: string; days: number };
  filters: { agent: string | null; type: string | null };
};
export type ReplayOptions = { now?: Date; signal?: AbortSignal; onProgress?: (done: number, total: number) => void };

/** The WHERE clause and its parameters for a window and filters ($1, $2 are the window). */
export async function replayScope(filters: ReplayFilters, now: Date) {
  const from = new Date(now.getTime() - filters.days * 86_400_000);
  const where = ["a.created_at >= $1", "a.created_at < $2"];
  const params: unknown[] = [from, now];
  if (filters.agent) {
    const agent = await db().agent.findUnique({ where: { name: filters.agent }, select: { id: true } });
    if (!agent) throw new NotFoundError(`Agent ${filters.agent}`);
    params.push(agent.id);
    where.push(`a.agent_id = $${params.length}::uuid`);
  }
  if (filters.type) {
    const prefix = filters.type.includes("*") ? filters.type.replace(/\*.*$/, "") : null;
    params.push(prefix !== null ? `${prefix.replace(/[\\%_]/g, "\\$&")}%` : filters.type);
    where.push(prefix !== null ? `a.type LIKE $${params.length}` : `a.type = $${params.length}`);
  }
  return { from, where: where.join(" AND "), params };
}

/**
 * The recorded rows a replay reads, in (created_at, id) order, after the last row's key.
 * The keyset condition is spelt so that the index on created_at bounds the scan.
 */
export function recordedActionsSql(where: string, paramCount: number) {
  return `SELECT a.id, a.agent_id, a.type, a.resource, a.params, a.cost_amount::float8, a.cost_currency, a.impact_records,
      a.impact_amount::float8, a.context, a.created_at, a.status::text, COALESCE(a.effect::text, a.decision->>'effect'),
      a.decision->>'policy', a.decision->>'rule', COALESCE(a.decision->'reasons' @> '[{"kind":"standing_approval"}]', false),
      (SELECT jsonb_object_agg(l->>'counter', jsonb_build_object('count', l->'used', 'amount', l->'used'))
         FROM jsonb_array_elements(a.decision->'limits') l WHERE l ? 'counter'),
      CASE WHEN a.effect = 'require_approval' THEN a.decision #> '{approval,steps,0,approvers}' END
    FROM actions a
    WHERE ${where} AND a.created_at >= $${paramCount + 1}::timestamptz
      AND (a.created_at > $${paramCount + 1}::timestamptz OR a.id > $${paramCount + 2}::uuid)
    ORDER BY a.created_at, a.id LIMIT ${BATCH}`;
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** Every recorded action in scope, batch by batch, as arrays; the next batch is read while the caller works on this one. */
export async function* recordedBatches(where: string, params: unknown[], signal?: AbortSignal) {
  const sql = recordedActionsSql(where, params.length);
  const read = (after: [Date, string]) => readRows(sql, [...params, ...after]);
  let next: Promise<unknown[][]> | undefined = read([new Date(0), NIL_UUID]);
  while (next && !signal?.aborted) {
    const rows: unknown[][] = await next;
    const last = rows.at(-1);
    next = rows.length === BATCH && last ? read([last[10] as Date, last[0] as string]) : undefined;
    if (rows.length) yield rows;
  }
  await next?.catch(() => undefined); // cancelled with a read in flight: let it finish quietly
}

type Agents = Map<string, { name: string; labels: Record<string, string> }>;

function toRecorded(r: unknown[], agents: Agents): RecordedAction {
  const agent = agents.get(r[1] as string) ?? { name: "?", labels: {} };
  const cost = r[5] === null ? undefined : { amount: r[5] as number, currency: (r[6] as string | null) ?? "" };
  const impact =
    r[7] === null && r[8] === null
      ? undefined
      : { records: (r[7] as number | null) ?? undefined, amount: (r[8] as number | null) ?? undefined };
  const policy = r[13] as string | null;
  const rule = r[14] as string | null;
  return {
    id: r[0] as string,
    input: {
      agent: { id: r[1] as string, ...agent },
      action: {
        type: r[2] as string,
        resource: r[3] as string,
        params: (r[4] ?? {}) as Record<string, unknown>,
        ...(cost ? { cost } : {}),
        ...(impact ? { impact } : {}),
        ...(r[9] ? { context: r[9] as Record<string, unknown> } : {}),
      },
      now: r[10] as Date,
    },
    halted: r[11] === "halted",
    effect: r[12] as Effect,
    rule: rule ? `${policy ?? "?"}/${rule}` : null,
    standing: r[15] as boolean,
    usage: (r[16] ?? {}) as CounterUsage,
    approvers: (r[17] ?? null) as Approvers | null,
  };
}

/** Replays a policy set against the recorded actions of the last `days` days (filtered), as the live set would have decided then. */
export async function replayPolicySet(set: PolicySet, filters: ReplayFilters, options: ReplayOptions = {}): Promise<ReplayRun> {
  const now = options.now ?? new Date();
  const { from, where, params } = await replayScope(filters, now);
  const [[count]] = (await readRows(`SELECT count(*)::int FROM actions a WHERE ${where}`, params)) as [[number]];
  const agentRows = await db().agent.findMany({ select: { id: true, name: true, labels: true } });
  const agents: Agents = new Map(agentRows.map((a) => [a.id, { name: a.name, labels: (a.labels ?? {}) as Record<string, string> }]));
  const replay = createReplay(set);
  let done = 0;
  options.onProgress?.(0, count);
  for await (const rows of recordedBatches(where, params, options.signal)) {
    for (const row of rows) replay.add(toRecorded(row, agents));
    done += rows.length;
    options.onProgress?.(done, Math.max(count, done));
  }
  return {
    ...replay.report(),
    window: { from: from.toISOString(), to: now.toISOString(), days: filters.days },
    filters: { agent: filters.agent ?? null, type: filters.type ?? null },
  };
}
