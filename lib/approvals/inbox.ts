import { z } from "zod";
import { can, type Role } from "../auth/permissions";
import type { ActionStatus } from "../contracts/actions";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { Approvers, LimitCheck, Reason } from "../policy/types";
import {
  describeStep,
  mayVote,
  nextDeadline,
  tick,
  type ApprovalState,
  type ApprovalStatus,
  type OnTimeout,
  type StepStatus,
  type VoteDecision,
} from "./machine";
import { explanationOf, riskOf, type Explanation, type Risk, type StoredDecision } from "./explain";
import { paramsAmount } from "../actions/present";
import { isQueryTimeInRange } from "../contracts/time";
import { approvalInclude, toApprovalState } from "./rows";
import { decideApproval, type ApprovalVoter } from "./service";
import { createStandingApproval, StandingApprovalSchema } from "./standing";

// The approver's side of approvals: what the signed-in user may decide now (most urgent
// first), one request in full, what was decided, and deciding one or a batch. Views are
// plain JSON (ISO dates, numbers), ready for a route to return.

// ─────────────────────────────── views ───────────────────────────────

export type Money = { amount: number; currency: string | null };
/** What happens at the deadline: the step's timeout (escalate / approve / deny) or the request's expiry (denied). */
export type Deadline = { at: string; then: OnTimeout | "expire" };

/** What every list of approval requests shows of one. */
type RequestSummary = {
  requestId: string;
  actionId: string;
  agent: { id: string; name: string };
  type: string;
  resource: string;
  amount: Money | null;
};

export type InboxItem = RequestSummary & {
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
  recent: {
    actions: { id: string; type: string; resource: string; status: ActionStatus; amount: Money | null; createdAt: string }[];
    total: number;
  };
  /** Whether the signed-in user may vote now, and why not. */
  vote: { ok: true } | { ok: false; message: string };
};

export type HistoryEntry = RequestSummary & {
  outcome: Exclude<ApprovalStatus, "pending">;
  reason: string | null;
  decidedBy: string[];
  createdAt: string;
  decidedAt: string;
  waitedMs: number;
};

export type InboxUser = ApprovalVoter;
export type { Explanation, Risk };

// ─────────────────────────────── pure parts ───────────────────────────────

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
const money = (amount: { toNumber(): number } | null, currency: string | null): Money | null =>
  amount === null ? null : { amount: amount.toNumber(), currency };
/** The declared cost, else a numeric `params.amount` (what policies often decide on), with no currency. */
function amountOf(action: { costAmount: { toNumber(): number } | null; costCurrency: string | null; params: unknown }): Money | null {
  const stated = paramsAmount(action.params);
  return money(action.costAmount, action.costCurrency) ?? (stated === null ? null : { amount: stated, currency: null });
}
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
      actions: recent.map((a) => ({
        id: a.id,
        type: a.type,
        resource: a.resource,
        status: a.status,
        amount: amountOf(a),
        createdAt: a.createdAt.toISOString(),
      })),
      total,
    },
    vote: verdict.ok ? { ok: true } : { ok: false, message: verdict.message },
  };
}

export const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** `<decidedAt ISO>_<id>` of the last entry of the previous page. */
  cursor: z
    .string()
    .transform((text, ctx) => {
      const [at, id, ...rest] = text.split("_");
      const when = new Date(at ?? "");
      if (rest.length || !isQueryTimeInRange(when) || !z.uuid().safeParse(id).success) {
        ctx.addIssue({ code: "custom", message: "cursor is not valid: use the nextCursor of the previous page" });
        return z.NEVER;
      }
      return { at: when, id: id! };
    })
    .optional(),
});

/** Decided requests, the most recently decided first, keyset-paginated on (decided_at, id). */
export async function listHistory(
  query: z.input<typeof HistoryQuerySchema>,
): Promise<{ entries: HistoryEntry[]; nextCursor: string | null }> {
  const { limit, cursor } = HistoryQuerySchema.parse(query); // a ZodError answers 422
  const after = cursor ? { OR: [{ decidedAt: { lt: cursor.at } }, { decidedAt: cursor.at, id: { lt: cursor.id } }] } : {};
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
      amount: amountOf(row.action),
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

const Comment = z
  .string()
  .trim()
  .max(2000, "Keep the comment under 2000 characters")
  .transform((v) => v || undefined)
  .optional();
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
  if (input.remember) {
    if (!can(user.role, "approvals:remember")) throw new ForbiddenError(`Your role (${user.role}) may not create standing approvals`);
    // Refused before the vote, so nobody approves expecting a standing approval they cannot have.
    const row = await db().approvalRequest.findUnique({ where: { id: input.requestId }, include: approvalInclude });
    if (!row) throw new NotFoundError("Approval request");
    const risk = riskOf(toApprovalState(row), row.action.decision);
    if (risk.level !== "low") {
      throw new ValidationError("This request cannot be remembered", {
        remember: [`Only low-risk requests can be remembered; this one is not (${risk.why})`],
      });
    }
  }
  const state = await decideApproval(input.requestId, user, input.decision, input.comment);
  const result: DecideResult = { status: state.status, step: describeStep(state) };
  if (input.remember) {
    const { action } = await db().approvalRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      select: { action: { select: { agentId: true, type: true } } },
    });
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
  const unknown = ids.filter((id) => !rows.some((row) => row.id === id));
  if (unknown.length)
    throw new ValidationError(`Unknown approval request: ${unknown.join(", ")}`, { requestIds: ["Some of these requests do not exist"] });
  const batches = new Set(rows.map((row) => judge(row, toApprovalState(row)).batch));
  if (batches.size !== 1 || batches.has(null)) {
    throw new ValidationError(
      "Bulk decisions are only for identical low-risk requests (same agent, action type and policy rule, one approver); decide the others one by one",
      {
        requestIds: ["These requests are not identical low-risk requests"],
      },
    );
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
