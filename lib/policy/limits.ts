import { candidatesFor, COMPILED, MEMO_LIMIT, type Compiled, type CompiledLimit, type PolicySet } from "./model";
import type { CounterRequest, CounterUsage, DecisionInput, LimitCheck } from "./types";

// Limits: which apply to an input, the shared counters rate and budget limits need, and
// the check itself. Fixed windows: a rate window starts at floor(now / window) * window;
// a budget's day or month is the UTC calendar day or month.

/** Per decision: is policy i selecting this agent? Computed on first use. */
export function policySelection(c: Compiled, agent: DecisionInput["agent"]): (i: number) => boolean {
  const memo = new Int8Array(c.policies.length); // 0 unknown, 1 yes, 2 no
  return (i) => {
    let m = memo[i];
    if (!m) memo[i] = m = c.policies[i]!.selects(agent) ? 1 : 2;
    return m === 1;
  };
}

export function limitApplies(limit: CompiledLimit, input: DecisionInput): boolean {
  if (limit.resources && !limit.resources(input.action.resource)) return false;
  if (limit.type === "budget" || limit.type === "cost") {
    const cost = input.action.cost;
    if (!cost) return false;
    if (limit.currency !== null && cost.currency !== limit.currency) return false;
  }
  return true;
}

export function applicableLimits(c: Compiled, input: DecisionInput, selected: (i: number) => boolean): CompiledLimit[] {
  const out: CompiledLimit[] = [];
  for (const l of candidatesFor(c, input.action.type).limits) if (selected(l.policyIndex) && limitApplies(l, input)) out.push(l);
  return out;
}

const enc = (s: string) => encodeURIComponent(s);

/**
 * The key of the counter a rate or budget limit reads for this input. Keys repeat (a few
 * per agent and limit): each is built once and kept on the limit, so that every decision
 * looks usage up by the same string.
 */
export function counterKey(limit: CompiledLimit & { type: "rate" | "budget" }, input: DecisionInput): string {
  const byAgent = limit.type === "budget" || limit.per !== "action_type";
  const byType = limit.type === "rate" && limit.per !== "agent";
  const agent = byAgent ? input.agent.name : "";
  const type = byType ? input.action.type : "";
  let forAgent = limit.counterKeys.get(agent);
  let key = forAgent?.get(type);
  if (key === undefined) {
    key = buildCounterKey(limit, agent, type);
    if (!forAgent) {
      if (limit.counterKeys.size >= MEMO_LIMIT) limit.counterKeys.clear();
      limit.counterKeys.set(agent, (forAgent = new Map()));
    }
    if (forAgent.size >= MEMO_LIMIT) forAgent.clear();
    forAgent.set(type, key);
  }
  return key;
}

function buildCounterKey(limit: CompiledLimit & { type: "rate" | "budget" }, agentName: string, type: string): string {
  const agent = `agent=${enc(agentName)}`;
  if (limit.type === "budget")
    return `budget:${limit.policy}/${limit.id}:${limit.period}:${agent}${limit.currency ? `;currency=${enc(limit.currency)}` : ""}`;
  const who = limit.per === "agent" ? agent : limit.per === "action_type" ? `type=${enc(type)}` : `${agent};type=${enc(type)}`;
  return `rate:${limit.policy}/${limit.id}:${limit.windowSeconds}s:${who}`;
}

/** The counter a rate or budget limit needs for this input; null for the other types. */
export function counterFor(limit: CompiledLimit, input: DecisionInput): CounterRequest | null {
  if (limit.type === "rate") {
    const ms = limit.windowSeconds * 1000;
    return {
      key: counterKey(limit, input),
      windowStart: new Date(Math.floor(input.now.getTime() / ms) * ms),
      windowSeconds: limit.windowSeconds,
      measure: "count",
      increment: 1,
    };
  }
  if (limit.type === "budget") {
    return {
      key: counterKey(limit, input),
      ...budgetWindow(limit.period, input.now),
      measure: "amount",
      increment: input.action.cost?.amount ?? 0,
    };
  }
  return null;
}

/** The UTC day or month a budget counts in. */
function budgetWindow(period: "day" | "month", d: Date) {
  const start =
    period === "day" ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = period === "day" ? start + 86_400_000 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { windowStart: new Date(start), windowSeconds: (end - start) / 1000 };
}

/**
 * Reconciling the cost an agent reports: each budget counter its decision charged (the
 * declared cost, in the window of the decision) moves by actual − declared. Returns the
 * counter moves and the decision's limit checks annotated with the reconciliation.
 */
export function costReconciliation(limits: readonly LimitCheck[], declared: number, actual: number, decidedAt: Date, at: Date) {
  const delta = Math.round((actual - declared) * 1e4) / 1e4; // counters keep 4 decimals
  const moves: CounterRequest[] = [];
  const annotated = limits.map((check) => {
    const period = check.type === "budget" ? /^budget:[^:]+:(day|month):/.exec(check.counter ?? "")?.[1] : undefined;
    if (!period || !check.counter) return check;
    if (delta !== 0)
      moves.push({ key: check.counter, ...budgetWindow(period as "day" | "month", decidedAt), measure: "amount", increment: delta });
    return { ...check, reconciled: { declared, actual, delta, at: at.toISOString() } };
  });
  return { delta, moves, limits: annotated };
}

