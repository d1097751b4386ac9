import { z } from "zod";
import { ROLES } from "../auth/permissions";
import { ActionStatusSchema, ActionTypeSchema, LimitCheckSchema, ReasonSchema } from "./actions";
import { cursorSchema } from "./cursor";
import { defineOperation } from "./operation";

// The approver's side of approvals: what the inbox, a request's page and the history
// show (plain JSON: ISO times, numbers), and what deciding takes. The views' TypeScript
// types are inferred from these schemas, so the routes' contracts and the code agree.

const iso = z.iso.datetime();
const isoOrNull = iso.nullable();

export const MoneySchema = z.object({ amount: z.number(), currency: z.string().nullable() });
export type Money = z.infer<typeof MoneySchema>;

const ApprovalStatusSchema = z.enum(["pending", "approved", "rejected", "expired", "cancelled"]);
const OnTimeoutSchema = z.enum(["escalate", "approve", "deny"]);

/** What happens at the deadline: the step's timeout (escalate / approve / deny) or the request's expiry (denied). */
export const DeadlineSchema = z.object({ at: iso, then: z.enum([...OnTimeoutSchema.options, "expire"]) });
export type Deadline = z.infer<typeof DeadlineSchema>;

export const ExplanationSchema = z.object({ policy: z.string().nullable(), rule: z.string().nullable(), message: z.string() });
export const RiskSchema = z.object({ level: z.enum(["low", "high"]), why: z.string() });

const ImpactSchema = z.object({ records: z.number().int().nullable(), amount: z.number().nullable() }).nullable();
const AgentRefSchema = z.object({ id: z.uuid(), name: z.string() });

/** What every list of approval requests shows of one. */
const RequestSummarySchema = z.object({
  requestId: z.uuid(),
  actionId: z.uuid(),
  agent: AgentRefSchema,
  type: z.string(),
  resource: z.string(),
  amount: MoneySchema.nullable(),
});

export const InboxItemSchema = RequestSummarySchema.extend({
  impact: ImpactSchema,
  explanation: ExplanationSchema,
  step: z.string().describe('Who decides now, e.g. "approver, 1 of 2 — step 1 of 2"'),
  deadline: DeadlineSchema,
  createdAt: iso,
  risk: RiskSchema,
  batch: z.string().nullable().describe("Identical low-risk requests share a batch and may be decided together; null: one by one"),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;

export const InboxSchema = z.object({ items: z.array(InboxItemSchema), truncated: z.boolean() });

const ApproversSchema = z.object({ roles: z.array(z.enum(ROLES)), users: z.array(z.string()), groups: z.array(z.string()) });

export const ChainStepSchema = z.object({
  index: z.number().int(),
  approvers: ApproversSchema,
  escalateTo: ApproversSchema.nullable(),
  escalated: z.boolean(),
  quorum: z.number().int(),
  timeoutSeconds: z.number().int(),
  onTimeout: OnTimeoutSchema,
  status: z.enum(["waiting", "active", "approved", "rejected", "timed_out"]),
  startedAt: isoOrNull,
  dueAt: isoOrNull,
  completedAt: isoOrNull,
  votes: z.array(z.object({ email: z.string(), decision: z.enum(["approve", "reject"]), comment: z.string().nullable(), at: iso })),
});
export type ChainStep = z.infer<typeof ChainStepSchema>;

export const ApprovalViewSchema = z.object({
  requestId: z.uuid(),
  status: ApprovalStatusSchema,
  step: z.string(),
  reason: z.string().nullable(),
  deadline: DeadlineSchema.nullable(),
  createdAt: iso,
  expiresAt: iso,
  decidedAt: isoOrNull,
  agent: AgentRefSchema.extend({ owner: z.string().nullable() }),
  action: z.object({
    id: z.uuid(),
    type: z.string(),
    resource: z.string(),
    status: ActionStatusSchema,
    params: z.unknown(),
    context: z.record(z.string(), z.unknown()).nullable(),
    amount: MoneySchema.nullable(),
    impact: ImpactSchema,
    createdAt: iso,
  }),
  explanation: ExplanationSchema,
  reasons: z.array(ReasonSchema),
  limits: z.array(LimitCheckSchema),
  policyVersion: z.number().int().nullable(),
  risk: RiskSchema,
  chain: z.array(ChainStepSchema),
  recent: z
    .object({
      actions: z.array(
        z.object({
          id: z.uuid(),
          type: z.string(),
          resource: z.string(),
          status: ActionStatusSchema,
          amount: MoneySchema.nullable(),
          createdAt: iso,
        }),
      ),
      total: z.number().int(),
    })
    .describe("The agent's other actions from an hour before this request until now, newest first"),
  vote: z
    .union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), message: z.string() })])
    .describe("Whether the signed-in user may vote now, and why not"),
});
export type ApprovalView = z.infer<typeof ApprovalViewSchema>;

