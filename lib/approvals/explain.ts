import type { LimitCheck, Reason } from "../policy/types";
import type { ApprovalState } from "./machine";

// What the policy said about a request that waits for a human, in the inbox's words: the
// reason that asked for approval, and how careful to be. Pure: shared by the inbox, the
// notifications and "approve and remember".

export type Explanation = { policy: string | null; rule: string | null; message: string };

/**
 * How careful to be, from what the policy itself said (nothing is guessed): a chain of
 * several steps, a bar on the agent's owner, or a limit that asked for approval is "high";
 * one approver under a rule is "low".
 */
export type Risk = { level: "low" | "high"; why: string };

export type StoredDecision = {
  policy?: string | null;
  rule?: string | null;
  reasons?: Reason[];
  limits?: LimitCheck[];
  policyVersion?: number | null;
};

/** The policy's own words for why this needs a human: the reason of the rule or limit that decided. */
export function explanationOf(decision: unknown): Explanation {
  const d = (decision ?? {}) as StoredDecision;
  const reasons = d.reasons ?? [];
  const decider =
    reasons.find((r) => r.effect === "require_approval" && r.policy === d.policy && r.id === d.rule) ??
    reasons.find((r) => r.effect === "require_approval") ??
    reasons[0];
  return { policy: d.policy ?? null, rule: d.rule ?? null, message: decider?.message ?? "The policy asked for a human decision" };
}

/** The id of a limit that asked for approval (exceeded), if any. */
export function overLimit(decision: Pick<StoredDecision, "reasons">): string | undefined {
  return (decision.reasons ?? []).find((r) => r.kind === "limit" && r.effect === "require_approval")?.id ?? undefined;
}

/** Only a low-risk request may be approved in bulk or remembered as a standing approval. */
export function riskOf(state: ApprovalState, decision: unknown): Risk {
  const d = (decision ?? {}) as StoredDecision;
  // Any limit that asked for approval counts, even when a rule with the same effect decided first.
  const limit = overLimit(d);
  if (limit) return { level: "high", why: `over the limit ${limit}` };
  if (state.steps.length > 1) return { level: "high", why: `the policy wants ${state.steps.length} levels of approval` };
  if (state.barOwner) return { level: "high", why: "the policy bars the agent's owner from approving" };
  return { level: "low", why: "one approver suffices under this rule" };
}
