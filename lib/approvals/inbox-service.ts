import type { z } from "zod";
import { can } from "../auth/permissions";
import type { ApproverPrincipal } from "../auth/principal";
import type { BulkDecideSchema, BulkResult, DecideResult, DecideSchema } from "../contracts/approvals";
import { db } from "../db/client";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { riskOf } from "./explain";
import { inboxInclude, judge } from "./inbox-view";
import { describeStep } from "./machine";
import { approvalInclude, toApprovalState } from "./rows";
import { decideApproval } from "./service";
import { createStandingApproval } from "./standing-service";

// What an approver does from the inbox: one vote (optionally "approve and remember"), or
// one decision for a batch of identical low-risk requests.

/** One vote, and with "remember" a standing approval made after the approval succeeded. */
export async function decide(input: z.output<typeof DecideSchema>, user: ApproverPrincipal): Promise<DecideResult> {
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

/**
 * One decision for a batch of identical low-risk requests (see batchOf); anything else is
 * refused as a whole. Each request is then decided on its own: some may fail (already
 * decided, separation of duties) and say why.
 */
export async function bulkDecide(input: z.output<typeof BulkDecideSchema>, user: ApproverPrincipal): Promise<BulkResult> {
  const ids = [...new Set(input.requestIds)];
  const rows = await db().approvalRequest.findMany({ where: { id: { in: ids } }, include: inboxInclude });
  const unknown = ids.filter((id) => !rows.some((row) => row.id === id));
  if (unknown.length)
    throw new ValidationError(`Unknown approval request: ${unknown.join(", ")}`, { requestIds: ["Some of these requests do not exist"] });
  const batches = new Set(rows.map((row) => judge(row, toApprovalState(row)).batch));
  if (batches.size !== 1 || batches.has(null)) {
    throw new ValidationError(
      "Bulk decisions are only for identical low-risk requests (same agent, action type and policy rule, one approver); decide the others one by one",
      { requestIds: ["These requests are not identical low-risk requests"] },
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
