import { z } from "zod";
import { can, type Role } from "../auth/permissions";
import type { ActionStatus } from "../contracts/actions";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { Approvers, LimitCheck, Reason } from "../policy/types";
import { describeStep, mayVote, nextDeadline, tick, type ApprovalState, type ApprovalStatus, type OnTimeout, type StepStatus, type VoteDecision } from "./machine";
import { approvalInclude, toApprovalState } from "./rows";
import { decideApproval, type ApprovalVoter } from "./service";
import { createStandingApproval, StandingApprovalSchema } from "./standing";

// The approver's side of approvals: what the signed-in user may decide now (most urgent
// first), one request in full, what was decided, and deciding one or a batch. Views are
// plain JSON (ISO dates, numbers), ready for a route to return.

// ─────────────────────────────── views ───────────────────────────────

export type Money = { amount: number; currency: string | null };
export type Explanation = { policy: string | null; rule: string | null; message: string };
/** What happens at the deadline: the step's timeout (escalate / approve / deny) or the request's expiry (denied). */
export type Deadline = { at: string; then: OnTimeout | "expire" };
/**
 * How careful to be, from what the policy itself said (nothing is guessed): a chain of
 * several steps, a bar on the agent's owner, or a limit that asked for approval is "high";
 * one approver under a rule is "low".
 */
export type Risk = { level: "low" | "high"; why: string };

export type InboxItem = {
  requestId: string;
  actionId: string;
  agent: { id: string; name: string };
  type: string;
  resource: string;
  amount: Money | null;
  impact: { records: number | null; amount: number | null } | null;
  explanation: Explanation;
  step: string;
  deadline: Deadline;
  createdAt: string;
  risk: Risk;
  /** Identical low-risk requests share a batch and may be decided together; null: one by one. */
  batch: string | null;
};

export type ChainVote = { email: string; decision: VoteDecision; comment: string | null; at: string };
export type ChainStep = {
  index: number;
  approvers: Approvers;
  escalateTo: Approvers | null;
  escalated: boolean;
  quorum: number;
  timeoutSeconds: number;
  onTimeout: OnTimeout;
  status: StepStatus;
  startedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  votes: ChainVote[];
};

export type ApprovalView = {
  requestId: string;
  status: ApprovalStatus;
  step: string;
  reason: string | null;
  deadline: Deadline | null;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  agent: { id: string; name: string; owner: string | null };
  action: {
    id: string;
    type: string;
    resource: string;
    status: ActionStatus;
    params: unknown;
    context: Record<string, unknown> | null;
    amount: Money | null;
    impact: InboxItem["impact"];
    createdAt: string;
  };
  explanation: Explanation;
  reasons: Reason[];
  limits: LimitCheck[];
  policyVersion: number | null;
  risk: Risk;
  chain: ChainStep[];
  /** The agent's other actions from an hour before this request until now, newest first. */
  recent: { actions: { id: string; type: string; resource: string; status: ActionStatus; amount: Money | null; createdAt: string }[]; total: number };
  /** Whether the signed-in user may vote now, and why not. */
  vote: { ok: true } | { ok: false; message: string };
};

export type HistoryEntry = {
  requestId: string;
  actionId: string;
  agent: { id: string; name: string };
  type: string;
  resource: string;
  amount: Money | null;
  outcome: Exclude<ApprovalStatus, "pending">;
  reason: string | null;
  decidedBy: string[];
  createdAt: string;
  decidedAt: string;
  waitedMs: number;
};

export type InboxUser = ApprovalVoter;

// ─────────────────────────────── pure parts ───────────────────────────────

type StoredDecision = { policy?: string | null; rule?: string | null; reasons?: Reason[]; limits?: LimitCheck[]; policyVersion?: number | null };

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

