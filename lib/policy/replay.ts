import { evaluate } from "./evaluate";
import { countersFor } from "./limits";
import type { PolicySet } from "./model";
import type { Approvers, CounterUsage, Decision, DecisionInput, Effect } from "./types";

// A dry run against history: each recorded action's input is decided again by a draft
// set, with the limit usage recorded at its decision time, and compared with what the
// policy decided then. Counters only the draft has (a new limit, a changed window) were
// never recorded: they are rebuilt from the replayed actions themselves, counting those
// the draft would not deny, from zero at the start of the window. Actions the kill
// switch halted, or that a standing approval let through, are reported apart.

export const EFFECTS = ["allow", "require_approval", "deny"] as const satisfies readonly Effect[];
export type TransitionKey = `${Effect}->${Effect}`;
const TRANSITION_KEYS = Object.fromEntries(EFFECTS.map((a) => [a, Object.fromEntries(EFFECTS.map((b) => [b, `${a}->${b}`]))])) as Record<
  Effect,
  Record<Effect, TransitionKey>
>;
export const transitionKey = (from: Effect, to: Effect): TransitionKey => TRANSITION_KEYS[from][to];
export const emptyTransitions = () =>
  Object.fromEntries(EFFECTS.flatMap((a) => EFFECTS.map((b) => [transitionKey(a, b), 0]))) as Record<TransitionKey, number>;

/** One action as it was recorded, with what decided it then. */
export type RecordedAction = {
  id: string;
  input: DecisionInput;
  halted: boolean;
  /** What the policy said then (before any human or standing approval). */
  effect: Effect;
  /** "policy/rule" that decided then, null for the default deny. */
  rule: string | null;
  standing: boolean;
  /** Counter values by key at decision time, as the live set read them (a count for rate, an amount for budget counters). */
  usage: CounterUsage;
  /** Who the recorded approval request went to first (require_approval only). */
  approvers: Approvers | null;
};

export type ReplaySample = {
  actionId: string;
  agent: string;
  type: string;
  resource: string;
  at: string;
  from: Effect;
  to: Effect;
  was: string | null;
  now: string | null;
};

export type ReplayCause = {
  cause: string;
  kind: "rule" | "limit" | "default";
  changed: number;
  transitions: Partial<Record<TransitionKey, number>>;
  samples: string[];
};

export type ReplayReport = {
  total: number;
  changed: number;
  transitions: Record<TransitionKey, number>;
  byRule: ReplayCause[];
  samples: ReplaySample[];
  halted: number;
  standing: { total: number; transitions: Record<TransitionKey, number> };
  workload: {
    days: { day: string; before: number; after: number }[];
    before: number;
    after: number;
    targets: { target: string; before: number; after: number }[];
  };
};

const SAMPLES = 20;
const QUIET = { explain: false }; // a replay compares outcomes: no reason's message is read
const SAMPLES_PER_CAUSE = 5;

export const ruleRef = (policy: string | null, rule: string | null) => (rule ? `${policy ?? "?"}/${rule}` : null);

/** "roles approver, admin; group finance" — who an approval request goes to first. */
export function describeApprovers(a: Approvers | null | undefined): string {
  if (!a) return "admins (no chain given)";
  const parts = [
    a.roles.length ? `${a.roles.length > 1 ? "roles" : "role"} ${a.roles.join(", ")}` : "",
    a.groups.length ? `${a.groups.length > 1 ? "groups" : "group"} ${a.groups.join(", ")}` : "",
    a.users.length ? `${a.users.length > 1 ? "users" : "user"} ${a.users.join(", ")}` : "",
  ];
  return parts.filter(Boolean).join("; ");
}

type Cause = { cause: string; kind: ReplayCause["kind"] };

function causeOf(d: Decision): Cause {
  const ref = ruleRef(d.policy, d.rule);
  if (!ref) return { cause: "default deny", kind: "default" };
  const reason = d.reasons.find((r) => r.id === d.rule && r.policy === d.policy);
  return { cause: ref, kind: reason?.kind === "limit" ? "limit" : "rule" };
}

