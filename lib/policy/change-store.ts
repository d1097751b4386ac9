import { can } from "../auth/permissions";
import type { Principal } from "../auth/principal";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import { reviewRefusal } from "./change-request";
import { summarizeChanges } from "./change-summary";
import { diffFiles } from "./file-diff";
import type { PolicyFile, PolicyTestResult } from "./types";
import type { ReplayRun } from "./replay-store";

// The reviewer's reads: pending policy changes for the inbox, and one change in full
// (its diff against the version it was based on, its test results and replay summary).

const include = { author: { select: { email: true } }, reviewer: { select: { email: true } } } as const;

/** Pending, unexpired changes; each says whether this user may review it (never their own). */
export async function listPendingChanges(user: Pick<Principal, "id" | "role">, now = new Date()) {
  if (!can(user.role, "policies:write")) return [];
  const rows = await db().policyChangeRequest.findMany({
    where: { status: "pending", expiresAt: { gt: now } },
    include,
    orderBy: { expiresAt: "asc" },
    take: 100,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    message: row.message,
    author: row.author?.email ?? row.authorLabel,
    baseVersion: row.baseVersion,
    rolledBackFrom: row.rolledBackFrom,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    changed: (row.replay as Partial<ReplayRun>).changed ?? 0,
    mine: row.authorId === user.id,
  }));
}

export async function getChangeView(id: string, user: Pick<Principal, "id" | "role">, now = new Date()) {
  const row = await db().policyChangeRequest.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError("Policy change request");
  const base = await db().policyVersion.findUnique({ where: { version: row.baseVersion }, select: { files: true } });
  const before = (base?.files ?? []) as PolicyFile[];
  const after = row.files as PolicyFile[];
  const refusal = reviewRefusal(
    { status: row.status, authorId: row.authorId, baseVersion: row.baseVersion, expiresAt: row.expiresAt, version: row.version },
    user,
    now,
  );
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    message: row.message,
    author: row.author?.email ?? row.authorLabel,
    baseVersion: row.baseVersion,
    rolledBackFrom: row.rolledBackFrom,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reviewer: row.reviewer?.email ?? null,
    reviewComment: row.reviewComment,
    publishedVersion: row.publishedVersion,
    changes: summarizeChanges(before, after).map((c) => c.text),
    files: diffFiles(before, after).filter((f) => f.status !== "unchanged"),
    tests: row.tests as PolicyTestResult[],
    replay: row.replay as ReplayRun,
    review: refusal ? { ok: false as const, message: refusal.message } : { ok: true as const },
  };
}
