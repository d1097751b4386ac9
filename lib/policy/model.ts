import type { Condition } from "./cel";
import type { AgentSelector, Matcher } from "./match";
import type { ApprovalChainSpec, DecisionInput, Effect, PolicySummary } from "./types";

// The compiled form of a policy set: everything evaluate() needs, computed once.

export type CompiledRule = {
  kind: "rule";
  policyIndex: number;
  policy: string;
  id: string;
  effect: Effect;
  actions: Matcher;
  resources: Matcher | null;
  when: Condition | null;
  approval: ApprovalChainSpec | null;
};

type LimitBase = {
  kind: "limit";
  policyIndex: number;
  policy: string;
  id: string;
  effect: "deny" | "require_approval";
  actions: Matcher | null;
  resources: Matcher | null;
  approval: ApprovalChainSpec | null;
};

/** Counter keys already built, by agent name then action type ("" for a part the key leaves out). Bounded memo. */
export type CounterKeys = Map<string, Map<string, string>>;

export type CompiledLimit = LimitBase &
  (
    | {
        type: "rate";
        max: number;
        windowSeconds: number;
        per: "agent" | "action_type" | "agent_and_action_type";
        counterKeys: CounterKeys;
      }
    | { type: "budget"; max: number; period: "day" | "month"; currency: string | null; counterKeys: CounterKeys }
    | { type: "cost"; maxPerAction: number; currency: string | null }
    | { type: "scope"; scopeResources: Matcher | null; environments: readonly string[] | null }
    | { type: "impact"; maxRecords: number | null; maxAmount: number | null }
  );

export type CompiledTest = {
  policy: string;
  file: string;
  name: string;
  input: DecisionInput;
  /** Limit (policy/id) → usage the test starts from. */
  usage: { policy: string; id: string; count: number; amount: number }[];
  expect: { effect: Effect; rule?: string | null; policy?: string | null };
};

export type CompiledPolicy = {
  name: string;
  description: string | null;
  file: string;
  selects: AgentSelector;
  rules: CompiledRule[];
  limits: CompiledLimit[];
  tests: CompiledTest[];
};

export type Candidates = { rules: CompiledRule[]; limits: CompiledLimit[] };

// Registered (Symbol.for), not local: Next bundles this module once per route, and a set
// compiled by one route's copy is cached for the whole process (lib/process-singleton.ts).
export const COMPILED: unique symbol = Symbol.for("gatehouse.policy.compiled");

export type Compiled = {
  policies: CompiledPolicy[];
  /** All rules, then all limits, in precedence order (files by path, documents in order). */
  rules: CompiledRule[];
  limits: CompiledLimit[];
  /** Per action type: the rules and limits whose `actions` match it. Bounded memo. */
  byActionType: Map<string, Candidates>;
};

/** A compiled, immutable policy set. */
export type PolicySet = {
  readonly policies: readonly PolicySummary[];
  /** SHA-256 of the sources, the same as the policy store's checksum of these files. */
  readonly checksum: string;
  readonly files: readonly string[];
  readonly [COMPILED]: Compiled;
};

export const MEMO_LIMIT = 4096;

export function candidatesFor(c: Compiled, actionType: string): Candidates {
  let hit = c.byActionType.get(actionType);
  if (!hit) {
    hit = {
      rules: c.rules.filter((r) => r.actions(actionType)),
      limits: c.limits.filter((l) => !l.actions || l.actions(actionType)),
    };
    if (c.byActionType.size >= MEMO_LIMIT) c.byActionType.clear();
    c.byActionType.set(actionType, hit);
  }
  return hit;
}
