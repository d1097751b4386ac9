import { can, type Role } from "../auth/permissions";
import { AppError } from "../errors";

// The review of a policy change: a publish or a rollback asked for while review is
// required, approved or rejected by another policy admin or admin, or expired. Pure: plain
// state in, the next state and its audit event out (change-service.ts writes it with an
// optimistic check on `version`, as the approval machine's service does).

export type ChangeStatus = "pending" | "approved" | "rejected" | "expired" | "cancelled";

export type ChangeState = {
  status: ChangeStatus;
  authorId: string | null;
  baseVersion: number;
  expiresAt: Date;
  version: number;
  reviewerId?: string;
  comment?: string;
  decidedAt?: Date;
};

export type ChangeEvent = {
  type: "policy.change_approved" | "policy.change_rejected" | "policy.change_expired";
  data: Record<string, unknown>;
};
export type ChangeTransition = { state: ChangeState; event: ChangeEvent };

export class ChangeRequestError extends AppError {
  constructor(
    code: "not_pending" | "expired" | "own_change" | "not_reviewer" | "comment_required" | "stale_base",
    message: string,
    status: 403 | 409 | 422,
  ) {
    super(code, message, status);
  }
}

const DONE: Record<Exclude<ChangeStatus, "pending">, string> = {
  approved: "was already approved",
  rejected: "was already rejected",
  expired: "has expired",
  cancelled: "was cancelled",
};

export const isExpired = (s: ChangeState, now: Date) => s.status === "pending" && now.getTime() >= s.expiresAt.getTime();

/** Why this person may not review this change now, or null. */
export function reviewRefusal(s: ChangeState, reviewer: { id: string; role: Role }, now: Date): ChangeRequestError | null {
  if (s.status !== "pending") return new ChangeRequestError("not_pending", `This change ${DONE[s.status]}`, 409);
  if (isExpired(s, now)) return new ChangeRequestError("expired", "This change has expired; its author must ask again", 409);
  if (!can(reviewer.role, "policies:write"))
    return new ChangeRequestError("not_reviewer", "Only a policy admin or an admin reviews policy changes", 403);
  if (s.authorId === reviewer.id)
    return new ChangeRequestError("own_change", "You asked for this change: another policy admin or admin must review it", 403);
  return null;
}

export function reviewChange(
  s: ChangeState,
  reviewer: { id: string; role: Role },
  decision: "approve" | "reject",
  comment: string | undefined,
  activeVersion: number,
  now: Date,
): ChangeTransition {
  const refusal = reviewRefusal(s, reviewer, now);
  if (refusal) throw refusal;
  if (decision === "reject" && !comment) throw new ChangeRequestError("comment_required", "A rejection needs a comment saying why", 422);
  if (decision === "approve" && s.baseVersion !== activeVersion)
    throw new ChangeRequestError(
      "stale_base",
      `Version ${activeVersion} was published after this change was asked for (on version ${s.baseVersion}); it cannot be approved: its author must ask again on the current version`,
      409,
    );
  const status = decision === "approve" ? "approved" : "rejected";
  return {
    state: { ...s, status, reviewerId: reviewer.id, comment, decidedAt: now, version: s.version + 1 },
    event: { type: decision === "approve" ? "policy.change_approved" : "policy.change_rejected", data: { comment: comment ?? null } },
  };
}

/** Past its expiry and still pending: expired (nothing is published). */
export function expireChange(s: ChangeState, now: Date): ChangeTransition | null {
  if (!isExpired(s, now)) return null;
  return {
    state: { ...s, status: "expired", decidedAt: now, version: s.version + 1 },
    event: { type: "policy.change_expired", data: { expiresAt: s.expiresAt.toISOString() } },
  };
}
