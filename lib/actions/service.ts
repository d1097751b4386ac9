import { randomUUID } from "node:crypto";
import type { AuthenticatedAgent } from "../auth/agent-auth";
import { appendAudit } from "../audit/service";
import { agentActor, systemActor, type AuditEvent } from "../audit/entry";
import type { ActionResultInput, StatusResponse, SubmitAction } from "../contracts/actions";
import { ActionResultSchema } from "../contracts/actions";
import type { ActionFilters } from "../contracts/action-filters";
import { encodeCursor, keysetAfter } from "../contracts/cursor";
import { actionWhere } from "./filters";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { CHANNELS, notify, subscribe } from "../db/notify";
import { transaction, type Tx } from "../db/transaction";
import { decisionSigningKey, issueDecisionToken } from "../decision-token/service";
import { ConflictError, NotFoundError } from "../errors";
import { describeTarget } from "../killswitch/target";
import { engagedFor } from "../killswitch/service";
import { costReconciliation, countersFor, evaluate } from "../policy/index";
import { activePolicySet } from "../policy/store";
import { observeShadow } from "../policy/shadow-store";
import type { CounterUsage, LimitCheck } from "../policy/types";
import { decisionInput, haltedDecision, requestHash, statusFor, toActionResponse, type StoredDecision } from "./present";
import { openApprovalRequest } from "../approvals/service";
import { allowedByStanding, type MatchedStanding } from "../approvals/standing";
import { findStandingApproval } from "../approvals/standing-store";
import { bumpCounters, lockCounters } from "./store";
import { decideInBatches, type BatchDecision } from "./decide-batch";
import { actionRecord, decisionAuditEvents, type Decided } from "./record";
import { recordDecision, recordResult as countResult, timedEvaluation } from "../observability/decision";
import { traced } from "../observability/tracing";

// The decision path: kill switch → policy (with shared limit counters) → action,
// approval request and audit entries, all in one transaction: in two round trips through
// the driver (decide-batch.ts) for what is decided at once, through Prisma for approvals.

const withApproval = { approval: { select: { id: true, status: true, expiresAt: true } } } as const;

export type SubmitResult = { response: ReturnType<typeof toActionResponse>; replayed: boolean };

async function replay(agentId: string, idempotencyKey: string, hash: string): Promise<SubmitResult | undefined> {
  const existing = await db().action.findUnique({ where: { agentId_idempotencyKey: { agentId, idempotencyKey } }, include: withApproval });
  if (!existing) return undefined;
  if (existing.requestHash !== hash) {
    throw new ConflictError(`idempotencyKey "${idempotencyKey}" was already used for a different request`, { actionId: existing.id });
  }
  return { response: toActionResponse(existing), replayed: true };
}

/** `receivedAt`: the request's arrival (performance.now() time), so the decision's latency includes the key check. */
export async function submitAction(
  agent: AuthenticatedAgent,
  body: SubmitAction,
  { now = new Date(), receivedAt = performance.now() } = {},
): Promise<SubmitResult> {
  const hash = requestHash(body);
  if (body.idempotencyKey) {
    const replayed = await replay(agent.id, body.idempotencyKey, hash);
    if (replayed) return replayed;
  }
  const { version, set } = await activePolicySet();
  const input = decisionInput(agent, body, now);
  const counters = countersFor(set, input);
  await decisionSigningKey(); // its first load may write the key: not from inside our transaction
  try {
    const decided = await traced("gatehouse.transaction", async () => {
      // Allow, deny and halt in two round trips; what needs a human through the approvals machinery.
      const fast = await decideInBatches(agent, body, { input, set, version, counters, hash, now, receivedAt });
      return fast ?? decideWithApprovals(agent, body, { input, set, version, counters, hash, now, receivedAt });
    });
    const { action, usage } = decided;
    recordDecision({
      agent: agent.name,
      actionId: action.id,
      type: body.type,
      effect: action.effect ?? "deny",
      status: action.status,
      seconds: (performance.now() - receivedAt) / 1000,
      cost: body.cost,
    });
    observeShadow(input, usage, action); // shadow mode: after the commit, never awaited, recorded in batches off this path
    return { response: toActionResponse(action), replayed: false };
  } catch (error) {
    // Two retries with one idempotency key raced; the loser answers with the winner's action.
    if (body.idempotencyKey && isUniqueViolation(error)) {
      const replayed = await replay(agent.id, body.idempotencyKey, hash);
      if (replayed) return replayed;
    }
    throw error;
  }
}