/** The counters the limits that apply to this input need, in a stable (key) order. */
export function countersFor(set: PolicySet, input: DecisionInput): CounterRequest[] {
  const c = set[COMPILED];
  const out: CounterRequest[] = [];
  for (const l of applicableLimits(c, input, policySelection(c, input.agent))) {
    const req = counterFor(l, input);
    if (req) out.push(req);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const num = (n: number) => String(Math.round(n * 1e6) / 1e6);
const EPSILON = 1e-9;
const duration = (s: number) =>
  s % 86_400 === 0 ? `${s / 86_400}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;

/** A limit's check; its message only when `explain` (a replay needs the outcome alone). */
function limitCheck(
  limit: CompiledLimit,
  exceeded: boolean,
  explain: boolean,
  detail: string,
  counter?: string,
  used?: number,
  max?: number,
): LimitCheck {
  // Built field by field (no object spread): this runs for every limit of every decision and every replayed action.
  const check: LimitCheck = {
    policy: limit.policy,
    id: limit.id,
    type: limit.type,
    exceeded,
    message: explain ? `${limit.type} limit ${limit.id} ${exceeded ? "exceeded" : "ok"}: ${detail}` : "",
  };
  if (counter !== undefined) check.counter = counter;
  if (used !== undefined) check.used = used;
  if (max !== undefined) check.max = max;
  return check;
}

export function checkLimit(limit: CompiledLimit, input: DecisionInput, usage: CounterUsage, explain = true): LimitCheck {
  const { action, agent } = input;
  switch (limit.type) {
    case "rate": {
      const key = counterKey(limit, input);
      const used = usage[key]?.count ?? 0;
      const over = used + 1 > limit.max;
      if (!explain) return limitCheck(limit, over, false, "", key, used, limit.max);
      const what =
        limit.per === "agent"
          ? `for agent ${agent.name}`
          : limit.per === "action_type"
            ? `of ${action.type}`
            : `of ${action.type} for agent ${agent.name}`;
      const detail = `${used} used + 1 ${over ? ">" : "<="} max ${limit.max} per ${duration(limit.windowSeconds)} ${what}`;
      return limitCheck(limit, over, true, detail, key, used, limit.max);
    }
    case "budget": {
      const key = counterKey(limit, input);
      const used = usage[key]?.amount ?? 0;
      const amount = action.cost?.amount ?? 0;
      const over = used + amount > limit.max + EPSILON;
      const cur = limit.currency ? ` ${limit.currency}` : "";
      const detail = explain
        ? `${num(used)} used + ${num(amount)} ${over ? ">" : "<="} max ${num(limit.max)}${cur} per ${limit.period} (UTC) for agent ${agent.name}`
        : "";
      return limitCheck(limit, over, explain, detail, key, used, limit.max);
    }
    case "cost": {
      const amount = action.cost?.amount ?? 0;
      const over = amount > limit.maxPerAction + EPSILON;
      const currency = action.cost?.currency ? ` ${action.cost.currency}` : "";
      const detail = explain ? `cost ${num(amount)}${currency} ${over ? ">" : "<="} max ${num(limit.maxPerAction)} per action` : "";
      return limitCheck(limit, over, explain, detail, undefined, amount, limit.maxPerAction);
    }
    case "scope": {
      const problems: string[] = [];
      const fine: string[] = [];
      if (limit.scopeResources) {
        const list = `[${limit.scopeResources.patterns.join(", ")}]`;
        if (limit.scopeResources(action.resource)) fine.push(`resource ${action.resource} in ${list}`);
        else problems.push(`resource ${action.resource} not in ${list}`);
      }
      if (limit.environments) {
        const env = environmentOf(input);
        const list = `[${limit.environments.join(", ")}]`;
        if (env === undefined) problems.push(`no environment given (context.environment or params.environment), expected one of ${list}`);
        else if (limit.environments.includes(env)) fine.push(`environment ${env} in ${list}`);
        else problems.push(`environment ${env} not in ${list}`);
      }
      return limitCheck(limit, problems.length > 0, explain, (problems.length > 0 ? problems : fine).join("; "));
    }
    case "impact": {
      const parts: string[] = [];
      let over = false;
      if (limit.maxRecords !== null) {
        const records = action.impact?.records ?? 0;
        const o = records > limit.maxRecords;
        over ||= o;
        parts.push(`${records} records ${o ? ">" : "<="} max ${limit.maxRecords}`);
      }
      if (limit.maxAmount !== null) {
        const amount = action.impact?.amount ?? 0;
        const o = amount > limit.maxAmount + EPSILON;
        over ||= o;
        parts.push(`amount ${num(amount)} ${o ? ">" : "<="} max ${num(limit.maxAmount)}`);
      }
      return limitCheck(limit, over, explain, parts.join(", "));
    }
  }
}

function environmentOf(input: DecisionInput): string | undefined {
  const fromContext = input.action.context?.environment;
  if (typeof fromContext === "string") return fromContext;
  const fromParams = input.action.params?.environment;
  return typeof fromParams === "string" ? fromParams : undefined;
}
