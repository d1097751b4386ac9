import { escapeLiteral } from "pg";
import { readRows } from "../db/bulk-read";
import { db } from "../db/client";
import { copyFields, copyLines } from "../db/copy-read";
import { NotFoundError } from "../errors";
import type { PolicySet } from "./model";
import { createReplay, type RecordedAction, type ReplayReport } from "./replay";
import type { Approvers, CounterUsage, DecisionInput, Effect } from "./types";

// Reads the recorded actions of a window and feeds them to the pure replay. On PostgreSQL
// the rows stream out of one COPY (lib/db/copy-read.ts); the embedded database reads the
// same columns in keyset batches. Either way each row arrives as text fields, decoded
// here once. Progress is reported every PROGRESS_EVERY rows; an aborted signal stops the read.

export const REPLAY_DEFAULT_DAYS = 7;
export const REPLAY_MAX_DAYS = 90;
const BATCH = 10_000;
const PROGRESS_EVERY = 10_000;

export type ReplayFilters = { days: number; agent?: string; type?: string };
export type ReplayRun = ReplayReport & {
  window: { from: string; to: string; days: number };
  filters: { agent: string | null; type: string | null };
};
export type ReplayOptions = { now?: Date; signal?: AbortSignal; onProgress?: (done: number, total: number) => void };

/** The WHERE clause for a window and filters, with its values inlined as literals (a COPY takes no parameters). */
export async function replayScope(filters: ReplayFilters, now: Date) {
  const from = new Date(now.getTime() - filters.days * 86_400_000);
  const where = [
    `a.created_at >= ${escapeLiteral(from.toISOString())}::timestamptz`,
    `a.created_at < ${escapeLiteral(now.toISOString())}::timestamptz`,
  ];
  if (filters.agent) {
    const agent = await db().agent.findUnique({ where: { name: filters.agent }, select: { id: true } });
    if (!agent) throw new NotFoundError(`Agent ${filters.agent}`);
    where.push(`a.agent_id = ${escapeLiteral(agent.id)}::uuid`);
  }
  if (filters.type) {
    const prefix = filters.type.includes("*") ? filters.type.replace(/\*.*$/, "") : null;
    where.push(
      prefix !== null ? `a.type LIKE ${escapeLiteral(`${prefix.replace(/[\\%_]/g, "\\$&")}%`)}` : `a.type = ${escapeLiteral(filters.type)}`,
    );
  }
  return { from, where: where.join(" AND ") };
}

/**
 * The columns a replay reads, every one as text (what COPY sends, and what the embedded
 * path asks for), in the order of `Field`: only what a decision reads and the comparison
 * needs, computed by the server (the deciding rule as "policy/rule", never the whole
 * decision). Amounts come as numeric text (Number() reads them as float8 would). The
 * counter usage recorded at decision time is read from its column; rows older than the
 * column derive it from the decision's limits.
 */
const COLUMNS = `a.id, a.agent_id, a.type, a.resource, a.params::text, a.cost_amount::text, a.cost_currency,
      a.impact_records::text, a.impact_amount::text, a.context::text,
      round(date_part('epoch', a.created_at) * 1000)::int8::text, (a.status = 'halted')::text,
      COALESCE(a.effect::text, a.decision->>'effect'),
      CASE WHEN a.decision->>'rule' <> '' THEN COALESCE(a.decision->>'policy', '?') || '/' || (a.decision->>'rule') END,
      COALESCE(a.decision->'reasons' @> '[{"kind":"standing_approval"}]', false)::text,
      COALESCE(a.counter_usage, (SELECT jsonb_object_agg(l->>'counter', jsonb_build_object('count', l->'used', 'amount', l->'used'))
         FROM jsonb_array_elements(a.decision->'limits') l WHERE l ? 'counter'))::text,
      CASE WHEN a.effect = 'require_approval' THEN (a.decision->'approval'->'steps'->0->'approvers')::text END`;
const enum Field {
  Id,
  AgentId,
  Type,
  Resource,
  Params,
  CostAmount,
  CostCurrency,
  ImpactRecords,
  ImpactAmount,
  Context,
  At,
  Halted,
  Effect,
  Rule,
  Standing,
  Usage,
  Approvers,
}
type Fields = (string | null)[];

/** Every recorded action in scope, in (created_at, id) order, as text fields, a batch at a time. */
export function recordedRows(where: string, signal?: AbortSignal): AsyncGenerator<Fields[]> {
  const sql = `SELECT ${COLUMNS} FROM actions a WHERE ${where} ORDER BY a.created_at, a.id`;
  const lines = copyLines(sql, signal);
  return lines ? mapBatches(lines, (batch) => batch.map(copyFields)) : keysetBatches(where, signal);
}

