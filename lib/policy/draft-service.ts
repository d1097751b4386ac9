import { appendAudit } from "../audit/service";
import { userActor } from "../audit/entry";
import type { Principal } from "../auth/principal";
import { db } from "../db/client";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { fileNameProblems } from "./check";
import { reapplyDraft } from "./rebase";
import { activeVersionNumber, versionFiles } from "./store";
import type { PolicyFile } from "./types";

// Drafts: an edit of the policy set kept in the database, its author's alone to change,
// based on one published version and autosaved (each save checks the draft's `version`,
// so two tabs never overwrite each other). Anyone may read them. When a newer version was
// published meanwhile, the author re-applies the draft there or merges by hand.

const withAuthor = { author: { select: { id: true, email: true } } } as const;

export async function listDrafts() {
  return db().policyDraft.findMany({ where: { status: "open" }, include: withAuthor, orderBy: { updatedAt: "desc" }, take: 100 });
}

export async function getDraft(id: string) {
  const draft = await db().policyDraft.findUnique({ where: { id }, include: withAuthor });
  if (!draft) throw new NotFoundError("Draft");
  return draft;
}

/** The draft, open and the user's own; anything else may only be read. */
export async function loadOwnDraft(client: Tx | ReturnType<typeof db>, id: string, user: Pick<Principal, "id">) {
  const draft = await client.policyDraft.findUnique({ where: { id } });
  if (!draft) throw new NotFoundError("Draft");
  if (draft.authorId !== user.id) throw new ForbiddenError("This draft is someone else's: you may read it, not change it");
  if (draft.status !== "open") throw new ConflictError(`This draft was ${draft.status}; start a new one`);
  return draft;
}

/** A new draft of the active version (or of `fromVersion`, to start from an older set). */
export async function createDraft(input: { title?: string; fromVersion?: number }, user: Principal) {
  const active = await activeVersionNumber();
  const files = await versionFiles(input.fromVersion ?? active);
  return transaction(async (tx) => {
    const draft = await tx.policyDraft.create({
      data: { title: input.title?.trim() || `Draft by ${user.email}`, authorId: user.id, baseVersion: active, files },
      include: withAuthor,
    });
    await appendAudit(tx, {
      type: "policy.draft_created",
      actor: userActor(user),
      subject: { type: "policy_draft", id: draft.id },
      data: { title: draft.title, baseVersion: active, fromVersion: input.fromVersion ?? active },
    });
    return draft;
  });
}

function checkNames(files: PolicyFile[]) {
  const problems = fileNameProblems(files);
  if (problems.length) throw new ValidationError(problems[0]!, { files: problems });
}

/** Autosave: the files as they are (broken YAML included: it is a draft), if nobody saved since `version`. */
export async function saveDraft(input: { id: string; version: number; files: PolicyFile[]; title?: string }, user: Principal) {
  checkNames(input.files);
  await loadOwnDraft(db(), input.id, user);
  const saved = await db().policyDraft.updateMany({
    where: { id: input.id, version: input.version, status: "open" },
    data: { files: input.files, version: { increment: 1 }, updatedAt: new Date(), ...(input.title ? { title: input.title } : {}) },
  });
  if (saved.count === 0) throw new ConflictError("This draft was saved from another window since; reload it to go on", { id: input.id });
  return { id: input.id, version: input.version + 1 };
}

export async function discardDraft(id: string, user: Principal) {
  return transaction(async (tx) => {
    const draft = await loadOwnDraft(tx, id, user);
    await tx.policyDraft.update({ where: { id }, data: { status: "discarded", version: { increment: 1 } } });
    await appendAudit(tx, {
      type: "policy.draft_discarded",
      actor: userActor(user),
      subject: { type: "policy_draft", id },
      data: { title: draft.title },
    });
    return { id };
  });
}

/**
 * Moves a draft onto the active version: "reapply" replays its own changes there (a
 * conflict when both sides changed the same lines); "manual" takes the files the author
 * merged by hand in the editor.
 */
export async function rebaseDraft(
  input: { id: string; mode: "reapply" } | { id: string; mode: "manual"; files: PolicyFile[] },
  user: Principal,
) {
  const draft = await loadOwnDraft(db(), input.id, user);
  const active = await activeVersionNumber();
  let files: PolicyFile[];
  if (input.mode === "manual") {
    checkNames(input.files);
    files = input.files;
  } else {
    const result = reapplyDraft(await versionFiles(draft.baseVersion), draft.files as PolicyFile[], await versionFiles(active));
    if (!result.ok)
      throw new ConflictError(`The draft cannot be re-applied on version ${active}: merge by hand`, { conflicts: result.conflicts });
    files = result.files;
  }
  return transaction(async (tx) => {
    const moved = await tx.policyDraft.updateMany({
      where: { id: draft.id, version: draft.version, status: "open" },
      data: { files, baseVersion: active, version: { increment: 1 }, updatedAt: new Date() },
    });
    if (moved.count === 0) throw new ConflictError("This draft changed meanwhile; reload it and try again");
    await appendAudit(tx, {
      type: "policy.draft_rebased",
      actor: userActor(user),
      subject: { type: "policy_draft", id: draft.id },
      data: { from: draft.baseVersion, to: active, mode: input.mode },
    });
    return { id: draft.id, baseVersion: active, version: draft.version + 1, files };
  });
}