export function riskOf(state: ApprovalState, decision: unknown): Risk {
  const d = (decision ?? {}) as StoredDecision;
  const byLimit = (d.reasons ?? []).some((r) => r.kind === "limit" && r.effect === "require_approval" && r.id === d.rule);
  if (byLimit) return { level: "high", why: `over the limit ${d.rule}` };
  if (state.steps.length > 1) return { level: "high", why: `the policy wants ${state.steps.length} levels of approval` };
  if (state.barOwner) return { level: "high", why: "the policy bars the agent's owner from approving" };
  return { level: "low", why: "one approver suffices under this rule" };
}

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
      const byTimeout = state.steps.some((s) => s.status === "approved" && state.votes.filter((v) => v.stepIndex === s.index && v.decision === "approve").length < Math.max(1, s.quorum));
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

// ─────────────────────────────── reading ───────────────────────────────

const inboxInclude = {
  ...approvalInclude,
  votes: { include: { step: { select: { index: true } }, user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
  action: { include: { agent: { select: { ownerId: true, name: true, owner: { select: { email: true } } } } } },
} as const satisfies Prisma.ApprovalRequestInclude;

type InboxRow = Prisma.ApprovalRequestGetPayload<{ include: typeof inboxInclude }>;
type ActionRow = InboxRow["action"];

const MAX_CANDIDATES = 500;
const RECENT_WINDOW_MS = 3_600_000;
const RECENT_SHOWN = 20;

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const money = (amount: { toNumber(): number } | null, currency: string | null): Money | null => (amount === null ? null : { amount: amount.toNumber(), currency });
const impactOf = (a: ActionRow): InboxItem["impact"] =>
  a.impactRecords === null && a.impactAmount === null ? null : { records: a.impactRecords, amount: a.impactAmount?.toNumber() ?? null };

/** The policy's explanation, the risk and the bulk batch of a request. */
function judge({ action }: InboxRow, state: ApprovalState) {
  const explanation = explanationOf(action.decision);
  const risk = riskOf(state, action.decision);
  return { explanation, risk, batch: batchOf(action.agentId, action.type, explanation, risk) };
}

function toItem(row: InboxRow, state: ApprovalState): InboxItem {
  const { action } = row;
  const { explanation, risk, batch } = judge(row, state);
  return {
    requestId: row.id,
    actionId: action.id,
    agent: { id: action.agentId, name: action.agent.name },
    type: action.type,
    resource: action.resource,
    amount: money(action.costAmount, action.costCurrency),
    impact: impactOf(action),
    explanation,
    step: describeStep(state),
    deadline: deadlineOf(state)!,
    createdAt: row.createdAt.toISOString(),
    risk,
    batch,
  };
}

/**
 * Pending requests the user may vote on now, the soonest deadline first. SQL narrows to
 * pending, unexpired requests the user has not voted on yet; the state machine decides
 * the rest (timers applied, owner bar, the current step's roles, groups and names).
 */
export async function listInbox(user: InboxUser, now = new Date()): Promise<{ items: InboxItem[]; truncated: boolean }> {
  // Approvers are not narrowed in SQL: a filter on the role[] columns trips the embedded
  // database's driver when the enum was created by a migration in the same process.
  const rows = await db().approvalRequest.findMany({
    where: { status: "pending", expiresAt: { gt: now }, votes: { none: { userId: user.id } } },
    include: inboxInclude,
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    take: MAX_CANDIDATES + 1,
  });
  const items = rows.slice(0, MAX_CANDIDATES).flatMap((row) => {
    const state = tick(toApprovalState(row), now).state;
    return mayVote(state, user, now).ok ? [toItem(row, state)] : [];
  });
  items.sort((a, b) => a.deadline.at.localeCompare(b.deadline.at) || a.createdAt.localeCompare(b.createdAt));
  return { items, truncated: rows.length > MAX_CANDIDATES };
}

export function toChain(
  steps: InboxRow["steps"],
  votes: { stepId: string; decision: VoteDecision; comment: string | null; createdAt: Date; user: { email: string } }[],
): ChainStep[] {
  const approvers = (roles: Role[], users: string[], groups: string[]): Approvers => ({ roles, users, groups });
  return steps.map((s) => ({
    index: s.index,
    approvers: approvers(s.approverRoles, s.approverUsers, s.approverGroups),
    escalateTo: s.escalateRoles.length || s.escalateUsers.length || s.escalateGroups.length ? approvers(s.escalateRoles, s.escalateUsers, s.escalateGroups) : null,
    escalated: s.escalated,
    quorum: s.quorum,
    timeoutSeconds: s.timeoutSeconds,
    onTimeout: s.onTimeout,
    status: s.status,
    startedAt: iso(s.startedAt),
    dueAt: iso(s.dueAt),
    completedAt: iso(s.completedAt),
    votes: votes.filter((v) => v.stepId === s.id).map((v) => ({ email: v.user.email, decision: v.decision, comment: v.comment, at: v.createdAt.toISOString() })),
  }));
}

/** One request in full, for the approver deciding it. */
export async function getApprovalView(requestId: string, user: InboxUser, now = new Date()): Promise<ApprovalView> {
  const row = await db().approvalRequest.findUnique({ where: { id: requestId }, include: inboxInclude });
  if (!row) throw new NotFoundError("Approval request");
  const { action } = row;
  const state = tick(toApprovalState(row), now).state;
  const since = new Date(action.createdAt.getTime() - RECENT_WINDOW_MS);
  const recentWhere = { agentId: action.agentId, id: { not: action.id }, createdAt: { gte: since } };
  const [recent, total] = await Promise.all([
    db().action.findMany({ where: recentWhere, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT_SHOWN }),
    db().action.count({ where: recentWhere }),
  ]);
  const decision = (action.decision ?? {}) as StoredDecision;
  const verdict = mayVote(state, user, now);
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
      amount: money(action.costAmount, action.costCurrency),
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
      actions: recent.map((a) => ({ id: a.id, type: a.type, resource: a.resource, status: a.status, amount: money(a.costAmount, a.costCurrency), createdAt: a.createdAt.toISOString() })),
      total,
    },
    vote: verdict.ok ? { ok: true } : { ok: false, message: verdict.message },
  };
}

