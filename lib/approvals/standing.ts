import { systemActor, type AuditEvent } from "../audit/entry";
import { utcMinute } from "../format/time";
import type { Decision, Reason } from "../policy/types";

// "Approve and remember": a time-boxed standing approval lets one agent's actions of one
// exact type, up to an amount, through without a human, where the same policy rule asked
// for approval. It is made only from a low-risk request approved in full (one step, no
// owner bar, not a limit), never turns a deny into an allow, and the kill switch is
// checked before it. Pure matching and explaining here; standing-store.ts reads, and
// standing-service.ts creates and revokes.

export type StandingCandidate = {
  id: string;
  agentId: string;
  actionType: string;
  maxAmount: number | null;
  currency: string | null;
  /** The rule whose requests it covers. */
  policy: string | null;
  rule: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
};

/**
 * The rule that asked for approval, and the action's amounts: its declared cost and impact
 * and a numeric `params.amount`; every stated one must fit under the cap.
 */
export type ActionToMatch = {
  agentId: string;
  type: string;
  policy: string | null;
  rule: string | null;
  costAmount: number | null;
  costCurrency: string | null;
  impactAmount?: number | null;
  paramsAmount?: number | null;
};

export const isActiveStanding = (s: Pick<StandingCandidate, "expiresAt" | "revokedAt">, now: Date) =>
  s.revokedAt === null && now.getTime() < s.expiresAt.getTime();

function covers(s: StandingCandidate, action: ActionToMatch): boolean {
  if (s.agentId !== action.agentId || s.actionType !== action.type) return false;
  if (s.policy !== action.policy || s.rule !== action.rule) return false;
  if (s.currency !== null && s.currency !== action.costCurrency) return false;
  if (s.maxAmount === null) return true;
  const amounts = [action.costAmount, action.impactAmount ?? null, action.paramsAmount ?? null].filter((a): a is number => a !== null);
  // An action that states no amount could be of any size: only an uncapped approval covers it.
  return amounts.length > 0 && amounts.every((a) => a <= s.maxAmount!);
}

/**
 * The active standing approval that covers this action, or undefined. Of several, the
 * tightest cap wins (then the earliest expiry), so the explanation names the narrowest grant.
 */
export function matchStandingApproval<C extends StandingCandidate>(
  candidates: readonly C[],
  action: ActionToMatch,
  now: Date,
): C | undefined {
  const cap = (s: C) => s.maxAmount ?? Number.POSITIVE_INFINITY;
  return candidates
    .filter((s) => isActiveStanding(s, now) && covers(s, action))
    .sort((a, b) => cap(a) - cap(b) || a.expiresAt.getTime() - b.expiresAt.getTime() || a.id.localeCompare(b.id))[0];
}

/** "up to 150 USD", "up to 150", "any amount in USD", "any amount". */
export function describeCap(maxAmount: number | null, currency: string | null): string {
  if (maxAmount === null) return currency ? `any amount in ${currency}` : "any amount";
  return `up to ${maxAmount}${currency ? ` ${currency}` : ""}`;
}

export type MatchedStanding = StandingCandidate & { authorEmail: string };

/** The policy asked for approval; a standing approval gives it: allow, with the reason why. */
export function allowedByStanding<D extends Decision>(decision: D, standing: MatchedStanding): D {
  const { approval: _chain, ...rest } = decision;
  const reason: Reason = {
    kind: "standing_approval",
    policy: null,
    id: standing.id,
    effect: "allow",
    message: `auto-approved by standing approval ${standing.id} from ${standing.authorEmail} for rule ${standing.rule ?? "?"} (${describeCap(standing.maxAmount, standing.currency)}, until ${utcMinute(standing.expiresAt)})`,
  };
  return { ...rest, effect: "allow", reasons: [...decision.reasons, reason] } as D;
}

/** The audit entry that records a standing approval was used for an action. */
export function standingApprovalUsed(standing: MatchedStanding, action: { id: string; agentId: string; type: string }): AuditEvent {
  return {
    type: "standing_approval.used",
    actor: systemActor("policy-engine"),
    subject: { type: "standing_approval", id: standing.id },
    agentId: action.agentId,
    data: {
      actionId: action.id,
      actionType: action.type,
      maxAmount: standing.maxAmount,
      currency: standing.currency,
      createdBy: standing.authorEmail,
    },
  };
}
