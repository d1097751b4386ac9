import { z } from "zod";
import { appendAudit } from "../audit/service";
import { userActor } from "../audit/entry";
import { can } from "../auth/permissions";
import type { Principal } from "../auth/principal";
import { StandingApprovalSchema } from "../contracts/approvals";
import { transaction } from "../db/transaction";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { utcMinute } from "../format/time";
import { riskOf } from "./explain";
import { approvalInclude, toApprovalState } from "./rows";

// Creating ("approve and remember") and revoking standing approvals: admins only, each in
// one transaction with its audit entry.

/** Who creates or revokes one; the role is checked here, not only by the caller. */
function assertMayRemember(user: Pick<Principal, "role">) {
  if (!can(user.role, "approvals:remember"))
    throw new ForbiddenError(`Your role (${user.role}) may not create or revoke standing approvals`);
}

export async function createStandingApproval(
  input: {
    agentId: string;
    actionType: string;
    maxAmount: number | null;
    currency: string | null;
    durationMinutes: number;
    note?: string;
    sourceApprovalId: string;
  },
  author: Pick<Principal, "id" | "role" | "email">,
): Promise<{ id: string; expiresAt: Date }> {
  assertMayRemember(author);
  const parsed = StandingApprovalSchema.safeParse(input);
  // A ValidationError (not a raw ZodError), so a caller that already approved can show why "remember" failed.
  if (!parsed.success)
    throw new ValidationError("The standing approval is not valid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const { agentId, actionType, maxAmount, currency, durationMinutes, note, sourceApprovalId } = parsed.data;
  return transaction(async (tx) => {
    const now = new Date();
    const agent = await tx.agent.findUnique({ where: { id: agentId }, select: { name: true } });
    if (!agent) throw new NotFoundError("Agent");
    const row = await tx.approvalRequest.findUnique({ where: { id: sourceApprovalId }, include: approvalInclude });
    if (!row) throw new NotFoundError("Approval request");
    if (row.action.agentId !== agentId || row.action.type !== actionType) {
      throw new ValidationError("The standing approval must be for the agent and action type of the request it comes from", {
        sourceApprovalId: [`That request is a ${row.action.type} of another agent or type`],
      });
    }
    const risk = riskOf(toApprovalState(row), row.action.decision);
    if (risk.level !== "low") {
      throw new ValidationError(`Only a low-risk request can be remembered; this one is not (${risk.why}), so each one stays with humans`, {
        sourceApprovalId: [risk.why],
      });
    }
    if (row.status !== "approved") {
      throw new ValidationError("Only a request approved in full can be remembered", {
        sourceApprovalId: [`That request is ${row.status}`],
      });
    }
    const expiresAt = new Date(now.getTime() + durationMinutes * 60_000);
    const { policy, rule } = row;
    const created = await tx.standingApproval.create({
      data: {
        agentId,
        actionType,
        maxAmount,
        currency,
        policy,
        rule,
        expiresAt,
        note: note ?? "",
        sourceApprovalId,
        createdById: author.id,
        createdAt: now,
      },
      select: { id: true, expiresAt: true },
    });
    await appendAudit(
      tx,
      {
        type: "standing_approval.created",
        actor: userActor(author),
        subject: { type: "standing_approval", id: created.id },
        agentId,
        data: {
          agent: agent.name,
          actionType,
          policy,
          rule,
          maxAmount,
          currency,
          durationMinutes,
          expiresAt: created.expiresAt.toISOString(),
          note: note ?? "",
          sourceApprovalId,
        },
      },
      now,
    );
    return created;
  });
}

export async function revokeStandingApproval(
  id: string,
  actor: Pick<Principal, "id" | "role" | "email">,
): Promise<{ id: string; revokedAt: Date }> {
  assertMayRemember(actor);
  return transaction(async (tx) => {
    const now = new Date();
    const existing = await tx.standingApproval.findUnique({ where: { id }, include: { revokedBy: { select: { email: true } } } });
    if (!existing) throw new NotFoundError("Standing approval");
    if (existing.revokedAt) {
      throw new ConflictError(
        `This standing approval was already revoked at ${utcMinute(existing.revokedAt)}${existing.revokedBy ? ` by ${existing.revokedBy.email}` : ""}`,
      );
    }
    if (existing.expiresAt <= now)
      throw new ConflictError(`This standing approval expired at ${utcMinute(existing.expiresAt)}; there is nothing to revoke`);
    // Guarded by revokedAt: of two racing revocations, exactly one wins.
    const claimed = await tx.standingApproval.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedById: actor.id },
    });
    if (claimed.count === 0) throw new ConflictError("Someone else revoked this standing approval a moment ago");
    await appendAudit(
      tx,
      {
        type: "standing_approval.revoked",
        actor: userActor(actor),
        subject: { type: "standing_approval", id },
        agentId: existing.agentId,
        data: { actionType: existing.actionType, expiresAt: existing.expiresAt.toISOString() },
      },
      now,
    );
    return { id, revokedAt: now };
  });
}
