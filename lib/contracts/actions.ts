import { z } from "zod";

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
    params: z.record(z.string(), z.unknown()).default({}).describe("The action's parameters, as the tool will receive them."),
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
      .optional()
      .describe("Why the agent wants to do it; free-form, shown to approvers."),
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

export const DecisionSchema = z.object({
  effect: EffectSchema,
  policy: z.string().nullable(),
  rule: z.string().nullable(),
  reasons: z.array(ReasonSchema),
  limits: z.array(
    z.object({
      policy: z.string(),
      id: z.string(),
      type: z.string(),
      exceeded: z.boolean(),
      message: z.string(),
      used: z.number().optional(),
      max: z.number().optional(),
    }),
  ),
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
