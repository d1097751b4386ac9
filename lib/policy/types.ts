// The policy engine's contract with the rest of Gatehouse. Pure data: a decision is
// stored with the action and returned to the agent as it is.

import type { Role } from "../auth/permissions";

export type Effect = "allow" | "deny" | "require_approval";

/** What a policy is asked about: one intended action of one agent, at one moment. */
export type DecisionInput = {
  agent: { id?: string; name: string; labels: Record<string, string> };
  action: {
    type: string;
    resource: string;
    params: Record<string, unknown>;
    cost?: { amount: number; currency: string };
    impact?: { records?: number; amount?: number };
    context?: Record<string, unknown>;
  };
  now: Date;
};

/** Who may approve: anyone with one of the roles, in one of the groups, or named (user id or e-mail). */
export type Approvers = { roles: Role[]; users: string[]; groups: string[] };

export type ApprovalStepSpec = {
  approvers: Approvers;
  quorum: number;
  timeoutSeconds: number;
  onTimeout: "escalate" | "approve" | "deny";
  escalateTo?: Approvers;
};

export type ApprovalChainSpec = { steps: ApprovalStepSpec[]; expiresInSeconds: number; barOwner: boolean };

/** One thing that matched and why, e.g. "rule large-refunds matched: params.amount (250) > 100". */
export type Reason = {
  /** kill_switch, approval and standing_approval reasons are added outside the engine, by the decision path. */
  kind: "rule" | "limit" | "default" | "kill_switch" | "approval" | "standing_approval";
  policy: string | null;
  id: string;
  effect: Effect;
  message: string;
};

/** A limit that was checked for this action, whether or not it fired. */
export type LimitCheck = {
  policy: string;
  id: string;
  type: "rate" | "budget" | "cost" | "scope" | "impact";
  exceeded: boolean;
  message: string;
  counter?: string;
  used?: number;
  max?: number;
  /** A budget's counter, moved by actual − declared when the agent reported the actual cost. */
  reconciled?: { declared: number; actual: number; delta: number; at: string };
};

export type Decision = {
  effect: Effect;
  /** The policy and rule (or limit) that decided, null for the default deny. */
  policy: string | null;
  rule: string | null;
  reasons: Reason[];
  limits: LimitCheck[];
  /** Present when effect is require_approval: the chain of the deciding rule or limit. */
  approval?: ApprovalChainSpec;
};

/** A shared counter a rate or budget limit needs read before, and bumped after, a decision. */
export type CounterRequest = {
  key: string;
  windowStart: Date;
  windowSeconds: number;
  measure: "count" | "amount";
  /** What this action adds if it is counted: 1 for count, the cost amount for amount. */
  increment: number;
};

/** Current values of counters, by key, before this action. Missing key = 0. */
export type CounterUsage = Record<string, { count: number; amount: number }>;

export type PolicyFile = { path: string; content: string };

/** A load error with its exact place: `file:line:col: rules[2].when: CEL syntax error at col 14: …`. */
export type PolicyError = { file: string; line: number; column: number; path: string; message: string };

/** What a compiled set tells about each of its policies (for listings and the console). */
export type PolicySummary = {
  name: string;
  description: string | null;
  file: string;
  rules: number;
  limits: number;
  tests: number;
};

/** One test case carried in a policy (`spec.tests`), run against the whole set. */
export type PolicyTestResult = {
  policy: string;
  file: string;
  name: string;
  passed: boolean;
  expected: { effect: Effect; rule?: string | null; policy?: string | null };
  actual: { effect: Effect; rule: string | null; policy: string | null };
  /** The decision's reasons, for a failure report. */
  reasons: string[];
};
