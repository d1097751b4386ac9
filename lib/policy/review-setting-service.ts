import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { db } from "../db/client";
import { transaction } from "../db/transaction";

// "Require review of policy changes": an admin's setting, off on a fresh install (one
// person can then publish alone), meant to be turned on in production. Kept in the
// settings table so every replica reads the same; every change is audited.

const KEY = "policy_review_required";

export async function reviewRequired(): Promise<boolean> {
  const row = await db().setting.findUnique({ where: { key: KEY } });
  return row?.value === "true";
}

export async function setReviewRequired(required: boolean, actor: Actor): Promise<{ required: boolean; changed: boolean }> {
  return transaction(async (tx) => {
    const before = (await tx.setting.findUnique({ where: { key: KEY } }))?.value === "true";
    if (before === required) return { required, changed: false };
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: String(required) }, update: { value: String(required) } });
    await appendAudit(tx, {
      type: "policy.review_setting_changed",
      actor,
      subject: { type: "setting", id: KEY },
      data: { required, previous: before },
    });
    return { required, changed: true };
  });
}