/** The decision in a Prisma transaction, with standing approvals and approval requests. */
function decideWithApprovals(agent: AuthenticatedAgent, body: SubmitAction, d: BatchDecision) {
  let usage: CounterUsage = {};
  return transaction(async (tx) => {
    const [engaged] = await engagedFor(tx, agent.id, body.type);
    let decision: StoredDecision;
    let status: Decided["status"];
    let standing: MatchedStanding | undefined;
    if (engaged) {
      decision = haltedDecision(engaged, describeTarget(engaged), d.version);
      status = "halted";
    } else {
      usage = await lockCounters(tx, d.counters);
      decision = { ...timedEvaluation(() => evaluate(d.set, d.input, usage)), policyVersion: d.version };
      // Only what the policy sends to a human can be approved in advance; a deny stays a deny.
      standing = decision.effect === "require_approval" ? await findStandingApproval(tx, agent.id, body, decision, d.now) : undefined;
      if (standing) decision = allowedByStanding(decision, standing);
      status = statusFor(decision.effect);
      if (decision.effect !== "deny") await bumpCounters(tx, d.counters);
    }
    const decided: Decided = { id: randomUUID(), status, decision, version: d.version, standing, usage: engaged ? undefined : usage };
    const created = await tx.action.create({
      data: actionRecord(agent, body, decided, {
        hash: d.hash,
        now: d.now,
        decisionToken:
          status === "allowed"
            ? await issueDecisionToken(
                { id: decided.id, agentId: agent.id, agentName: agent.name, type: body.type, resource: body.resource, params: body.params },
                d.now,
              )
            : null,
        decisionSeconds: (performance.now() - d.receivedAt) / 1000,
      }),
    });
    const approvalRequest =
      status === "pending"
        ? await openApprovalRequest(
            tx,
            { id: created.id, ownerId: agent.ownerId, policy: decision.policy, rule: decision.rule },
            decision.approval ?? FALLBACK_CHAIN,
            d.now,
          )
        : null;
    await appendAudit(tx, decisionAuditEvents(agent, body, decided), d.now);
    if (approvalRequest) await notify(tx, CHANNELS.actions, created.id);
    const approval = approvalRequest && { id: approvalRequest.id, status: approvalRequest.status, expiresAt: approvalRequest.expiresAt };
    return { action: { ...created, approval }, usage };
  });
}

/** Used when a policy says require_approval without a chain: admins, one hour, then deny. */
const FALLBACK_CHAIN = {
  steps: [{ approvers: { roles: ["admin" as const], users: [], groups: [] }, quorum: 1, timeoutSeconds: 3600, onTimeout: "deny" as const }],
  expiresInSeconds: 86_400,
  barOwner: false,
};

/** An agent sees only its own actions; anything else is "not found". */
export async function getActionForAgent(agentId: string, id: string) {
  const action = await db().action.findFirst({ where: { id, agentId }, include: withApproval });
  if (!action) throw new NotFoundError("Action");
  return toActionResponse(action);
}

