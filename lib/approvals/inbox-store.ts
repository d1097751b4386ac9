import type { z } from "zod";
import { HistoryQuerySchema, type ApprovalView, type HistoryEntry, type InboxItem } from "../contracts/approvals";
import { encodeCursor, keysetAfter } from "../contracts/cursor";
import type { ApproverPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import { inboxInclude, toApprovalView, toHistoryEntry, toItem } from "./inbox-view";
import { mayVote, tick } from "./machine";
import { toApprovalState } from "./rows";

// The approver's reads: what the signed-in user may decide now (most urgent first), one
// request in full, and what was decided.

const MAX_CANDIDATES = 500;
const RECENT_WINDOW_MS = 3_600_000;
const RECENT_SHOWN = 20;

/**
 * Pending requests the user may vote on now, the soonest deadline first. SQL narrows to
 * pending, unexpired requests the user has not voted on yet; the state machine decides
 * the rest (timers applied, owner bar, the current step's roles, groups and names).
 */
export async function listInbox(user: ApproverPrincipal, now = new Date()): Promise<{ items: InboxItem[]; truncated: boolean }> {
  // Approvers are not narrowed in SQL: a filter on the role[] columns trips the embedded
  // database's driver when the enum was created by a migration in the same process.
  const rows = await db().approvalRequest.findMany({
    where: { status: "pending", expiresAt: { gt: now }, votes: { none: { userId: user.id } } },
    include: inboxInclude,
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    take: MAX_CANDIDATES + 1,
  });
  const items = rows.slice(0, MAX_CANDIDATES).flatMap((row) => {
    const state = tick(toApprovalState(row), now).state;
    return mayVote(state, user, now).ok ? [toItem(row, state)] : [];
  });
  items.sort((a, b) => a.deadline.at.localeCompare(b.deadline.at) || a.createdAt.localeCompare(b.createdAt));
  return { items, truncated: rows.length > MAX_CANDIDATES };
}

/** One request in full, for the approver deciding it. */
export async function getApprovalView(requestId: string, user: ApproverPrincipal, now = new Date()): Promise<ApprovalView> {
  const row = await db().approvalRequest.findUnique({ where: { id: requestId }, include: inboxInclude });
  if (!row) throw new NotFoundError("Approval request");
  const { action } = row;
  const since = new Date(action.createdAt.getTime() - RECENT_WINDOW_MS);
  const recentWhere = { agentId: action.agentId, id: { not: action.id }, createdAt: { gte: since } };
  const [actions, total] = await Promise.all([
    db().action.findMany({ where: recentWhere, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT_SHOWN }),
    db().action.count({ where: recentWhere }),
  ]);
  return toApprovalView(row, tick(toApprovalState(row), now).state, { actions, total }, user, now);
}

/** Decided requests, the most recently decided first, keyset-paginated on (decided_at, id). */
export async function listHistory(
  query: z.input<typeof HistoryQuerySchema>,
): Promise<{ entries: HistoryEntry[]; nextCursor: string | null }> {
  const { limit, cursor } = HistoryQuerySchema.parse(query); // a ZodError answers 422
  const rows = await db().approvalRequest.findMany({
    where: { status: { not: "pending" }, decidedAt: { not: null }, ...keysetAfter("decidedAt", cursor) },
    include: inboxInclude,
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const entries = page.map((row) => toHistoryEntry(row, toApprovalState(row)));
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last.decidedAt!, last.id) : null };
}