async function* mapBatches<A, B>(source: AsyncGenerator<A>, map: (a: A) => B): AsyncGenerator<B> {
  for await (const batch of source) yield map(batch);
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** The same rows by keyset batches (the embedded database); the next batch is read while the caller works on this one. */
export async function* keysetBatches(where: string, signal?: AbortSignal): AsyncGenerator<Fields[]> {
  // The keyset condition is spelt so that the index on created_at bounds the scan.
  const sql = `SELECT ${COLUMNS} FROM actions a WHERE ${where} AND a.created_at >= $1::timestamptz
      AND (a.created_at > $1::timestamptz OR a.id > $2::uuid) ORDER BY a.created_at, a.id LIMIT ${BATCH}`;
  const read = (after: [Date, string]) => readRows(sql, after) as Promise<Fields[]>;
  let next: Promise<Fields[]> | undefined = read([new Date(0), NIL_UUID]);
  while (next && !signal?.aborted) {
    const rows: Fields[] = await next;
    const last = rows.at(-1);
    next = rows.length === BATCH && last ? read([new Date(Number(last[Field.At])), last[Field.Id]!]) : undefined;
    if (rows.length) yield rows;
  }
  await next?.catch(() => undefined); // cancelled with a read in flight: let it finish quietly
}

type Agents = Map<string, DecisionInput["agent"]>;

/** Decodes rows into recorded actions; approver lists repeat, so each distinct one is parsed once. */
export function rowDecoder(agents: Agents) {
  const approvers = new Map<string, Approvers>();
  const unknown = { name: "?", labels: {} };
  return (r: Fields): RecordedAction => {
    const agentId = r[Field.AgentId]!;
    const cost = r[Field.CostAmount] ?? null;
    const records = r[Field.ImpactRecords] ?? null;
    const impactAmount = r[Field.ImpactAmount] ?? null;
    const context = r[Field.Context] ?? null;
    const params = r[Field.Params] ?? null;
    const usage = r[Field.Usage] ?? null;
    const action: DecisionInput["action"] = {
      type: r[Field.Type]!,
      resource: r[Field.Resource]!,
      params: params ? (JSON.parse(params) as Record<string, unknown>) : {},
    };
    if (cost !== null) action.cost = { amount: Number(cost), currency: r[Field.CostCurrency] ?? "" };
    if (records !== null || impactAmount !== null)
      action.impact = {
        records: records === null ? undefined : Number(records),
        amount: impactAmount === null ? undefined : Number(impactAmount),
      };
    if (context !== null && context !== "null") action.context = JSON.parse(context) as Record<string, unknown>;
    const approverText = r[Field.Approvers] ?? null;
    let approver = approverText === null ? null : (approvers.get(approverText) ?? null);
    if (approverText !== null && !approver) approvers.set(approverText, (approver = JSON.parse(approverText) as Approvers));
    return {
      id: r[Field.Id]!,
      input: { agent: agents.get(agentId) ?? { id: agentId, ...unknown }, action, now: new Date(Number(r[Field.At])) },
      halted: r[Field.Halted] === "true",
      effect: r[Field.Effect] as Effect,
      rule: r[Field.Rule] ?? null,
      standing: r[Field.Standing] === "true",
      usage: usage ? (JSON.parse(usage) as CounterUsage) : {},
      approvers: approver,
    };
  };
}

/** The agents as a replayed decision sees them, by id. */
export async function replayAgents(): Promise<Agents> {
  const rows = await db().agent.findMany({ select: { id: true, name: true, labels: true } });
  return new Map(rows.map((a) => [a.id, { id: a.id, name: a.name, labels: (a.labels ?? {}) as Record<string, string> }]));
}

/** Replays a policy set against the recorded actions of the last `days` days (filtered), as the live set would have decided then. */
export async function replayPolicySet(set: PolicySet, filters: ReplayFilters, options: ReplayOptions = {}): Promise<ReplayRun> {
  const now = options.now ?? new Date();
  const { from, where } = await replayScope(filters, now);
  const decode = rowDecoder(await replayAgents());
  const replay = createReplay(set);
  // The total is for progress only: counted beside the read, and reported as soon as it is known.
  let total: number | undefined;
  let done = 0;
  let reported = -1;
  const progress = () => {
    if (total !== undefined && done > reported) options.onProgress?.((reported = done), Math.max(total, done));
  };
  const counting = options.onProgress
    ? readRows(`SELECT count(*)::int FROM actions a WHERE ${where}`).then((rows) => {
        total = (rows as [[number]])[0][0];
        progress();
      })
    : undefined;
  counting?.catch(() => undefined); // awaited (and so thrown) after the read; a failure meanwhile is not unhandled
  for await (const rows of recordedRows(where, options.signal)) {
    for (const row of rows) replay.add(decode(row));
    done += rows.length;
    if (done - reported >= PROGRESS_EVERY) progress();
  }
  await counting;
  progress();
  return {
    ...replay.report(),
    window: { from: from.toISOString(), to: now.toISOString(), days: filters.days },
    filters: { agent: filters.agent ?? null, type: filters.type ?? null },
  };
}
