import { toActionResponse } from "../actions/present";
import { describeStep, mayVote, nextDeadline, type ApprovalState } from "../approvals/machine";
import { approvalInclude, toApprovalState, type ApprovalRow } from "../approvals/rows";
import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { can } from "../auth/permissions";
import { db } from "../db/client";
import type { DeliveryKind, Prisma } from "../db/generated/client";
import { transaction, type Tx } from "../db/transaction";
import { env } from "../env";
import { ConflictError, NotFoundError } from "../errors";
import { defineJob, enqueue } from "../jobs/queue";
import { log } from "../log";
import type { Approvers } from "../policy/types";
import { emailMessage, slackMessage, type ApprovalNotice, type ApproverEvent, type EmailMessage } from "./notification";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload } from "./signature";
import { postJson, sendEmail, type AttemptResult } from "./transport";
import { recordDeliveryAttempt } from "../observability/deliveries";
import { traced } from "../observability/tracing";

// Outbound messages: the decision POSTed to an action's callbackUrl (signed with the
// agent's webhook secret) and approver notifications (Slack-compatible webhook, e-mail).
// Each is a `deliveries` row created in the transaction that made it necessary, with a
// job enqueued in that same transaction; the job sends it, records how the attempt went
// and throws on failure, so the queue retries with backoff.

const RETRY_LIMIT = 6;
/** The first attempt and every retry the queue makes; after that the delivery is failed. */
export const MAX_ATTEMPTS = RETRY_LIMIT + 1;