export const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** `<decidedAt ISO>_<id>` of the last entry of the previous page. */
  cursor: z.string().regex(/^[^_]+_[0-9a-f-]{36}$/, "cursor is not valid").optional(),
});

/** Decided requests, the most recently decided first, keyset-paginated on (decided_at, id). */
export async function listHistory(query: z.input<typeof HistoryQuerySchema>): Promise<{ entries: HistoryEntry[]; nextCursor: string | null }> {
  const { limit, cursor } = HistoryQuerySchema.parse(query);
  const [at, id] = cursor ? cursor.split("_") : [];
  const after = at && id ? { OR: [{ decidedAt: { lt: new Date(at) } }, { decidedAt: new Date(at), id: { lt: id } }] } : {};
  const rows = await db().approvalRequest.findMany({
    where: { status: { not: "pending" }, decidedAt: { not: null }, ...after },
    include: inboxInclude,
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const entries = rows.slice(0, limit).map((row): HistoryEntry => {
    const state = toApprovalState(row);
    const emails = new Map(row.votes.map((v) => [v.userId, v.user.email]));
    const decidedAt = row.decidedAt!;
    return {
      requestId: row.id,
      actionId: row.actionId,
      agent: { id: row.action.agentId, name: row.action.agent.name },
      type: row.action.type,
      resource: row.action.resource,
      amount: money(row.action.costAmount, row.action.costCurrency),
      outcome: row.status as HistoryEntry["outcome"],
      reason: row.reason,
      decidedBy: decidedByOf(state, (userId) => emails.get(userId) ?? userId),
      createdAt: row.createdAt.toISOString(),
      decidedAt: decidedAt.toISOString(),
      waitedMs: decidedAt.getTime() - row.createdAt.getTime(),
    };
  });
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? `${last.decidedAt}_${last.requestId}` : null };
}

// ─────────────────────────────── deciding ───────────────────────────────

const Comment = z.string().trim().max(2000, "Keep the comment under 2000 characters").transform((v) => v || undefined).optional();
const REJECT_NEEDS_COMMENT = "A rejection needs a comment saying why (the agent is told)";

/** The standing approval's own rules, checked before the vote is cast (the agent and type come from the request). */
export const RememberSchema = StandingApprovalSchema.pick({ maxAmount: true, currency: true, durationMinutes: true, note: true });

export const DecideSchema = z
  .strictObject({
    requestId: z.uuid("Unknown request"),
    decision: z.enum(["approve", "reject"]),
    comment: Comment,
    /** "Approve and remember": a time-boxed standing approval for this agent and action type. */
    remember: RememberSchema.optional(),
  })
  .refine((v) => v.decision === "approve" || v.comment, { path: ["comment"], message: REJECT_NEEDS_COMMENT })
  .refine((v) => v.decision === "approve" || !v.remember, { path: ["remember"], message: "Only an approval can be remembered" });

export type DecideResult = {
  status: ApprovalStatus;
  step: string;
  /** The standing approval, when asked for: created, or why not (the approval itself stands). */
  standing?: { ok: true; id: string; expiresAt: string } | { ok: false; error: string };
};

/** One vote, and with "remember" a standing approval made after the approval succeeded. */
export async function decide(input: z.output<typeof DecideSchema>, user: InboxUser): Promise<DecideResult> {
  if (input.remember && !can(user.role, "approvals:remember")) throw new ForbiddenError(`Your role (${user.role}) may not create standing approvals`);
  const state = await decideApproval(input.requestId, user, input.decision, input.comment);
  const result: DecideResult = { status: state.status, step: describeStep(state) };
  if (input.remember) {
    const { action } = await db().approvalRequest.findUniqueOrThrow({ where: { id: input.requestId }, select: { action: { select: { agentId: true, type: true } } } });
    result.standing = await createStandingApproval(
      { agentId: action.agentId, actionType: action.type, ...input.remember, sourceApprovalId: input.requestId },
      user,
    ).then(
      (s) => ({ ok: true as const, id: s.id, expiresAt: s.expiresAt.toISOString() }),
      (error: unknown) => {
        if (error instanceof AppError) return { ok: false as const, error: error.message };
        throw error;
      },
    );
  }
  return result;
}

export const BulkDecideSchema = z
  .strictObject({
    requestIds: z.array(z.uuid("Unknown request")).min(1, "Select at least one request").max(100, "At most 100 requests at once"),
    decision: z.enum(["approve", "reject"]),
    comment: Comment,
  })
  .refine((v) => v.decision === "approve" || v.comment, { path: ["comment"], message: REJECT_NEEDS_COMMENT });

export type BulkResult = { requestId: string; ok: boolean; message: string }[];

/**
 * One decision for a batch of identical low-risk requests (see batchOf); anything else is
 * refused as a whole. Each request is then decided on its own: some may fail (already
 * decided, separation of duties) and say why.
 */
export async function bulkDecide(input: z.output<typeof BulkDecideSchema>, user: InboxUser): Promise<BulkResult> {
  const ids = [...new Set(input.requestIds)];
  const rows = await db().approvalRequest.findMany({ where: { id: { in: ids } }, include: inboxInclude });
  const batches = new Set(rows.map((row) => judge(row, toApprovalState(row)).batch));
  if (rows.length !== ids.length || batches.size !== 1 || batches.has(null)) {
    throw new ValidationError("Bulk decisions are only for identical low-risk requests (same agent, action type and policy rule, one approver); decide the others one by one", {
      requestIds: ["These requests are not identical low-risk requests"],
    });
  }
  const results: BulkResult = [];
  for (const requestId of ids) {
    try {
      const state = await decideApproval(requestId, user, input.decision, input.comment);
      results.push({ requestId, ok: true, message: state.status === "pending" ? describeStep(state) : state.status });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ requestId, ok: false, message: error.message });
    }
  }
  return results;
}
