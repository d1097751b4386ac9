import { appendAudit } from "../audit/service";
import { systemActor, userActor, type Actor } from "../audit/entry";
import type { Principal } from "../auth/principal";
import { db } from "../db/client";
import type { PolicyChangeRequest } from "../db/generated/client";
import { transaction, type Tx } from "../db/transaction";
import { env } from "../env";
import { ConflictError, NotFoundError } from "../errors";
import { defineJob } from "../jobs/queue";
import { expireChange, reviewChange, type ChangeState, type ChangeTransition } from "./change-request";
import { forgetActiveSet, insertVersion } from "./store";
import type { PolicyFile, PolicyTestResult } from "./types";
import type { Publisher } from "./publish-service";
import type { ReplayRun } from "./replay-store";

// Change requests meet the database here: opened by a publish or rollback while review is
// required, then approved (publishing the set as a new version, in the same transaction),
// rejected or expired. Each transition is the pure one from change-request.ts, written only
// if nobody else changed the request meanwhile (its `version`), and audited.

const toState = (row: PolicyChangeRequest): ChangeState => ({
  status: row.status,
  authorId: row.authorId,
  baseVersion: row.baseVersion,
  expiresAt: row.expiresAt,
  version: row.version,
});

export async function openChangeRequest(
  change: {
    files: PolicyFile[];
    message: string;
    base: number;
    checksum: string;
    rolledBackFrom?: number;
    draftId?: string;
    tests: PolicyTestResult[];
    replay: ReplayRun;
  },
  by: Publisher,
  now = new Date(),
) {
  const expiresAt = new Date(now.getTime() + env().GATEHOUSE_POLICY_REVIEW_EXPIRY_DAYS * 86_400_000);
  return transaction(async (tx) => {
    const request = await tx.policyChangeRequest.create({
      data: {
        kind: change.rolledBackFrom ? "rollback" : "publish",
        draftId: change.draftId,
        authorId: by.user?.id,
        authorLabel: by.actor.label,
        baseVersion: change.base,
        rolledBackFrom: change.rolledBackFrom,
        files: change.files,
        checksum: change.checksum,
        message: change.message,
        tests: change.tests as object[],
        replay: change.replay as object,
        expiresAt,
        createdAt: now,
      },
    });
    await appendAudit(
      tx,
      {
        type: "policy.change_requested",
        actor: by.actor,
        subject: { type: "policy_change_request", id: request.id },
        data: {
          kind: request.kind,
          baseVersion: change.base,
          rolledBackFrom: change.rolledBackFrom ?? null,
          checksum: change.checksum,
          message: change.message,
          files: change.files.map((f) => f.path),
          expiresAt: expiresAt.toISOString(),
        },
      },
      now,
    );
    return request;
  });
}

async function save(
  tx: Tx,
  row: PolicyChangeRequest,
  { state, event }: ChangeTransition,
  actor: Actor,
  extra: { publishedVersion?: number } = {},
) {
  const claimed = await tx.policyChangeRequest.updateMany({
    where: { id: row.id, version: row.version },
    data: {
      status: state.status,
      version: state.version,
      reviewerId: state.reviewerId ?? null,
      reviewComment: state.comment ?? null,
      decidedAt: state.decidedAt ?? null,
      ...extra,
    },
  });
  if (claimed.count === 0) throw new ConflictError("Someone else decided this change a moment ago; reload to see the outcome");
  await appendAudit(tx, {
    type: event.type,
    actor,
    subject: { type: "policy_change_request", id: row.id },
    data: { ...event.data, kind: row.kind, checksum: row.checksum, publishedVersion: extra.publishedVersion ?? null },
  });
}

/** Another policy admin's or admin's decision; an approval publishes the set at once. */
export async function reviewChangeRequest(
  id: string,
  reviewer: Principal,
  decision: "approve" | "reject",
  comment?: string,
  now = new Date(),
) {
  const result = await transaction(async (tx) => {
    // Under the publish lock, so "the base is still the active version" holds until commit.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gatehouse.policy_versions'))`;
    const row = await tx.policyChangeRequest.findUnique({ where: { id } });
    if (!row) throw new NotFoundError("Policy change request");
    const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const transition = reviewChange(toState(row), reviewer, decision, comment, latest?.version ?? 0, now);
    const actor = userActor(reviewer);
    if (decision === "reject") {
      await save(tx, row, transition, actor);
      return { status: transition.state.status, version: null };
    }
    const version = await insertVersion(tx, row.files as PolicyFile[], row.checksum, row.message, actor, {
      via: "reviewed",
      rolledBackFrom: row.rolledBackFrom ?? undefined,
      changeRequestId: row.id,
      reviewedBy: reviewer,
      draftId: row.draftId ?? undefined,
      expectedBase: row.baseVersion,
    });
    await save(tx, row, transition, actor, { publishedVersion: version });
    if (row.draftId)
      await tx.policyDraft.updateMany({
        where: { id: row.draftId, status: "open" },
        data: { status: "published", publishedVersion: version },
      });
    return { status: transition.state.status, version };
  });
  if (result.version) forgetActiveSet();
  return result;
}

/** Expires every pending change request past its deadline; the job below runs it every minute. */
export async function expireChangeRequests(now = new Date()) {
  const due = await db().policyChangeRequest.findMany({ where: { status: "pending", expiresAt: { lte: now } } });
  let expired = 0;
  for (const row of due) {
    const transition = expireChange(toState(row), now);
    if (!transition) continue;
    try {
      await transaction((tx) => save(tx, row, transition, systemActor("policy-review")));
      expired++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // decided meanwhile
    }
  }
  return expired;
}

export const policyChangeExpiryJob = defineJob<Record<string, never>>({
  name: "policy-change-expiry",
  handler: async () => void (await expireChangeRequests()),
});
