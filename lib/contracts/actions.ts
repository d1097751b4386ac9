import { z } from "zod";
import { INPUT_LIMITS, jsonBytes } from "./limits";
import { defineOperation } from "./operation";

// The agent API's contract: parsed by the routes, rendered into the OpenAPI document,
// and typed into the client. One source for all three.

const Money = z.number().finite().nonnegative().max(1e12);

export const ActionTypeSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, "type is dot-separated lower-case words, e.g. refund.issue");

export const SubmitActionSchema = z
  .strictObject({
    type: ActionTypeSchema.describe("What the agent intends to do, e.g. `refund.issue`."),
    resource: z.string().min(1).max(500).describe("What it acts on, e.g. `orders/1234` or `prod/db/users`."),
    params: z
      .record(z.string(), z.unknown())
      .refine((p) => jsonBytes(p) <= INPUT_LIMITS.paramsBytes, `params is larger than ${INPUT_LIMITS.paramsBytes / 1024} KiB as JSON`)
      .default({})
      .describe(`The action's parameters, as the tool will receive them; at most ${INPUT_LIMITS.paramsBytes / 1024} KiB as JSON.`),
    cost: z
      .strictObject({ amount: Money, currency: z.string().regex(/^[A-Z]{3}$/, "currency is an ISO 4217 code such as USD") })
      .optional()
      .describe("Expected cost of the action."),
    impact: z
      .strictObject({ records: z.number().int().nonnegative().optional(), amount: Money.optional() })
      .optional()
      .describe("How much it touches: records changed, money moved."),
    context: z
      .looseObject({
        reasoning: z.string().max(20_000).optional(),
        conversationId: z.string().max(200).optional(),
        environment: z.string().max(50).optional(),
      })
      .refine((c) => jsonBytes(c) <= INPUT_LIMITS.contextBytes, `context is larger than ${INPUT_LIMITS.contextBytes / 1024} KiB as JSON`)
      .optional()
      .describe(`Why the agent wants to do it; free-form, shown to approvers; at most ${INPUT_LIMITS.contextBytes / 1024} KiB as JSON.`),
    idempotencyKey: z.string().min(1).max(200).optional().describe("Same key, same answer: a retry never creates a second action."),
    callbackUrl: z
      .url({ protocol: /^https?$/, error: "callbackUrl must be an http(s) URL" })
      .max(2000)
      // fetch refuses such URLs, and they would put a password in the delivery records.
      .refine(
        (u) => !/^https?:\/\/[^/?#]*@/i.test(u),
        "callbackUrl must not contain a user name or password: verify the Gatehouse-Signature header instead",
      )
      .optional()
      .describe(
        "Where to POST the decision when a pending action is decided (by people, a timer or the kill switch): the same JSON as GET /api/v1/actions/{id}, " +
          'with `Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the agent\'s webhook secret>`, `Gatehouse-Event` and `Gatehouse-Delivery` (an id to de-duplicate retries).',
      ),
  })
  .describe("An action an agent intends to take.");
export type SubmitActionInput = z.input<typeof SubmitActionSchema>;
export type SubmitAction = z.output<typeof SubmitActionSchema>;

export const ActionStatusSchema = z.enum(["allowed", "denied", "pending", "halted"]);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

const EffectSchema = z.enum(["allow", "deny", "require_approval"]);

export const ReasonSchema = z.object({
  kind: z.enum(["rule", "limit", "default", "kill_switch", "approval", "standing_approval"]),
  policy: z.string().nullable(),
  id: z.string(),
  effect: EffectSchema,
  message: z.string(),
});

export const LimitCheckSchema = z.object({
  policy: z.string(),
  id: z.string(),
  type: z.enum(["rate", "budget", "cost", "scope", "impact"]),
  exceeded: z.boolean(),
  message: z.string(),
  counter: z.string().optional(),
  used: z.number().optional(),
  max: z.number().optional(),
  reconciled: z
    .object({ declared: z.number(), actual: z.number(), delta: z.number(), at: z.iso.datetime() })
    .optional()
    .describe("A budget's counter moved by actual − declared when the result reported the actual cost"),
});

export const DecisionSchema = z.object({
  effect: EffectSchema,
  policy: z.string().nullable(),
  rule: z.string().nullable(),
  reasons: z.array(ReasonSchema),
  limits: z.array(LimitCheckSchema),
  policyVersion: z.number().int().nullable(),
});

export const ActionResponseSchema = z.object({
  id: z.uuid(),
  status: ActionStatusSchema,
  type: z.string(),
  resource: z.string(),
  decision: DecisionSchema.nullable(),
  reasons: z.array(ReasonSchema).describe("Why: every rule and limit that matched."),
  approval: z
    .object({ id: z.uuid(), status: z.enum(["pending", "approved", "rejected", "expired", "cancelled"]), expiresAt: z.iso.datetime() })
    .optional(),
  outcome: z
    .object({
      outcome: z.enum(["succeeded", "failed"]),
      summary: z.string().nullable(),
      actualCost: z.number().nullable(),
      at: z.iso.datetime(),
    })
    .nullable(),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decisionToken: z
    .string()
    .nullable()
    .describe(
      "For an allowed action: a JWS (EdDSA, typ `gatehouse-decision+jwt`) naming the agent, type, resource, a SHA-256 digest of the canonical params and an expiry. " +
        "Pass it to the tool, which verifies it offline with the keys at `/api/v1/keys`. Null otherwise.",
    ),
});
export type ActionResponse = z.infer<typeof ActionResponseSchema>;

export const WaitQuerySchema = z.object({
  wait: z.coerce
    .number({ error: "wait must be a whole number of seconds from 0 to 60" })
    .int("wait must be a whole number of seconds from 0 to 60")
    .min(0, "wait must be a whole number of seconds from 0 to 60")
    .max(60, "wait is at most 60 seconds")
    .default(0),
});

export const ActionResultSchema = z.strictObject({
  outcome: z.enum(["succeeded", "failed"]),
  summary: z.string().max(5_000).optional(),
  actualCost: Money.optional(),
});
export type ActionResultInput = z.input<typeof ActionResultSchema>;

export const StatusResponseSchema = z.object({
  agent: z.object({ name: z.string(), halted: z.boolean(), reason: z.string().nullable() }),
  fleet: z.object({ halted: z.boolean(), reason: z.string().nullable() }),
  haltedActionTypes: z.array(z.object({ type: z.string(), reason: z.string() })),
  policyVersion: z.number().int().nullable(),
});
export type StatusResponse = z.infer<typeof StatusResponseSchema>;

export const ActionIdSchema = z.uuid("action id is a UUID");

export const WhoamiResponseSchema = z.object({
  agent: z.object({ id: z.uuid(), name: z.string(), labels: z.record(z.string(), z.string()) }),
  key: z.object({ prefix: z.string(), scopes: z.array(z.string()) }),
});

const ActionPathSchema = z.object({ id: ActionIdSchema });

// ─── the agent API's operations ───

export const submitActionOperation = defineOperation({
  method: "POST",
  path: "/api/v1/actions",
  operationId: "submitAction",
  summary: "Ask before acting",
  description: "Evaluates the kill switch and the policies and records the action with its decision. Same idempotencyKey, same answer.",
  access: { kind: "agent", scope: "actions:write" },
  body: SubmitActionSchema,
  response: ActionResponseSchema,
  status: 201,
  success: "Decided: allowed, denied, or pending a human",
  responses: {
    200: "Replayed: this idempotencyKey was answered before (the same body)",
    409: "idempotencyKey reused for a different request",
    423: {
      description: "Halted by a kill switch; the body is the recorded action plus `error`",
      schema: ActionResponseSchema.extend({ error: z.object({ code: z.literal("halted"), message: z.string() }) }),
    },
  },
});

export const getActionOperation = defineOperation({
  method: "GET",
  path: "/api/v1/actions/{id}",
  operationId: "getAction",
  summary: "Read an action; long-poll for its decision",
  description: "`wait` holds the request (up to 60 s) while the action is pending and answers the moment it is decided.",
  access: { kind: "agent", scope: "actions:read" },
  params: ActionPathSchema,
  notFound: "Action",
  query: WaitQuerySchema,
  response: ActionResponseSchema,
  success: "The action",
});

export const reportResultOperation = defineOperation({
  method: "POST",
  path: "/api/v1/actions/{id}/result",
  operationId: "reportResult",
  summary: "Report what happened (once, for an allowed action)",
  access: { kind: "agent", scope: "actions:write" },
  params: ActionPathSchema,
  notFound: "Action",
  body: ActionResultSchema,
  response: ActionResponseSchema,
  success: "Recorded",
  responses: { 409: "Already reported, or the action was not allowed" },
});

export const statusOperation = defineOperation({
  method: "GET",
  path: "/api/v1/status",
  operationId: "getStatus",
  summary: "Is this agent or the fleet halted; the policy version in force",
  access: { kind: "agent" },
  response: StatusResponseSchema,
  success: "Status",
});

export const whoamiOperation = defineOperation({
  method: "GET",
  path: "/api/v1/whoami",
  operationId: "whoami",
  summary: "The agent and key behind the presented API key",
  access: { kind: "agent" },
  response: WhoamiResponseSchema,
  success: "The agent",
});
