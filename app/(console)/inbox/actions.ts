"use server";

import { bulkDecide, decide } from "@/lib/approvals/inbox-service";
import { BulkDecideSchema, DecideSchema } from "@/lib/contracts/approvals";
import { authedAction } from "@/lib/http/authed-action";

// The inbox refreshes itself (live events), so nothing to revalidate here.

export const decideAction = authedAction(DecideSchema, "approvals:decide", (input, user) => decide(input, user));

export const bulkDecideAction = authedAction(BulkDecideSchema, "approvals:decide", (input, user) => bulkDecide(input, user));
