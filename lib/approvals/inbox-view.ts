import type { ApprovalView, ChainStep, Deadline, HistoryEntry, InboxItem, Money } from "../contracts/approvals";
import type { Prisma } from "../db/generated/client";
import { paramsAmount } from "../actions/present";
import type { Approvers } from "../policy/types";
import { explanationOf, riskOf, type Explanation, type Risk, type StoredDecision } from "./explain";
import { describeStep, mayVote, nextDeadline, type ApprovalState, type Voter, type VoteDecision } from "./machine";
import { approvalInclude } from "./rows";

// The approver's views of approval requests, made from rows already read: the inbox item,
// the request in full, the history entry. Pure: the queries are in inbox-store.ts.

export const inboxInclude = {
  ...approvalInclude,
  votes: { include: { step: { select: { index: true } }, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
  action: { include: { agent: { select: { ownerId: true, name: true, owner: { select: { email: true } } } } } },
} as const satisfies Prisma.ApprovalRequestInclude;

export type InboxRow = Prisma.ApprovalRequestGetPayload<{ include: typeof inboxInclude }>;
type ActionRow = InboxRow["action"];
type Decimal = { toNumber(): number };
type AmountColumns = { costAmount: Decimal | null; costCurrency: string | null; params: unknown };

/** Same agent, same action type, same policy rule, low risk: the policy treats them alike, so a person may too. */
export function batchOf(agentId: string, type: string, explanation: Explanation, risk: Risk): string | null {
  if (risk.level !== "low" || !explanation.rule) return null;
  return [agentId, type, explanation.policy ?? "", explanation.rule].join("\u0000");
}

export function deadlineOf(state: ApprovalState): Deadline | null {
  const at = nextDeadline(state);
  if (!at) return null;
  const step = state.steps[state.currentStep];
  if (at.getTime() === state.expiresAt.getTime() || !step) return { at: at.toISOString(), then: "expire" };
  // An escalated step that times out again is denied (the machine's fail-safe rule).
  return { at: at.toISOString(), then: step.onTimeout === "escalate" && step.escalated ? "deny" : step.onTimeout };
}

/** Who settled a finished request: the voters, or what did it instead (a timeout, the expiry, the kill switch). */
export function decidedByOf(state: ApprovalState, emailOf: (userId: string) => string): string[] {
  const voters = (decision: VoteDecision) => state.votes.filter((v) => v.decision === decision).map((v) => emailOf(v.userId));
  switch (state.status) {
    case "approved": {
      const byTimeout = state.steps.some(
        (s) =>
          s.status === "approved" &&
          state.votes.filter((v) => v.stepIndex === s.index && v.decision === "approve").length < Math.max(1, s.quorum),
      );
      return [...voters("approve"), ...(byTimeout ? ["timeout (auto-approved)"] : [])];
    }
    case "rejected": {
      const rejecters = voters("reject");
      return rejecters.length ? rejecters : ["timeout"];
    }
    case "expired":
      return ["expired"];
    case "cancelled":
      return [state.reason?.startsWith("kill switch") ? "kill switch" : "cancelled"];
    default:
      return [];
  }
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const money = (amount: Decimal | null, currency: string | null): Money | null =>
  amount === null ? null : { amount: amount.toNumber(), currency };

/** The declared cost, else a numeric `params.amount` (what policies often decide on), with no currency. */
export function amountOf(action: AmountColumns): Money | null {
  const stated = paramsAmount(action.params);
  return money(action.costAmount, action.costCurrency) ?? (stated === null ? null : { amount: stated, currency: null });
}

const impactOf = (a: ActionRow): InboxItem["impact"] =>
  a.impactRecords === null && a.impactAmount === null ? null : { records: a.impactRecords, amount: a.impactAmount?.toNumber() ?? null };

/** The policy's explanation, the risk and the bulk batch of a request. */
export function judge({ action }: Pick<InboxRow, "action">, state: ApprovalState) {
  const explanation = explanationOf(action.decision);
  const risk = riskOf(state, action.decision);
  return { explanation, risk, batch: batchOf(action.agentId, action.type, explanation, risk) };
}

export function toItem(row: InboxRow, state: ApprovalState): InboxItem {
  const { action } = row;
  const { explanation, risk, batch } = judge(row, state);
  return {
    requestId: row.id,
    actionId: action.id,
    agent: { id: action.agentId, name: action.agent.name },
    type: action.type,
    resource: action.resource,
    amount: amountOf(action),
    impact: impactOf(action),
    explanation,
    step: describeStep(state),
    deadline: deadlineOf(state)!,
    createdAt: row.createdAt.toISOString(),
    risk,
    batch,
  };
}

export function toChain(
  steps: InboxRow["steps"],
  votes: { stepId: string; decision: VoteDecision; comment: string | null; createdAt: Date; user: { email: string } }[],
): ChainStep[] {
  const approvers = (roles: Approvers["roles"], users: string[], groups: string[]): Approvers => ({ roles, users, groups });
  return steps.map((s) => ({
    index: s.index,
    approvers: approvers(s.approverRoles, s.approverUsers, s.approverGroups),
    escalateTo:
      s.escalateRoles.length || s.escalateUsers.length || s.escalateGroups.length
        ? approvers(s.escalateRoles, s.escalateUsers, s.escalateGroups)
        : null,
    escalated: s.escalated,
    quorum: s.quorum,
    timeoutSeconds: s.timeoutSeconds,
    onTimeout: s.onTimeout,
    status: s.status,
    startedAt: iso(s.startedAt),
    dueAt: iso(s.dueAt),
    completedAt: iso(s.completedAt),
    votes: votes
      .filter((v) => v.stepId === s.id)
      .map((v) => ({ email: v.user.email, decision: v.decision, comment: v.comment, at: v.createdAt.toISOString() })),
  }));
}

type RecentAction = AmountColumns & {
  id: string;
  type: string;
  resource: string;
  status: ApprovalView["action"]["status"];
  createdAt: Date;
};

/** One request in full, for the approver deciding it (`state` with its timers applied). */
export function toApprovalView(
  row: InboxRow,
  state: ApprovalState,
  recent: { actions: RecentAction[]; total: number },
  voter: Voter,
  now: Date,
): ApprovalView {
  const { action } = row;
  const decision = (action.decision ?? {}) as StoredDecision;
  const verdict = mayVote(state, voter, now);
  return {
    requestId: row.id,
    status: state.status,
    step: describeStep(state),
    reason: state.reason ?? null,
    deadline: deadlineOf(state),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: iso(state.decidedAt),
    agent: { id: action.agentId, name: action.agent.name, owner: action.agent.owner?.email ?? null },
    action: {
      id: action.id,
      type: action.type,
      resource: action.resource,
      status: action.status,
      params: action.params,
      context: (action.context ?? null) as Record<string, unknown> | null,
      amount: amountOf(action),
      impact: impactOf(action),
      createdAt: action.createdAt.toISOString(),
    },
    explanation: explanationOf(decision),
    reasons: decision.reasons ?? [],
    limits: decision.limits ?? [],
    policyVersion: decision.policyVersion ?? null,
    risk: riskOf(state, decision),
    chain: toChain(row.steps, row.votes),
    recent: {
      actions: recent.actions.map((a) => ({
        id: a.id,
        type: a.type,
        resource: a.resource,
        status: a.status,
        amount: amountOf(a),
        createdAt: a.createdAt.toISOString(),
      })),
      total: recent.total,
    },
    vote: verdict.ok ? { ok: true } : { ok: false, message: verdict.message },
  };
}

/** A decided request (`state` as stored) in the history list. */
export function toHistoryEntry(row: InboxRow, state: ApprovalState): HistoryEntry {
  const emails = new Map(row.votes.map((v) => [v.userId, v.user.email]));
  const decidedAt = row.decidedAt!;
  return {
    requestId: row.id,
    actionId: row.actionId,
    agent: { id: row.action.agentId, name: row.action.agent.name },
    type: row.action.type,
    resource: row.action.resource,
    amount: amountOf(row.action),
    outcome: row.status as HistoryEntry["outcome"],
    reason: row.reason,
    decidedBy: decidedByOf(state, (userId) => emails.get(userId) ?? userId),
    createdAt: row.createdAt.toISOString(),
    decidedAt: decidedAt.toISOString(),
    waitedMs: decidedAt.getTime() - row.createdAt.getTime(),
  };
}
