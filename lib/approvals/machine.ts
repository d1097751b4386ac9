// The approval state machine: pure and immutable. Plain data in (mirroring the
// approval_requests / approval_steps / approval_votes rows), plain data and audit events
// out. No clock (`now` is passed in), no I/O, no framework, no database.

import type { Principal } from "../auth/principal";
import { AppError } from "../errors";
import type { ApprovalChainSpec, Approvers } from "../policy/types";

export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired" | "cancelled";
export type StepStatus = "waiting" | "active" | "approved" | "rejected" | "timed_out";
export type OnTimeout = "escalate" | "approve" | "deny";
export type VoteDecision = "approve" | "reject";

export type StepState = {
  index: number;
  approvers: Approvers;
  quorum: number;
  timeoutSeconds: number;
  onTimeout: OnTimeout;
  escalateTo?: Approvers;
  escalated: boolean;
  status: StepStatus;
  startedAt?: Date;
  dueAt?: Date;
  completedAt?: Date;
};

export type VoteState = { stepIndex: number; userId: string; decision: VoteDecision; comment?: string; at: Date };

export type ApprovalState = {
  status: ApprovalStatus;
  currentStep: number;
  expiresAt: Date;
  barOwner: boolean;
  /** The agent's owner (a user id), barred from voting when barOwner. */
  ownerId: string | null;
  version: number;
  steps: StepState[];
  votes: VoteState[];
  reason?: string;
  decidedAt?: Date;
};

/** `email` is optional: a policy may name a user by id or by email. */
export type Voter = Pick<Principal, "id" | "role"> & Partial<Pick<Principal, "email" | "groups">>;

export type ApprovalEventType =
  | "approval.voted"
  | "approval.step_approved"
  | "approval.escalated"
  | "approval.approved"
  | "approval.rejected"
  | "approval.expired"
  | "approval.timed_out"
  | "approval.cancelled";

export type ApprovalEvent = { type: ApprovalEventType; at: Date; data: Record<string, unknown> };

export type Transition = { state: ApprovalState; events: ApprovalEvent[] };

export type ApprovalErrorCode =
  | "not_pending" // already approved / rejected / cancelled (409)
  | "expired" // expired, or past expiresAt (409)
  | "not_eligible" // not an approver of the current step (403)
  | "already_voted" // separation of duties: one vote per user per request (403)
  | "owner_barred" // the agent's owner, when barOwner (403)
  | "comment_required" // a rejection without a comment (422)
  | "invalid_chain"; // openApproval with a chain that cannot run (422)

export type Refusal = { ok: false; code: ApprovalErrorCode; status: 403 | 409 | 422; message: string };

export class ApprovalError extends AppError {
  declare readonly code: ApprovalErrorCode;
  constructor(code: ApprovalErrorCode, message: string, status: 403 | 409 | 422) {
    super(code, message, status);
  }
}

const STATUS_WORDS: Record<Exclude<ApprovalStatus, "pending">, string> = {
  approved: "already approved",
  rejected: "already rejected",
  expired: "already expired",
  cancelled: "cancelled",
};

const addSeconds = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const quorumOf = (step: StepState) => Math.max(1, step.quorum);
const copyApprovers = (a: Approvers): Approvers => ({ roles: [...a.roles], users: [...a.users], groups: [...a.groups] });

// ---------------------------------------------------------------------------------------

export function openApproval(chain: ApprovalChainSpec, now: Date, ownerId: string | null): ApprovalState {
  if (chain.steps.length === 0) throw new ApprovalError("invalid_chain", "An approval chain needs at least one step", 422);
  if (!(chain.expiresInSeconds > 0)) throw new ApprovalError("invalid_chain", "An approval chain needs a positive expiry", 422);
  chain.steps.forEach((s, i) => {
    if (!(s.timeoutSeconds > 0)) throw new ApprovalError("invalid_chain", `Step ${i + 1} needs a positive timeout`, 422);
    if (!Number.isInteger(s.quorum) || s.quorum < 1)
      throw new ApprovalError("invalid_chain", `Step ${i + 1} needs a quorum of at least 1`, 422);
  });
  const steps = chain.steps.map((s, index): StepState => {
    const step: StepState = {
      index,
      approvers: copyApprovers(s.approvers),
      quorum: s.quorum,
      timeoutSeconds: s.timeoutSeconds,
      onTimeout: s.onTimeout,
      escalated: false,
      status: index === 0 ? "active" : "waiting",
    };
    if (s.escalateTo) step.escalateTo = copyApprovers(s.escalateTo);
    if (index === 0) {
      step.startedAt = new Date(now.getTime());
      step.dueAt = addSeconds(now, s.timeoutSeconds);
    }
    return step;
  });
  return {
    status: "pending",
    currentStep: 0,
    expiresAt: addSeconds(now, chain.expiresInSeconds),
    barOwner: chain.barOwner,
    ownerId,
    version: 0,
    steps,
    votes: [],
  };
}