export function createReplay(set: PolicySet) {
  const transitions = emptyTransitions();
  const standing = emptyTransitions();
  const causes = new Map<string, ReplayCause>();
  const samples: ReplaySample[] = [];
  const days = new Map<number, { before: number; after: number }>(); // by UTC day number
  const targets = new Map<string, { before: number; after: number }>();
  const rebuilt = new Map<string, { count: number; amount: number }>();
  // Approver lists are shared objects (one per rule, one per distinct recorded list): each is described once.
  const described = new Map<Approvers | null | undefined, string>();
  const describe = (a: Approvers | null | undefined) => {
    let text = described.get(a);
    if (text === undefined) described.set(a, (text = describeApprovers(a)));
    return text;
  };
  // A rule or limit id is unique in its policy: what decided is a rule or a limit, whatever the action.
  const known = new Map<string | null, Map<string | null, Cause>>();
  const causeFor = (d: Decision) => {
    let byRule = known.get(d.policy);
    if (!byRule) known.set(d.policy, (byRule = new Map()));
    let c = byRule.get(d.rule);
    if (!c) byRule.set(d.rule, (c = causeOf(d)));
    return c;
  };
  let total = 0;
  let changed = 0;
  let halted = 0;
  let standingTotal = 0;

  const tally = <K>(map: Map<K, { before: number; after: number }>, key: K, side: "before" | "after") => {
    const entry = map.get(key) ?? { before: 0, after: 0 };
    entry[side]++;
    map.set(key, entry);
  };

  /**
   * The draft's decision with the usage recorded then. Only when the draft checks a counter
   * the live set never recorded is it decided again, with that counter as rebuilt so far.
   */
  function decide(row: RecordedAction): Decision {
    const first = evaluate(set, row.input, row.usage, QUIET);
    if (!first.limits.some((l) => l.counter !== undefined && !(l.counter in row.usage))) return first;
    const missing = countersFor(set, row.input).filter((c) => !(c.key in row.usage));
    const usage: CounterUsage = { ...row.usage };
    for (const c of missing) {
      const own = rebuilt.get(`${c.key}@${c.windowStart.getTime()}`);
      if (own) usage[c.key] = own;
    }
    const decision = Object.keys(usage).length > Object.keys(row.usage).length ? evaluate(set, row.input, usage, QUIET) : first;
    if (decision.effect !== "deny") {
      for (const c of missing) {
        const key = `${c.key}@${c.windowStart.getTime()}`;
        const own = rebuilt.get(key) ?? { count: 0, amount: 0 };
        if (c.measure === "count") own.count += c.increment;
        else own.amount += c.increment;
        rebuilt.set(key, own);
      }
    }
    return decision;
  }

  function add(row: RecordedAction) {
    if (row.halted) {
      halted++;
      return;
    }
    const decision = decide(row);
    const key = transitionKey(row.effect, decision.effect);
    if (row.standing) {
      standingTotal++;
      standing[key]++;
      return;
    }
    total++;
    transitions[key]++;
    const day = Math.floor(row.input.now.getTime() / 86_400_000);
    if (row.effect === "require_approval") {
      tally(days, day, "before");
      tally(targets, describe(row.approvers), "before");
    }
    if (decision.effect === "require_approval") {
      tally(days, day, "after");
      tally(targets, describe(decision.approval?.steps[0]?.approvers), "after");
    }
    if (row.effect === decision.effect) return;
    changed++;
    const { cause, kind } = causeFor(decision);
    const entry = causes.get(cause) ?? { cause, kind, changed: 0, transitions: {}, samples: [] };
    entry.changed++;
    entry.transitions[key] = (entry.transitions[key] ?? 0) + 1;
    if (entry.samples.length < SAMPLES_PER_CAUSE) entry.samples.push(row.id);
    causes.set(cause, entry);
    if (samples.length < SAMPLES) {
      const { input } = row;
      samples.push({
        actionId: row.id,
        agent: input.agent.name,
        type: input.action.type,
        resource: input.action.resource,
        at: input.now.toISOString(),
        from: row.effect,
        to: decision.effect,
        was: row.rule,
        now: ruleRef(decision.policy, decision.rule),
      });
    }
  }

  function report(): ReplayReport {
    const sum = (side: "before" | "after") => [...days.values()].reduce((n, d) => n + d[side], 0);
    return {
      total,
      changed,
      transitions,
      byRule: [...causes.values()].sort((a, b) => b.changed - a.changed || a.cause.localeCompare(b.cause)),
      samples,
      halted,
      standing: { total: standingTotal, transitions: standing },
      workload: {
        days: [...days].sort(([a], [b]) => a - b).map(([day, n]) => ({ day: new Date(day * 86_400_000).toISOString().slice(0, 10), ...n })),
        before: sum("before"),
        after: sum("after"),
        targets: [...targets].map(([target, n]) => ({ target, ...n })).sort((a, b) => b.after + b.before - (a.after + a.before)),
      },
    };
  }

  return { add, report };
}
