"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeStandingApproval } from "@/lib/approvals/standing-service";
import { userActor } from "@/lib/audit/entry";
import { RollbackSchema } from "@/lib/contracts/policies";
import { CreateDraftSchema, PublishDraftSchema, RebaseDraftSchema, SaveDraftSchema } from "@/lib/contracts/policy-studio";
import { authedAction } from "@/lib/http/authed-action";
import { createDraft, discardDraft, rebaseDraft, saveDraft } from "@/lib/policy/draft-service";
import { personPublisher, publishDraft, rollbackTo } from "@/lib/policy/publish-service";
import { setReviewRequired } from "@/lib/policy/review-setting-service";
import { startShadow, stopShadow } from "@/lib/policy/shadow-service";
import { StaleBaseError } from "@/lib/policy/store";

const RevokeStandingSchema = z.object({ id: z.uuid("Unknown standing approval") });
const DraftRef = z.object({ id: z.uuid("Unknown draft") });

export const revokeStandingApprovalAction = authedAction(RevokeStandingSchema, "approvals:remember", async ({ id }, user) => {
  const { revokedAt } = await revokeStandingApproval(id, user);
  revalidatePath("/policies");
  return { revokedAt: revokedAt.toISOString() };
});

// ─── the studio ───

export const createDraftAction = authedAction(CreateDraftSchema, "policies:write", async (input, user) => {
  const draft = await createDraft(input, user);
  revalidatePath("/policies");
  return { id: draft.id };
});

export const saveDraftAction = authedAction(SaveDraftSchema.extend(DraftRef.shape), "policies:write", (input, user) =>
  saveDraft(input, user),
);

export const discardDraftAction = authedAction(DraftRef, "policies:write", async ({ id }, user) => {
  await discardDraft(id, user);
  revalidatePath("/policies");
  return { id };
});

export const rebaseDraftAction = authedAction(z.intersection(DraftRef, RebaseDraftSchema), "policies:write", (input, user) =>
  rebaseDraft(input, user),
);

/** A stale base is not an error here: it comes back with upstream's changes, for the author to re-apply or merge. */
export const publishDraftAction = authedAction(
  PublishDraftSchema.extend(DraftRef.shape),
  "policies:write",
  async ({ id, ...input }, user) => {
    try {
      const outcome = await publishDraft({ draftId: id, ...input }, user);
      revalidatePath("/policies");
      return outcome;
    } catch (error) {
      if (!(error instanceof StaleBaseError)) throw error;
      const details = error.details as { upstream: string[]; reapply: { ok: boolean; conflicts?: string[] } };
      return { outcome: "conflict" as const, base: error.base, active: error.active, ...details };
    }
  },
);

export const rollbackAction = authedAction(RollbackSchema, "policies:write", async (input, user) => {
  const outcome = await rollbackTo(input, personPublisher(user));
  revalidatePath("/policies");
  return outcome;
});

export const startShadowAction = authedAction(z.object({ draftId: z.uuid() }), "policies:write", async ({ draftId }, user) => {
  const run = await startShadow(draftId, userActor(user));
  return { id: run.id };
});

export const stopShadowAction = authedAction(z.object({}), "policies:write", async (_input, user) => {
  const run = await stopShadow(userActor(user));
  return { id: run.id };
});

export const setReviewAction = authedAction(
  z.object({ reviewRequired: z.boolean() }),
  "policies:configure",
  async ({ reviewRequired }, user) => {
    const result = await setReviewRequired(reviewRequired, userActor(user));
    revalidatePath("/policies");
    return result;
  },
);