/** Whether the voter may vote now, judged on the state as it stands at `now` (timers applied). */
export function mayVote(state: ApprovalState, voter: Voter, now: Date): { ok: true } | Refusal {
  return check(tick(state, now).state, voter, now);
}

function check(state: ApprovalState, voter: Voter, now: Date): { ok: true } | Refusal {
  if (state.status === "expired" || (state.status === "pending" && now.getTime() >= state.expiresAt.getTime())) {
    return {
      ok: false,
      code: "expired",
      status: 409,
      message: `This request expired at ${state.expiresAt.toISOString()}; votes are closed and the action is denied`,
    };
  }
  if (state.status !== "pending") {
    const why = state.reason && state.status !== "approved" ? ` (${state.reason})` : "";
    return {
      ok: false,
      code: "not_pending",
      status: 409,
      message: `This request is ${STATUS_WORDS[state.status]}${why}; votes are closed`,
    };
  }
  if (state.barOwner && state.ownerId !== null && voter.id === state.ownerId) {
    return {
      ok: false,
      code: "owner_barred",
      status: 403,
      message: "You own this agent, and this policy bars the owner from approving its actions",
    };
  }
  const previous = state.votes.find((v) => v.userId === voter.id);
  if (previous) {
    return {
      ok: false,
      code: "already_voted",
      status: 403,
      message: `You already voted on this request (${previous.decision} at step ${previous.stepIndex + 1}); separation of duties needs another approver`,
    };
  }
  const step = state.steps[state.currentStep];
  if (!step || !isEligible(step, voter)) {
    return {
      ok: false,
      code: "not_eligible",
      status: 403,
      message: `You are not an approver of this step (needs ${step ? approversText(eligibleOf(step)) : "nobody"})`,
    };
  }
  return { ok: true };
}

function eligibleOf(step: StepState): Approvers {
  if (!step.escalated || !step.escalateTo) return step.approvers;
  return {
    roles: [...new Set([...step.approvers.roles, ...step.escalateTo.roles])],
    users: [...new Set([...step.approvers.users, ...step.escalateTo.users])],
    groups: [...new Set([...step.approvers.groups, ...step.escalateTo.groups])],
  };
}

function isEligible(step: StepState, voter: Voter): boolean {
  const { roles, users, groups } = eligibleOf(step);
  const email = voter.email?.toLowerCase();
  return (
    roles.includes(voter.role) ||
    groups.some((g) => voter.groups?.includes(g)) ||
    users.some((u) => u === voter.id || (email !== undefined && u.toLowerCase() === email))
  );
}

/** Casts one vote. Applies due timers first; throws ApprovalError when the vote is refused. */
export function vote(state: ApprovalState, voter: Voter, decision: VoteDecision, comment: string | undefined, now: Date): Transition {
  const ticked = tick(state, now);
  const refusal = check(ticked.state, voter, now);
  if (!refusal.ok) throw new ApprovalError(refusal.code, refusal.message, refusal.status);
  const text = comment?.trim() || undefined;
  if (decision === "reject" && !text) throw new ApprovalError("comment_required", "A rejection needs a comment saying why", 422);

  const s = clone(ticked.state);
  const events = [...ticked.events];
  const step = s.steps[s.currentStep]!;
  const cast: VoteState = { stepIndex: step.index, userId: voter.id, decision, at: new Date(now.getTime()) };
  if (text) cast.comment = text;
  s.votes.push(cast);
  const approvals = s.votes.filter((v) => v.stepIndex === step.index && v.decision === "approve").length;
  events.push({
    type: "approval.voted",
    at: now,
    data: { step: step.index, userId: voter.id, role: voter.role, decision, comment: text ?? null, approvals, quorum: quorumOf(step) },
  });

  if (decision === "reject") {
    step.status = "rejected";
    step.completedAt = new Date(now.getTime());
    finish(s, "rejected", text!, now);
    events.push({ type: "approval.rejected", at: now, data: { step: step.index, by: voter.id, reason: text } });
  } else if (approvals >= quorumOf(step)) {
    events.push(...approveStep(s, now, "quorum"));
  }
  s.version = state.version + 1;
  return { state: s, events };
}

/**
 * Applies the timers due at `now`: the overall expiry first (fail safe: expired = denied),
 * then the current step's timeout. Idempotent: a tick with nothing due returns the same
 * state object and no events; so does a tick on a finished request.
 */
