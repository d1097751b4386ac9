import type { Prisma } from "../db/generated/client";
import type { Approvers } from "../policy/types";
import type { ApprovalState } from "./machine";

// The approval tables as the machine's plain state: one mapping, used by the service
// (to decide) and by the inbox (to show who may decide what).

export const approvalInclude = {
  steps: { orderBy: { index: "asc" } },
  votes: { include: { step: { select: { index: true } } }, orderBy: { createdAt: "asc" } },
  action: { include: { agent: { select: { ownerId: true, name: true } } } },
} as const satisfies Prisma.ApprovalRequestInclude;

export type ApprovalRow = Prisma.ApprovalRequestGetPayload<{ include: typeof approvalInclude }>;

const approvers = (roles: Approvers["roles"], users: string[], groups: string[]): Approvers => ({ roles, users, groups });

export function toApprovalState(row: ApprovalRow): ApprovalState {
  return {
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
      approvers: approvers(s.approverRoles, s.approverUsers, s.approverGroups),
      quorum: s.quorum,
      timeoutSeconds: s.timeoutSeconds,
      onTimeout: s.onTimeout,
      escalateTo:
        s.escalateRoles.length || s.escalateUsers.length || s.escalateGroups.length
          ? approvers(s.escalateRoles, s.escalateUsers, s.escalateGroups)
          : undefined,
      escalated: s.escalated,
      status: s.status,
      startedAt: s.startedAt ?? undefined,
      dueAt: s.dueAt ?? undefined,
      completedAt: s.completedAt ?? undefined,
    })),
    votes: row.votes.map((v) => ({
      stepIndex: v.step.index,
      userId: v.userId,
      decision: v.decision,
      comment: v.comment ?? undefined,
      at: v.createdAt,
    })),
  };
}
