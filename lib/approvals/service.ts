import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import type { Role } from "../auth/permissions";
import { db } from "../db/client";
import { CHANNELS, notify } from "../db/notify";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";
import { log } from "../log";
import { tick, vote, type ApprovalEvent, type ApprovalState, type Transition, type VoteDecision } from "./machine";

// Where the approval state machine meets the database: load a request as plain state,
// run one transition, write it back only if nobody else changed it meanwhile
// (optimistic concurrency on `version`), settle the action when the request is
// decided, audit every event, and wake the waiting agent.

const withRows = { steps: { orderBy: { index: "asc" } }, votes: { include: { step: { select: { index: true } } } }, action: { include: { agent: { select: { ownerId: true } } } } } as const;

async function load(tx: Tx, requestId: string) {
  const row = await tx.approvalRequest.findUnique({ where: { id: requestId }, include: withRows });
  if (!row) throw new NotFoundError("Approval request");
  const state: ApprovalState = {
    status: row.status,
    currentStep: row.currentStep,
    expiresAt: row.expiresAt,
    barOwner: row.barOwner,
    ownerId: row.action.agent.ownerId,
    version: row.version,
    reason: row.reason ?? undefined,
    decidedAt: row.decidedAt ?? undefined,
    steps: row.steps.map((s) => ({
      index: s.index,
      approvers: { roles: s.approverRoles, users: s.approverUsers },
      quorum: s.quorum,
      timeoutSeconds: s.timeoutSeconds,
      onTimeout: s.onTimeout,
      escalateTo: s.escalateRoles.length || s.escalateUsers.length ? { roles: s.escalateRoles, users: s.escalateUsers } : undefined,
      escalated: s.escalated,
      status: s.status,
      startedAt: s.startedAt ?? undefined,
      dueAt: s.dueAt ?? undefined,
      completedAt: s.completedAt ?? undefined,
    })),
    votes: row.votes.map((v) => ({ stepIndex: v.step.index, userId: v.userId, decision: v.decision, comment: v.comment ?? undefined, at: v.createdAt })),
  };
  return { row, state };
}

async function save(tx: Tx, loaded: Awaited<ReturnType<typeof load>>, { state, events }: Transition, actor: Actor) {
  const { row, state: before } = loaded;
  if (state === before) return;
  const claimed = await tx.approvalRequest.updateMany({
    where: { id: row.id, version: before.version },
    data: { status: state.status, currentStep: state.currentStep, version: state.version, reason: state.reason ?? null, decidedAt: state.decidedAt ?? null },
  });
  if (claimed.count === 0) throw new ConflictError("Someone else decided this request a moment ago; reload to see the outcome");
  for (const step of state.steps) {
    const old = before.steps[step.index];
    if (JSON.stringify(old) === JSON.stringify(step)) continue;
    await tx.approvalStep.updateMany({
      where: { requestId: row.id, index: step.index },
      data: { status: step.status, escalated: step.escalated, startedAt: step.startedAt ?? null, dueAt: step.dueAt ?? null, completedAt: step.completedAt ?? null },
    });
  }
  const stepIds = new Map(row.steps.map((s) => [s.index, s.id]));
  for (const v of state.votes.slice(before.votes.length)) {
    await tx.approvalVote.create({ data: { requestId: row.id, stepId: stepIds.get(v.stepIndex)!, userId: v.userId, decision: v.decision, comment: v.comment, createdAt: v.at } });
  }
  if (state.status !== "pending") await settleAction(tx, row.actionId, row.action.decision, state, events);
  await appendAudit(
    tx,
    events.map((e: ApprovalEvent) => ({
      type: e.type,
      actor: e.type === "approval.voted" ? actor : { type: "system" as const, label: "approvals" },
      subject: { type: "action", id: row.actionId },
      agentId: row.action.agentId,
      decision: e.type === "approval.approved" ? "allow" : e.type === "approval.voted" ? undefined : state.status === "pending" ? undefined : "deny",
      data: { approvalId: row.id, ...e.data },
    })),
  );
  await notify(tx, CHANNELS.actions, row.actionId);
}

/** A decided request decides its action: approved ⇒ allowed; rejected, expired or cancelled ⇒ denied (fail safe). */
async function settleAction(tx: Tx, actionId: string, decision: unknown, state: ApprovalState, events: ApprovalEvent[]) {
  const stored = decision as { reasons?: object[] };
  const approved = state.status === "approved";
  const last = events.at(-1);
  await tx.action.update({
    where: { id: actionId },
    data: {
      status: approved ? "allowed" : "denied",
      decidedAt: state.decidedAt ?? last?.at ?? new Date(),
      decision: {
        ...stored,
        effect: approved ? "allow" : "deny",
        reasons: [
          ...(stored.reasons ?? []),
          { kind: "approval", policy: null, id: state.status, effect: approved ? "allow" : "deny", message: approved ? "approved by a human" : `approval ${state.status}${state.reason ? `: ${state.reason}` : ""}` },
        ],
      } as object,
    },
  });
}

/** An approver's vote. Refused with a clear 403/409/422 when the machine says no, or when another vote won the race. */
export async function decideApproval(
  requestId: string,
  voter: { id: string; role: Role; email: string },
  decision: VoteDecision,
  comment: string | undefined,
  now = new Date(),
) {
  return transaction(async (tx) => {
    const loaded = await load(tx, requestId);
    const transition = vote(loaded.state, voter, decision, comment, now);
    await save(tx, loaded, transition, { type: "user", id: voter.id, label: voter.email });
    return transition.state;
  });
}

/** Applies due timers (step timeouts, escalation, expiry) to every pending request that has one. */
export async function applyDueTimers(now = new Date()): Promise<number> {
  const due = await db().approvalRequest.findMany({
    where: { status: "pending", OR: [{ expiresAt: { lte: now } }, { steps: { some: { status: "active", dueAt: { lte: now } } } }] },
    select: { id: true },
    take: 500,
  });
  let changed = 0;
  for (const { id } of due) {
    await transaction(async (tx) => {
      const loaded = await load(tx, id);
      const transition = tick(loaded.state, now);
      if (transition.state !== loaded.state) changed++;
      await save(tx, loaded, transition, { type: "system", label: "approvals" });
    }).catch((error) => {
      if (!(error instanceof ConflictError)) throw error; // a vote won the race: it has already moved on
    });
  }
  return changed;
}

const timerState = globalThis as unknown as { gatehouseApprovalTimers?: NodeJS.Timeout };

/**
 * Applies due approval timers every few seconds in a server process, so that timeouts,
 * escalations and the fail-safe expiry happen even when nobody looks. Several replicas
 * may run it: each transition is claimed with the request's version, so one wins.
 */
export function startApprovalTimers(intervalMs = 5000) {
  if (timerState.gatehouseApprovalTimers) return;
  let running = false;
  timerState.gatehouseApprovalTimers = setInterval(() => {
    if (running) return;
    running = true;
    applyDueTimers()
      .catch((error) => log.error("approval timers failed", { err: error }))
      .finally(() => (running = false));
  }, intervalMs);
  timerState.gatehouseApprovalTimers.unref();
}