/** The console's address, for links in notifications. */
const consoleUrl = () => (env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");

/** An incoming-webhook URL is itself a credential: keep only its host in the row (and the UI). */
/** A URL shown without what may be a credential in its path or query: its origin only. */
export function redactUrl(url: string): string {
  return `${new URL(url).origin}/…`;
}

/** An error text without the URL it may quote (fetch puts the whole URL in some messages). */
const scrubUrl = (text: string, url: string | undefined) => (url ? text.split(url).join(redactUrl(url)) : text);

async function queueDelivery(tx: Tx, data: Prisma.DeliveryUncheckedCreateInput): Promise<string> {
  const { id } = await tx.delivery.create({ data, select: { id: true } });
  await enqueue(deliveryJob, { deliveryId: id }, { tx });
  return id;
}

// ─── decision callbacks ─────────────────────────────────────────────────────

/** What GET /api/v1/actions/{id} includes, so the callback carries the same body. */
const actionResponseInclude = { approval: { select: { id: true, status: true, expiresAt: true } } } as const satisfies Prisma.ActionInclude;

/**
 * Queues the decision for the action's callbackUrl, if it gave one: the body an agent
 * would GET for the action now. Call it in the transaction that decided the action (after
 * the action row is updated). Returns the delivery's id, or null when there is nothing to send.
 */
export async function queueDecisionCallback(tx: Tx, actionId: string): Promise<string | null> {
  const action = await tx.action.findUnique({ where: { id: actionId }, include: actionResponseInclude });
  if (!action) throw new NotFoundError("Action");
  if (!action.callbackUrl || action.status === "pending") return null;
  return queueDelivery(tx, {
    kind: "callback",
    event: "action.decided",
    actionId,
    agentId: action.agentId,
    target: action.callbackUrl,
    payload: toActionResponse(action) as object,
  });
}

// ─── approver notifications ─────────────────────────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may act on the current step now and should hear about it: on a new request, its
 * approvers (with the escalation targets, if it already escalated); on an escalation, the
 * escalation targets (or, with none named, the same approvers again). Only enabled users
 * who may decide approvals at all, and whom the machine would let vote now (not the barred
 * owner, not someone who already voted).
 */
async function recipients(tx: Tx, state: ApprovalState, event: ApproverEvent, now: Date) {
  const step = state.steps[state.currentStep];
  if (!step) return [];
  const named: Approvers[] =
    event === "approval.escalated"
      ? [step.escalateTo ?? step.approvers]
      : [step.approvers, ...(step.escalated && step.escalateTo ? [step.escalateTo] : [])];
  const roles = named.flatMap((a) => a.roles);
  const groups = named.flatMap((a) => a.groups);
  const users = named.flatMap((a) => a.users);
  const candidates = await tx.user.findMany({
    where: {
      disabled: false,
      OR: [
        { role: { in: roles } },
        { groups: { hasSome: groups } },
        { id: { in: users.filter((u) => UUID.test(u)) } },
        { email: { in: users.filter((u) => u.includes("@")).map((u) => u.toLowerCase()) } },
      ],
    },
    select: { id: true, email: true, role: true, groups: true },
    orderBy: { email: "asc" },
  });
  return candidates.filter((user) => can(user.role, "approvals:decide") && mayVote(state, user, now).ok);
}

function noticeOf(row: ApprovalRow, state: ApprovalState, event: ApproverEvent, now: Date): ApprovalNotice {
  const { action } = row;
  const decision = action.decision as { policy?: string | null; rule?: string | null; reasons?: { effect: string; message: string }[] };
  const reasons = decision.reasons ?? [];
  const asking = reasons.filter((r) => r.effect === "require_approval");
  const reasoning = (action.context as { reasoning?: unknown } | null)?.reasoning;
  return {
    event,
    agent: action.agent.name,
    actionType: action.type,
    resource: action.resource,
    cost:
      action.costAmount !== null && action.costCurrency ? { amount: action.costAmount.toString(), currency: action.costCurrency } : null,
    impact:
      action.impactRecords !== null || action.impactAmount !== null
        ? { records: action.impactRecords, amount: action.impactAmount?.toString() ?? null }
        : null,
    policy: row.policy ?? decision.policy ?? null,
    rule: row.rule ?? decision.rule ?? null,
    reasons: (asking.length ? asking : reasons).map((r) => r.message),
    reasoning: typeof reasoning === "string" && reasoning.trim() ? reasoning.trim() : null,
    step: describeStep(state),
    dueAt: nextDeadline(state) ?? null,
    now,
    link: `${consoleUrl()}/inbox/${row.id}`,
  };
}

/**
 * Queues the approver notifications for a request that just opened or escalated: one
 * message to GATEHOUSE_SLACK_WEBHOOK_URL when set, and one e-mail per approver who may act
 * now when SMTP_URL is set. Call it in the transaction that opened or escalated the request
 * (after its rows are written). Returns the ids of the deliveries queued.
 */
export async function queueApproverNotifications(tx: Tx, requestId: string, event: ApproverEvent, now = new Date()): Promise<string[]> {
  const { SMTP_URL, GATEHOUSE_SLACK_WEBHOOK_URL } = env();
  if (!SMTP_URL && !GATEHOUSE_SLACK_WEBHOOK_URL) return [];
  const row = await tx.approvalRequest.findUnique({ where: { id: requestId }, include: approvalInclude });
  if (!row) throw new NotFoundError("Approval request");
  const state = toApprovalState(row);
  if (state.status !== "pending") return [];
  const notice = noticeOf(row, state, event, now);
  const common = { event, actionId: row.actionId, agentId: row.action.agentId };
  const queued: string[] = [];
  if (GATEHOUSE_SLACK_WEBHOOK_URL) {
    queued.push(
      await queueDelivery(tx, { ...common, kind: "slack", target: redactUrl(GATEHOUSE_SLACK_WEBHOOK_URL), payload: slackMessage(notice) }),
    );
  }
  if (SMTP_URL) {
    const email = emailMessage(notice);
    for (const user of await recipients(tx, state, event, now)) {
      queued.push(await queueDelivery(tx, { ...common, kind: "email", target: user.email, payload: email }));
    }
  }
  return queued;
}

// ─── sending ────────────────────────────────────────────────────────────────

type DeliveryRow = Prisma.DeliveryGetPayload<{ include: { agent: { select: { webhookSecret: true } } } }>;

const failure = (error: string): AttemptResult => ({ ok: false, responseStatus: null, error });

/** POSTs the payload with Gatehouse's headers, signed when there is a secret (Slack itself ignores them). */
function postSigned(delivery: DeliveryRow, url: string, secret: string | undefined, now: Date): Promise<AttemptResult> {
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  return postJson(url, body, {
    [EVENT_HEADER]: delivery.event,
    [DELIVERY_HEADER]: delivery.id,
    [TIMESTAMP_HEADER]: String(timestamp),
    ...(secret ? { [SIGNATURE_HEADER]: signPayload(secret, body, timestamp) } : {}),
  });
}

function attempt(delivery: DeliveryRow, now: Date): Promise<AttemptResult> {
  const { SMTP_URL, SMTP_FROM, GATEHOUSE_SLACK_WEBHOOK_URL, GATEHOUSE_NOTIFY_WEBHOOK_SECRET } = env();
  switch (delivery.kind) {
    case "callback": {
      if (!delivery.agent) return Promise.resolve(failure("the agent of this callback no longer exists"));
      return postSigned(delivery, delivery.target, delivery.agent.webhookSecret, now);
    }
    case "slack":
      if (!GATEHOUSE_SLACK_WEBHOOK_URL) return Promise.resolve(failure("GATEHOUSE_SLACK_WEBHOOK_URL is no longer set"));
      return postSigned(delivery, GATEHOUSE_SLACK_WEBHOOK_URL, GATEHOUSE_NOTIFY_WEBHOOK_SECRET, now);
    case "email":
      if (!SMTP_URL) return Promise.resolve(failure("SMTP_URL is no longer set"));
      return sendEmail(SMTP_URL, SMTP_FROM, delivery.target, delivery.payload as EmailMessage);
  }
}

class DeliveryFailedError extends Error {
  constructor(deliveryId: string, attempts: number, detail: string) {
    super(`delivery ${deliveryId} failed (attempt ${attempts} of ${MAX_ATTEMPTS}): ${detail}`);
    this.name = "DeliveryFailedError";
  }
}

/** One attempt at one delivery, in its own span. Throws when it failed, so the queue retries it with backoff. */
export function sendDelivery({ deliveryId }: { deliveryId: string }): Promise<void> {
  return traced("gatehouse.delivery", () => attemptDelivery(deliveryId), { "gatehouse.delivery.id": deliveryId });
}

async function attemptDelivery(deliveryId: string): Promise<void> {
  const delivery = await db().delivery.findUnique({ where: { id: deliveryId }, include: { agent: { select: { webhookSecret: true } } } });
  // Delivered already, or given up on (a redelivery sets it pending again).
  if (!delivery || delivery.status !== "pending") return;
  const startedAt = new Date();
  const sent = await attempt(delivery, startedAt);
  const url = delivery.kind === "callback" ? delivery.target : delivery.kind === "slack" ? env().GATEHOUSE_SLACK_WEBHOOK_URL : undefined;
  const result = sent.ok ? sent : { ...sent, error: scrubUrl(sent.error, url) };
  const attempts = delivery.attempts + 1;
  const status = result.ok ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending";
  await db().delivery.update({
    where: { id: deliveryId },
    data: {
      status,
      attempts,
      lastAttemptAt: startedAt,
      responseStatus: result.responseStatus,
      lastError: result.ok ? null : result.error,
      deliveredAt: result.ok ? new Date() : null,
    },
  });
  recordDeliveryAttempt(delivery.kind, status === "pending" ? "retrying" : status, result.responseStatus);
  if (result.ok) return;
  // The target is not logged: a callback URL may carry a token.
  log.warn("delivery attempt failed", {
    deliveryId,
    kind: delivery.kind,
    event: delivery.event,
    attempts,
    status,
    responseStatus: result.responseStatus,
    error: result.error,
  });
  throw new DeliveryFailedError(deliveryId, attempts, result.error);
}

/** The job that sends deliveries. Register it with the workers. */
export const deliveryJob = defineJob<{ deliveryId: string }>({
  name: "delivery.send",
  retryLimit: RETRY_LIMIT,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
  handler: sendDelivery,
});

// ─── console ────────────────────────────────────────────────────────────────

export type DeliveryFilters = { agentId?: string; actionId?: string; kind?: DeliveryKind; limit?: number };

/** Newest first, without the payloads. */
export async function listDeliveries({ agentId, actionId, kind, limit = 20 }: DeliveryFilters = {}) {
  return db().delivery.findMany({
    where: { ...(agentId ? { agentId } : {}), ...(actionId ? { actionId } : {}), ...(kind ? { kind } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 200),
    select: {
      id: true,
      kind: true,
      event: true,
      actionId: true,
      agentId: true,
      target: true,
      status: true,
      attempts: true,
      lastError: true,
      responseStatus: true,
      createdAt: true,
      lastAttemptAt: true,
      deliveredAt: true,
      action: { select: { type: true } },
    },
  });
}

export type DeliverySummary = Awaited<ReturnType<typeof listDeliveries>>[number];

/** Retries a failed delivery by hand: pending again with a fresh round of attempts. */
export async function redeliver(deliveryId: string, actor: Actor) {
  return transaction(async (tx) => {
    const delivery = await tx.delivery.findUnique({ where: { id: deliveryId } });
    if (!delivery) throw new NotFoundError("Delivery");
    const reset = await tx.delivery.updateMany({ where: { id: deliveryId, status: "failed" }, data: { status: "pending", attempts: 0 } });
    if (reset.count === 0) throw new ConflictError(`This delivery is ${delivery.status}; only a failed delivery can be retried`);
    await enqueue(deliveryJob, { deliveryId }, { tx });
    await appendAudit(tx, {
      type: "delivery.retried",
      actor,
      subject: { type: "delivery", id: deliveryId },
      agentId: delivery.agentId ?? undefined,
      data: {
        kind: delivery.kind,
        event: delivery.event,
        actionId: delivery.actionId,
        target: delivery.kind === "email" ? delivery.target : redactUrl(delivery.target),
        previousAttempts: delivery.attempts,
        lastError: delivery.lastError,
        responseStatus: delivery.responseStatus,
      },
    });
    return { id: deliveryId, agentId: delivery.agentId, actionId: delivery.actionId };
  });
}
