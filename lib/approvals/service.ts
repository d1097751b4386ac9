import { appendAudit } from "../audit/service";
import { systemActor, userActor, type Actor } from "../audit/entry";
import type { ApproverPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { CHANNELS, notify } from "../db/notify";
import { afterCommit, transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";
import { decisionSigningKey, issueDecisionToken } from "../decision-token/service";
import { queueApproverNotifications, queueDecisionCallback } from "../deliveries/service";
import { defineJob, enqueue } from "../jobs/queue";
import type { ApprovalChainSpec } from "../policy/types";
import {
  cancel,
  nextDeadline,
  openApproval,
  tick,
  vote,
  type ApprovalEvent,
  type ApprovalState,
  type Transition,
  type VoteDecision,
} from "./machine";
import { approvalInclude, toApprovalState, type ApprovalRow } from "./rows";
import { annotateTransition, recordApprovalTransition } from "../observability/approvals";
import { traced } from "../observability/tracing";

// Where the approval state machine meets the database: load a request as plain state,
// run one transition, write it back only if nobody else changed it meanwhile
// (optimistic concurrency on `version`), settle the action when the request is
// decided, audit every event, wake the waiting agent, and schedule the next timer.

type Loaded = { row: ApprovalRow; state: ApprovalState };

/** What a settled action's explanation says decided it: a human chain, or the kill switch. */
type Cause = { kind: "approval" } | { kind: "kill_switch"; id: string };

async function load(tx: Tx, requestId: string): Promise<Loaded> {
  const row = await tx.approvalRequest.findUnique({ where: { id: requestId }, include: approvalInclude });
  if (!row) throw new NotFoundError("Approval request");
  return { row, state: toApprovalState(row) };
}

/** One timer job per deadline: it applies whatever is due then (a stale one finds nothing to do). */
async function scheduleTimer(tx: Tx, requestId: string, state: ApprovalState) {
  const due = nextDeadline(state);
  if (due) await enqueue(approvalTimerJob, { requestId }, { tx, startAfter: due, singletonKey: `${requestId}@${due.toISOString()}` });
}

async function save(
  tx: Tx,
  { row, state: before }: Loaded,
  { state, events }: Transition,
  actor: Actor,
  cause: Cause = { kind: "approval" },
) {
  if (state === before) return;
  const claimed = await tx.approvalRequest.updateMany({
    where: { id: row.id, version: before.version },
    data: {
      status: state.status,
      currentStep: state.currentStep,
      version: state.version,
      reason: state.reason ?? null,
      decidedAt: state.decidedAt ?? null,
    },
  });
  if (claimed.count === 0) throw new ConflictError("Someone else decided this request a moment ago; reload to see the outcome");
  for (const step of state.steps) {
    if (JSON.stringify(before.steps[step.index]) === JSON.stringify(step)) continue;
    await tx.approvalStep.updateMany({
      where: { requestId: row.id, index: step.index },
      data: {
        status: step.status,
        escalated: step.escalated,
        startedAt: step.startedAt ?? null,
        dueAt: step.dueAt ?? null,
        completedAt: step.completedAt ?? null,
      },
    });
  }
  const stepIds = new Map(row.steps.map((s) => [s.index, s.id]));
  for (const v of state.votes.slice(before.votes.length)) {
    await tx.approvalVote.create({
      data: {
        requestId: row.id,
        stepId: stepIds.get(v.stepIndex)!,
        userId: v.userId,
        decision: v.decision,
        comment: v.comment,
        createdAt: v.at,
      },
    });
  }
  if (state.status !== "pending") await settleAction(tx, row, state, events, cause);
  await appendAudit(
    tx,
    events.map((e: ApprovalEvent) => ({
      type: e.type,
      actor: e.type === "approval.voted" || e.type === "approval.cancelled" ? actor : systemActor("approvals"),
      subject: { type: "action", id: row.actionId },
      agentId: row.action.agentId,
      data: { approvalId: row.id, ...e.data },
    })),
  );
  await scheduleTimer(tx, row.id, state);
  if (state.status !== "pending") await queueDecisionCallback(tx, row.actionId);
  if (events.some((e) => e.type === "approval.escalated")) await queueApproverNotifications(tx, row.id, "approval.escalated");
  await notify(tx, CHANNELS.actions, row.actionId);
  annotateTransition(row.id, state.status, events);
  const { action } = row;
  const settled =
    state.status === "pending"
      ? null
      : {
          status: state.status,
          waitSeconds: ((state.decidedAt ?? new Date()).getTime() - row.createdAt.getTime()) / 1000,
          agent: action.agent.name,
          cost:
            action.costAmount !== null && action.costCurrency
              ? { amount: action.costAmount.toNumber(), currency: action.costCurrency }
              : null,
        };
  afterCommit(tx, () => recordApprovalTransition(events, settled));
}

/** A decided request decides its action: approved ⇒ allowed; rejected, expired or cancelled ⇒ denied (fail safe). */
async function settleAction(tx: Tx, row: ApprovalRow, state: ApprovalState, events: ApprovalEvent[], cause: Cause) {
  const stored = row.action.decision as { reasons?: object[] };
  const approved = state.status === "approved";
  const reason =
    cause.kind === "kill_switch"
      ? { kind: "kill_switch", policy: null, id: cause.id, effect: "deny", message: `rejected by the kill switch: ${state.reason}` }
      : {
          kind: "approval",
          policy: null,
          id: state.status,
          effect: approved ? "allow" : "deny",
          message: approved ? "approved by a human" : `approval ${state.status}${state.reason ? `: ${state.reason}` : ""}`,
        };
  const decidedAt = state.decidedAt ?? events.at(-1)?.at ?? new Date();
  const { action } = row;
  await tx.action.update({
    where: { id: row.actionId },
    data: {
      status: approved ? "allowed" : "denied",
      decidedAt,
      decision: { ...stored, effect: approved ? "allow" : "deny", reasons: [...(stored.reasons ?? []), reason] } as object,
      decisionToken: approved
        ? await issueDecisionToken(
            {
              id: action.id,
              agentId: action.agentId,
              agentName: action.agent.name,
              type: action.type,
              resource: action.resource,
              params: action.params,
              approvalId: row.id,
            },
            decidedAt,
          )
        : null,
    },
  });
}

/** Opens the approval request of a pending action (inside the decision's transaction) and schedules its first timer. */
export async function openApprovalRequest(
  tx: Tx,
  action: { id: string; ownerId: string | null; policy: string | null; rule: string | null },
  chain: ApprovalChainSpec,
  now: Date,
) {
  const state = openApproval(chain, now, action.ownerId);
  const request = await tx.approvalRequest.create({
    data: {
      actionId: action.id,
      barOwner: state.barOwner,
      expiresAt: state.expiresAt,
      policy: action.policy,
      rule: action.rule,
      steps: {
        create: state.steps.map((step) => ({
          index: step.index,
          approverRoles: step.approvers.roles,
          approverUsers: step.approvers.users,
          approverGroups: step.approvers.groups,
          quorum: step.quorum,
          timeoutSeconds: step.timeoutSeconds,
          onTimeout: step.onTimeout,
          escalateRoles: step.escalateTo?.roles ?? [],
          escalateUsers: step.escalateTo?.users ?? [],
          escalateGroups: step.escalateTo?.groups ?? [],
          status: step.status,
          startedAt: step.startedAt ?? null,
          dueAt: step.dueAt ?? null,
        })),
      },
    },
  });
  await scheduleTimer(tx, request.id, state);
  await queueApproverNotifications(tx, request.id, "approval.requested");
  return request;
}

/** An approver's vote. Refused with a clear 403/409/422 when the machine says no, or when another vote won the race. */
export async function decideApproval(
  requestId: string,
  voter: ApproverPrincipal,
  decision: VoteDecision,
  comment: string | undefined,
  now = new Date(),
) {
  await decisionSigningKey(); // loaded (maybe created) outside the transaction: the embedded database has one connection
  return traced("gatehouse.approval.vote", () =>
    transaction(async (tx) => {
      const loaded = await load(tx, requestId);
      const transition = vote(loaded.state, voter, decision, comment, now);
      await save(tx, loaded, transition, userActor(voter));
      return transition.state;
    }),
  );
}

/**
 * The kill switch's auto-reject: cancels the pending requests of these actions in the
 * caller's transaction (each action is denied, audited and its agent woken).
 */
export async function cancelPendingApprovals(
  tx: Tx,
  actionIds: string[],
  reason: string,
  actor: Actor,
  killSwitchId: string,
  now = new Date(),
) {
  const pending = await tx.approvalRequest.findMany({ where: { actionId: { in: actionIds }, status: "pending" }, select: { id: true } });
  for (const { id } of pending) {
    await traced("gatehouse.approval.cancel", async () => {
      const loaded = await load(tx, id);
      await save(tx, loaded, cancel(loaded.state, `kill switch: ${reason}`, now), actor, { kind: "kill_switch", id: killSwitchId });
    });
  }
  return pending.length;
}

/** Applies whatever timers of one request are due (step timeout, escalation, expiry). */
export async function applyTimers(requestId: string, now = new Date()): Promise<boolean> {
  await decisionSigningKey(); // a step timeout may approve: see decideApproval
  try {
    return await traced("gatehouse.approval.timers", () =>
      transaction(async (tx) => {
        const loaded = await load(tx, requestId);
        const transition = tick(loaded.state, now);
        await save(tx, loaded, transition, systemActor("approvals"));
        return transition.state !== loaded.state;
      }),
    );
  } catch (error) {
    if (error instanceof ConflictError) return false; // a vote won the race; it scheduled what comes next
    throw error;
  }
}

/** Applies due timers of every pending request: the backstop behind the per-request timer jobs. */
export async function applyDueTimers(now = new Date()): Promise<number> {
  const due = await db().approvalRequest.findMany({
    where: { status: "pending", OR: [{ expiresAt: { lte: now } }, { steps: { some: { status: "active", dueAt: { lte: now } } } }] },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: 500,
  });
  let changed = 0;
  for (const { id } of due) if (await applyTimers(id, now)) changed++;
  return changed;
}

/** Fires at a request's next deadline (enqueued with the transition that set it). */
export const approvalTimerJob = defineJob<{ requestId: string }>({
  name: "approval-timer",
  retryLimit: 5,
  retryDelaySeconds: 2,
  handler: async ({ requestId }) => void (await applyTimers(requestId)),
});

/** Every minute: catches any request whose timer job was lost (e.g. a database restored from backup). */
export const approvalSweepJob = defineJob<Record<string, never>>({
  name: "approval-sweep",
  handler: async () => void (await applyDueTimers()),
});