export function tick(state: ApprovalState, now: Date): Transition {
  if (state.status !== "pending") return { state, events: [] };
  if (now.getTime() >= state.expiresAt.getTime()) {
    const s = clone(state);
    const step = s.steps[s.currentStep];
    if (step && step.status === "active") {
      step.status = "timed_out";
      step.completedAt = new Date(now.getTime());
    }
    finish(s, "expired", "expired", now);
    s.version = state.version + 1;
    return { state: s, events: [{ type: "approval.expired", at: now, data: { step: s.currentStep, expiresAt: state.expiresAt } }] };
  }
  const current = state.steps[state.currentStep];
  if (!current?.dueAt || now.getTime() < current.dueAt.getTime()) return { state, events: [] };

  const s = clone(state);
  const step = s.steps[s.currentStep]!;
  const events: ApprovalEvent[] = [];
  // Escalate once; a second timeout after escalation denies (fail safe).
  const outcome: OnTimeout = step.onTimeout === "escalate" && step.escalated ? "deny" : step.onTimeout;
  events.push({
    type: "approval.timed_out",
    at: now,
    data: { step: step.index, dueAt: current.dueAt, onTimeout: step.onTimeout, outcome, escalated: step.escalated },
  });
  if (outcome === "approve") {
    events.push(...approveStep(s, now, "timeout"));
  } else if (outcome === "deny") {
    step.status = "timed_out";
    step.completedAt = new Date(now.getTime());
    finish(s, "rejected", "timed out", now);
    events.push({ type: "approval.rejected", at: now, data: { step: step.index, by: null, reason: "timed out" } });
  } else {
    step.escalated = true;
    step.dueAt = addSeconds(now, step.timeoutSeconds);
    events.push({
      type: "approval.escalated",
      at: now,
      data: { step: step.index, escalateTo: step.escalateTo ?? null, dueAt: step.dueAt },
    });
  }
  s.version = state.version + 1;
  return { state: s, events };
}

/** Cancels a pending request (e.g. the kill switch's auto-reject). Throws not_pending otherwise. */
export function cancel(state: ApprovalState, reason: string, now: Date): Transition {
  if (state.status !== "pending") {
    throw new ApprovalError("not_pending", `This request is ${STATUS_WORDS[state.status]}; it cannot be cancelled`, 409);
  }
  const s = clone(state);
  const text = reason.trim() || "cancelled";
  const step = s.steps[s.currentStep];
  if (step && step.status === "active") {
    step.status = "rejected";
    step.completedAt = new Date(now.getTime());
  }
  finish(s, "cancelled", text, now);
  s.version = state.version + 1;
  return { state: s, events: [{ type: "approval.cancelled", at: now, data: { step: s.currentStep, reason: text } }] };
}

/** The earliest moment a tick could change this request; undefined once it is finished. */
export function nextDeadline(state: ApprovalState): Date | undefined {
  if (state.status !== "pending") return undefined;
  const due = state.steps[state.currentStep]?.dueAt;
  return due && due.getTime() < state.expiresAt.getTime() ? due : state.expiresAt;
}

/** For the inbox: "approver, 1 of 2", "finance or alice, 0 of 1 (escalated to admin)". */
export function describeStep(state: ApprovalState): string {
  if (state.status !== "pending") return state.reason && state.status !== "approved" ? `${state.status}: ${state.reason}` : state.status;
  const step = state.steps[state.currentStep];
  if (!step) return "pending";
  const approvals = state.votes.filter((v) => v.stepIndex === step.index && v.decision === "approve").length;
  let text = `${approversText(step.approvers)}, ${approvals} of ${quorumOf(step)}`;
  if (step.escalated) text += step.escalateTo ? ` (escalated to ${approversText(step.escalateTo)})` : " (escalated)";
  if (state.steps.length > 1) text += ` — step ${step.index + 1} of ${state.steps.length}`;
  return text;
}

// ---------------------------------------------------------------------------------------

function approversText(a: Approvers): string {
  const names = [...a.roles, ...a.groups.map((g) => `group ${g}`), ...a.users];
  return names.length ? names.join(" or ") : "nobody";
}

function clone(state: ApprovalState): ApprovalState {
  return {
    ...state,
    steps: state.steps.map((st) => ({
      ...st,
      approvers: copyApprovers(st.approvers),
      ...(st.escalateTo ? { escalateTo: copyApprovers(st.escalateTo) } : {}),
    })),
    votes: state.votes.map((v) => ({ ...v })),
  };
}

function finish(s: ApprovalState, status: Exclude<ApprovalStatus, "pending">, reason: string | undefined, now: Date) {
  s.status = status;
  if (reason !== undefined) s.reason = reason;
  s.decidedAt = new Date(now.getTime());
}

/** Marks the current step approved (mutating the clone `s`) and activates the next, or approves the request. */
function approveStep(s: ApprovalState, now: Date, by: "quorum" | "timeout"): ApprovalEvent[] {
  const step = s.steps[s.currentStep]!;
  step.status = "approved";
  step.completedAt = new Date(now.getTime());
  const events: ApprovalEvent[] = [{ type: "approval.step_approved", at: now, data: { step: step.index, by } }];
  const next = s.steps[s.currentStep + 1];
  if (next) {
    s.currentStep = next.index;
    next.status = "active";
    next.startedAt = new Date(now.getTime());
    next.dueAt = addSeconds(now, next.timeoutSeconds);
    return events;
  }
  finish(s, "approved", undefined, now);
  events.push({ type: "approval.approved", at: now, data: { steps: s.steps.length } });
  return events;
}
