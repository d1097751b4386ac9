"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeStandingApproval } from "@/lib/approvals/standing-service";
import { authedAction } from "@/lib/http/authed-action";

const RevokeStandingSchema = z.object({ id: z.uuid("Unknown standing approval") });

export const revokeStandingApprovalAction = authedAction(RevokeStandingSchema, "approvals:remember", async ({ id }, user) => {
  const { revokedAt } = await revokeStandingApproval(id, user);
  revalidatePath("/policies");
  return { revokedAt: revokedAt.toISOString() };
});
