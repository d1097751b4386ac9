import { cancelPendingApprovals } from "../approvals/service";
import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { literal } from "../db/batch-transaction";
import { db } from "../db/client";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";
import { describeTarget, EngageSchema, ReleaseSchema, typeMatchesGlob, type EngageInput } from "./target";

export type EngagedSwitch = {
  id: string;
  scope: "global" | "agent" | "action_type";
  reason: string;
  agentName: string | null;
  actionType: string | null;
};

/**
 * The switches that halt this agent's action of this type, most general first, as one
 * statement (values escaped): the decision path sends it in its first batch
 * (lib/actions/decide-batch.ts). Read inside the decision transaction, every time: no cache window.
 */
export function engagedSwitchesQuery(agentId: string, actionType: string): string {
  const type = literal(actionType);
  return `
    SELECT k.id, k.scope::text AS scope, k.reason, a.name AS "agentName", k.action_type AS "actionType"
    FROM kill_switches k LEFT JOIN agents a ON a.id = k.agent_id
    WHERE k.released_at IS NULL
      AND (k.scope = 'global'
        OR (k.scope = 'agent' AND k.agent_id = ${literal(agentId)}::uuid)
        OR (k.scope = 'action_type' AND (k.action_type = ${type} OR ${type} LIKE replace(replace(replace(k.action_type, '\\', '\\\\'), '_', '\\_'), '*', '%'))))
    ORDER BY CASE k.scope WHEN 'global' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, k.engaged_at`;
}

/**
 * Taken by every decision before it reads the switches, held until it commits. Engaging
 * takes the same lock exclusively, so it waits for decisions in flight, and every decision
 * after it sees the switch: nothing is allowed once a switch is engaged.
 */
export const SHARED_KILL_SWITCH_LOCK = "SELECT pg_advisory_xact_lock_shared(hashtext('gatehouse.killswitch'))";

/** The shared lock, then engagedSwitchesQuery, inside a Prisma transaction. */
export async function engagedFor(tx: Tx, agentId: string, actionType: string): Promise<EngagedSwitch[]> {
  await tx.$executeRawUnsafe(SHARED_KILL_SWITCH_LOCK);
  return tx.$queryRawUnsafe<EngagedSwitch[]>(engagedSwitchesQuery(agentId, actionType));
}

export async function listEngaged() {
  return db().killSwitch.findMany({
    where: { releasedAt: null },
    orderBy: { engagedAt: "desc" },
    include: { agent: { select: { name: true } }, engagedBy: { select: { email: true } } },
  });
}

export async function listRecentlyReleased(limit = 20) {
  return db().killSwitch.findMany({
    where: { releasedAt: { not: null } },
    orderBy: { releasedAt: "desc" },
    take: limit,
    include: { agent: { select: { name: true } }, engagedBy: { select: { email: true } }, releasedBy: { select: { email: true } } },
  });
}

export async function engageKillSwitch(input: EngageInput, actor: Actor) {
  const { target, reason, autoReject } = EngageSchema.parse(input);
  return transaction(async (tx) => {
    // One writer at a time per switch target, so the same target cannot be engaged twice; and
    // exclusive of decisions in flight (SHARED_KILL_SWITCH_LOCK).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gatehouse.killswitch'))`;
    const agent = target.scope === "agent" ? await tx.agent.findUnique({ where: { id: target.agentId } }) : null;
    if (target.scope === "agent" && !agent) throw new NotFoundError("Agent");
    const where = {
      releasedAt: null,
      scope: target.scope,
      agentId: target.scope === "agent" ? target.agentId : null,
      actionType: target.scope === "action_type" ? target.actionType : null,
    };
    const label = describeTarget({ scope: target.scope, agentName: agent?.name, actionType: where.actionType });
    if (await tx.killSwitch.findFirst({ where })) throw new ConflictError(`The kill switch for ${label} is already engaged`);
    const engaged = await tx.killSwitch.create({
      data: { ...where, reason, autoReject, engagedById: actor.type === "user" ? actor.id : null },
    });
    const rejected = autoReject ? await rejectPending(tx, engaged.id, target, reason, actor) : 0;
    await appendAudit(tx, {
      type: "killswitch.engaged",
      actor,
      subject: { type: "kill_switch", id: engaged.id },
      agentId: agent?.id,
      data: { target: label, scope: target.scope, actionType: where.actionType, reason, autoReject, rejectedActions: rejected },
    });
    return { killSwitch: engaged, label, rejected };
  });
}

/** Cancels the approval of every pending action in the switch's scope: each is denied, audited, and its agent told. */
async function rejectPending(tx: Tx, switchId: string, target: EngageInput["target"], reason: string, actor: Actor) {
  const pending = await tx.action.findMany({
    where: { status: "pending", ...(target.scope === "agent" ? { agentId: target.agentId } : {}) },
    select: { id: true, type: true },
  });
  const inScope = pending.filter((a) => target.scope !== "action_type" || typeMatchesGlob(a.type, target.actionType));
  return cancelPendingApprovals(
    tx,
    inScope.map((a) => a.id),
    reason,
    actor,
    switchId,
  );
}

export async function releaseKillSwitch(input: { id: string; reason: string }, actor: Actor) {
  const { id, reason } = ReleaseSchema.parse(input);
  return transaction(async (tx) => {
    const current = await tx.killSwitch.findUnique({ where: { id }, include: { agent: { select: { name: true } } } });
    if (!current) throw new NotFoundError("Kill switch");
    if (current.releasedAt) throw new ConflictError("This kill switch was already released");
    const released = await tx.killSwitch.update({
      where: { id },
      data: { releasedAt: new Date(), releasedById: actor.type === "user" ? actor.id : null, releaseReason: reason },
    });
    const label = describeTarget({ scope: current.scope, agentName: current.agent?.name, actionType: current.actionType });
    await appendAudit(tx, {
      type: "killswitch.released",
      actor,
      subject: { type: "kill_switch", id },
      agentId: current.agentId ?? undefined,
      data: { target: label, reason, engagedReason: current.reason },
    });
    return { killSwitch: released, label };
  });
}