/** Long-poll: answers as soon as a pending action is decided, or after `seconds`. */
export async function waitForAction(agentId: string, id: string, seconds: number, signal?: AbortSignal) {
  let wake: () => void = () => {};
  const nextChange = () => new Promise<void>((resolve) => (wake = resolve));
  let changed = nextChange();
  const unsubscribe = seconds > 0 ? await subscribe(CHANNELS.actions, (payload) => (payload === id || payload === "") && wake()) : () => {};
  try {
    let current = await getActionForAgent(agentId, id);
    const deadline = Date.now() + seconds * 1000;
    while (current.status === "pending" && Date.now() < deadline && !signal?.aborted) {
      // A notification wakes us at once; the periodic re-read covers a lost connection.
      await Promise.race([changed, sleep(Math.min(5000, deadline - Date.now()))]);
      changed = nextChange(); // re-armed before the read, so a change during it wakes the next round
      current = await getActionForAgent(agentId, id);
    }
    return current;
  } finally {
    unsubscribe();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function recordResult(agent: AuthenticatedAgent, id: string, input: ActionResultInput) {
  const { outcome, summary, actualCost } = ActionResultSchema.parse(input);
  const response = await transaction(async (tx) => {
    const now = new Date();
    const updated = await tx.action.updateMany({
      where: { id, agentId: agent.id, status: "allowed", resultAt: null },
      data: { outcome, outcomeSummary: summary, actualCost, resultAt: now },
    });
    if (updated.count === 0) {
      const action = await tx.action.findFirst({ where: { id, agentId: agent.id } });
      if (!action) throw new NotFoundError("Action");
      if (action.resultAt) throw new ConflictError(`The result of this action was already recorded at ${action.resultAt.toISOString()}`);
      throw new ConflictError(`This action is ${action.status}; only an allowed action reports a result`);
    }
    const subject = { type: "action", id };
    await appendAudit(
      tx,
      [
        {
          type: "action.result",
          actor: agentActor(agent),
          subject,
          agentId: agent.id,
          data: { outcome, summary: summary ?? null, actualCost: actualCost ?? null },
        },
        ...(actualCost === undefined ? [] : await reconcileCost(tx, id, actualCost, now)),
      ],
      now,
    );
    return toActionResponse(await tx.action.findUniqueOrThrow({ where: { id }, include: withApproval }));
  });
  countResult(agent.name, outcome);
  return response;
}

/**
 * The budgets an allowed action was charged its declared cost: each moves by the actual
 * cost minus the declared one, the decision's limit checks say so, and the trail records it.
 */
async function reconcileCost(tx: Tx, id: string, actualCost: number, now: Date): Promise<AuditEvent[]> {
  const action = await tx.action.findUniqueOrThrow({
    where: { id },
    select: { agentId: true, createdAt: true, costAmount: true, decision: true },
  });
  const stored = action.decision as StoredDecision & { limits?: LimitCheck[] };
  if (action.costAmount === null || !stored.limits?.some((l) => l.type === "budget")) return [];
  const declared = action.costAmount.toNumber();
  const { delta, moves, limits } = costReconciliation(stored.limits, declared, actualCost, action.createdAt, now);
  await bumpCounters(tx, moves);
  await tx.action.update({ where: { id }, data: { decision: { ...stored, limits } as object } });
  return [
    {
      type: "action.cost_reconciled",
      actor: systemActor("policy-engine"),
      subject: { type: "action", id },
      agentId: action.agentId,
      data: {
        declared,
        actual: actualCost,
        delta,
        counters: moves.map((m) => ({ counter: m.key, windowStart: m.windowStart.toISOString() })),
      },
    },
  ];
}

export async function agentStatus(agent: AuthenticatedAgent): Promise<StatusResponse> {
  const engaged = await db().killSwitch.findMany({
    where: { releasedAt: null, OR: [{ scope: "global" }, { scope: "agent", agentId: agent.id }, { scope: "action_type" }] },
    orderBy: { engagedAt: "asc" },
  });
  const fleet = engaged.find((k) => k.scope === "global");
  const own = engaged.find((k) => k.scope === "agent");
  const latest = await db().policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  return {
    agent: { name: agent.name, halted: Boolean(fleet || own), reason: own?.reason ?? fleet?.reason ?? null },
    fleet: { halted: Boolean(fleet), reason: fleet?.reason ?? null },
    haltedActionTypes: engaged.filter((k) => k.scope === "action_type").map((k) => ({ type: k.actionType!, reason: k.reason })),
    policyVersion: latest?.version ?? null,
  };
}

const PAGE_SIZE = 50;
/** Counting stops here: a wide filter over millions of rows answers "more than 10,000" at once. */
export const COUNT_CAP = 10_000;

/** Operators' list: newest first, keyset-paginated on (created_at, id) so deep pages stay fast. */
export async function listActions(filters: ActionFilters) {
  const rows = await db().action.findMany({
    where: { AND: [actionWhere(filters), keysetAfter("createdAt", filters.cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    include: { agent: { select: { name: true } } },
  });
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return { actions: page, nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last.createdAt, last.id) : undefined };
}

/** How many actions match, up to COUNT_CAP + 1 (more than the cap reads "more than 10,000"). */
export function countActions(filters: ActionFilters): Promise<number> {
  return db().action.count({ where: actionWhere(filters), take: COUNT_CAP + 1 });
}

/** Operators' view of one action: everything the agent sent, the decision, the approval and the audit timeline. */
export async function getActionDetail(id: string) {
  const action = await db().action.findUnique({
    where: { id },
    include: {
      agent: { select: { id: true, name: true, owner: { select: { email: true } } } },
      approval: {
        include: {
          steps: { orderBy: { index: "asc" } },
          votes: { include: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!action) throw new NotFoundError("Action");
  const timeline = await db().auditEntry.findMany({ where: { subjectType: "action", subjectId: id }, orderBy: { id: "asc" } });
  return { action, timeline };
}
