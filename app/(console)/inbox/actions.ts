"use server";

import { bulkDecide, decide } from "@/lib/approvals/inbox-service";
import { BulkDecideSchema, DecideSchema } from "@/lib/contracts/approvals";
import { ReviewChangeSchema } from "@/lib/contracts/policy-studio";
import { authedAction } from "@/lib/http/authed-action";
import { reviewChangeRequest } from "@/lib/policy/change-service";
import { z } from "zod";

// The inbox refreshes itself (live events), so nothing to revalidate here.

export const decideAction = authedAction(DecideSchema, "approvals:decide", (input, user) => decide(input, user));

export const bulkDecideAction = authedAction(BulkDecideSchema, "approvals:decide", (input, user) => bulkDecide(input, user));

export const reviewPolicyChangeAction = authedAction(
  z.intersection(z.object({ id: z.uuid("Unknown change request") }), ReviewChangeSchema),
  "policies:write",
  ({ id, decision, comment }, user) => reviewChangeRequest(id, user, decision, comment),
);
