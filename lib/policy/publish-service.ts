import { userActor, type Actor } from "../audit/entry";
import { can } from "../auth/permissions";
import type { Principal } from "../auth/principal";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { ForbiddenError, ValidationError } from "../errors";
import { summarizeChanges } from "./change-summary";
import { checkPolicySet, describeProblems, fileNameProblems, type SetCheck } from "./check";
import { openChangeRequest } from "./change-service";
import { loadOwnDraft } from "./draft-service";
import { reapplyDraft } from "./rebase";
import { replayPolicySet, REPLAY_DEFAULT_DAYS } from "./replay-store";
import { reviewRequired } from "./review-setting-service";
import { activeVersionNumber, forgetActiveSet, insertVersion, StaleBaseError, versionFiles } from "./store";
import type { PolicyFile } from "./types";

// Publishing from the studio, the API and the CLI: the whole set is checked and its tests
// must pass; a set based on a version that is no longer active is a conflict (never a
// silent overwrite); with review required it becomes a change request instead, unless an
// admin publishes in an emergency with a reason. A rollback is the same with an old set.

/** Who publishes: an actor for the audit trail, and the signed-in person when there is one (the CLI has none). */
export type Publisher = { actor: Actor; user?: Pick<Principal, "id" | "email" | "role"> };
export const personPublisher = (user: Pick<Principal, "id" | "email" | "role">): Publisher => ({ actor: userActor(user), user });

export type PublishOutcome = { outcome: "published"; version: number } | { outcome: "review"; changeRequestId: string; expiresAt: string };

export class PolicyCheckFailed extends ValidationError {
  constructor(check: SetCheck) {
    const problems = describeProblems(check);
    super(
      check.errors.length
        ? `The policy set has ${problems.length} error(s)`
        : `${problems.length} policy test(s) fail: a set whose tests fail cannot be published`,
      { files: problems },
    );
  }
}

/** A stale base, with what changed upstream and whether the draft's own changes re-apply cleanly there. */
async function staleConflict(base: number, active: number, files: PolicyFile[]): Promise<StaleBaseError> {
  const [baseFiles, activeFiles] = await Promise.all([versionFiles(base), versionFiles(active)]);
  const error = new StaleBaseError(base, active);
  const reapplied = reapplyDraft(baseFiles, files, activeFiles);
  Object.assign(error.details as object, {
    upstream: summarizeChanges(baseFiles, activeFiles).map((c) => c.text),
    reapply: reapplied.ok ? { ok: true } : { ok: false, conflicts: reapplied.conflicts },
  });
  return error;
}

type Change = { files: PolicyFile[]; message: string; base: number; rolledBackFrom?: number; draftId?: string; emergencyReason?: string };

async function submit(change: Change, by: Publisher): Promise<PublishOutcome> {
  const names = fileNameProblems(change.files);
  if (names.length) throw new ValidationError(names[0]!, { files: names });
  const check = checkPolicySet(change.files);
  if (!check.ok) throw new PolicyCheckFailed(check);
  const active = await activeVersionNumber();
  if (change.base !== active) throw await staleConflict(change.base, active, change.files);
  const review = await reviewRequired();
  if (change.emergencyReason !== undefined) {
    if (!by.user || !can(by.user.role, "policies:configure"))
      throw new ForbiddenError("Only an admin may publish without review in an emergency");
    if (!review)
      throw new ValidationError("Review is not required: publish normally", {
        emergencyReason: ["Review is off; no emergency publish is needed"],
      });
  } else if (review) {
    const replay = await replayPolicySet(check.set!, { days: REPLAY_DEFAULT_DAYS });
    const request = await openChangeRequest({ ...change, checksum: check.set!.checksum, tests: check.tests, replay }, by);
    return { outcome: "review", changeRequestId: request.id, expiresAt: request.expiresAt.toISOString() };
  }
  const version = await transaction(async (tx) => {
    const next = await insertVersion(tx, change.files, check.set!.checksum, change.message, by.actor, {
      via: change.emergencyReason !== undefined ? "emergency" : "direct",
      emergencyReason: change.emergencyReason,
      rolledBackFrom: change.rolledBackFrom,
      draftId: change.draftId,
      expectedBase: change.base,
    });
    if (change.draftId)
      await tx.policyDraft.update({ where: { id: change.draftId }, data: { status: "published", publishedVersion: next } });
    return next;
  });
  forgetActiveSet();
  return { outcome: "published", version };
}

const emergency = (reason: string | undefined) => (reason === undefined ? undefined : reason.trim());

/** Publishes a set of files (GitOps, the CLI): based on whatever is active now unless `baseVersion` says otherwise. */
export async function publishFiles(
  input: { files: PolicyFile[]; message: string; baseVersion?: number; emergencyReason?: string },
  by: Publisher,
): Promise<PublishOutcome> {
  const base = input.baseVersion ?? (await activeVersionNumber());
  return submit({ files: input.files, message: input.message, base, emergencyReason: emergency(input.emergencyReason) }, by);
}

/** Publishes the author's draft as saved; a conflict if its base is no longer active. */
export async function publishDraft(input: { draftId: string; message: string; emergencyReason?: string }, user: Principal) {
  const draft = await loadOwnDraft(db(), input.draftId, user);
  return submit(
    {
      files: draft.files as PolicyFile[],
      message: input.message,
      base: draft.baseVersion,
      draftId: draft.id,
      emergencyReason: emergency(input.emergencyReason),
    },
    personPublisher(user),
  );
}

/** Publishes version N's files again as a new version (through review when review is required). */
export async function rollbackTo(input: { version: number; message: string; emergencyReason?: string }, by: Publisher) {
  const files = await versionFiles(input.version);
  const base = await activeVersionNumber();
  return submit(
    { files, message: input.message, base, rolledBackFrom: input.version, emergencyReason: emergency(input.emergencyReason) },
    by,
  );
}