export const HistoryEntrySchema = RequestSummarySchema.extend({
  outcome: ApprovalStatusSchema.exclude(["pending"]),
  reason: z.string().nullable(),
  decidedBy: z.array(z.string()),
  createdAt: iso,
  decidedAt: iso,
  waitedMs: z.number(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorSchema.optional(),
});

export const HistorySchema = z.object({ entries: z.array(HistoryEntrySchema), nextCursor: z.string().nullable() });

// ─── deciding ───

export const MIN_STANDING_MINUTES = 5;
export const MAX_STANDING_MINUTES = 7 * 24 * 60;

export const StandingApprovalSchema = z.strictObject({
  agentId: z.uuid("Unknown agent"),
  actionType: z
    .string()
    .trim()
    .refine((t) => !t.includes("*"), "A standing approval covers one exact action type, not a pattern")
    .pipe(ActionTypeSchema),
  maxAmount: z.number().finite().nonnegative("The amount cannot be negative").max(1e12).nullable(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Currency is an ISO 4217 code such as USD")
    .nullable(),
  durationMinutes: z
    .number()
    .int()
    .min(MIN_STANDING_MINUTES, `At least ${MIN_STANDING_MINUTES} minutes`)
    .max(MAX_STANDING_MINUTES, "At most 7 days: a standing approval is a stopgap, a lasting one belongs in the policy"),
  note: z.string().trim().max(500).optional(),
  /** The request approved with "remember": the standing approval covers that request's rule. */
  sourceApprovalId: z.uuid("Unknown approval request"),
});
export type StandingApprovalInput = z.input<typeof StandingApprovalSchema>;

const Comment = z
  .string()
  .trim()
  .max(2000, "Keep the comment under 2000 characters")
  .transform((v) => v || undefined)
  .optional();
const REJECT_NEEDS_COMMENT = "A rejection needs a comment saying why (the agent is told)";

/** The standing approval's own rules, checked before the vote is cast (the agent and type come from the request). */
export const RememberSchema = StandingApprovalSchema.pick({ maxAmount: true, currency: true, durationMinutes: true, note: true });

export const DecideSchema = z
  .strictObject({
    requestId: z.uuid("Unknown request"),
    decision: z.enum(["approve", "reject"]),
    comment: Comment,
    /** "Approve and remember": a time-boxed standing approval for this agent and action type. */
    remember: RememberSchema.optional(),
  })
  .refine((v) => v.decision === "approve" || v.comment, { path: ["comment"], message: REJECT_NEEDS_COMMENT })
  .refine((v) => v.decision === "approve" || !v.remember, { path: ["remember"], message: "Only an approval can be remembered" });

export type DecideResult = {
  status: z.infer<typeof ApprovalStatusSchema>;
  step: string;
  /** The standing approval, when asked for: created, or why not (the approval itself stands). */
  standing?: { ok: true; id: string; expiresAt: string } | { ok: false; error: string };
};

export const BulkDecideSchema = z
  .strictObject({
    requestIds: z.array(z.uuid("Unknown request")).min(1, "Select at least one request").max(100, "At most 100 requests at once"),
    decision: z.enum(["approve", "reject"]),
    comment: Comment,
  })
  .refine((v) => v.decision === "approve" || v.comment, { path: ["comment"], message: REJECT_NEEDS_COMMENT });

export type BulkResult = { requestId: string; ok: boolean; message: string }[];

// ─── operations (operators; a console session) ───

export const inboxOperation = defineOperation({
  method: "GET",
  path: "/api/inbox",
  operationId: "approvalInbox",
  summary: "What the signed-in user may decide now, the soonest deadline first",
  access: { kind: "user", permission: "approvals:decide" },
  response: InboxSchema,
});

export const approvalViewOperation = defineOperation({
  method: "GET",
  path: "/api/inbox/{id}",
  operationId: "approvalRequest",
  summary: "One approval request in full, and whether the signed-in user may vote on it now",
  access: { kind: "user", permission: "console:read" },
  params: z.object({ id: z.uuid() }),
  notFound: "Approval request",
  response: ApprovalViewSchema,
});

export const approvalHistoryOperation = defineOperation({
  method: "GET",
  path: "/api/inbox/history",
  operationId: "approvalHistory",
  summary: "Decided approval requests, the most recently decided first; `cursor` (the previous page's nextCursor) pages on",
  access: { kind: "user", permission: "console:read" },
  query: HistoryQuerySchema,
  response: HistorySchema,
});
