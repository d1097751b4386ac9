import { z } from "zod";
import { API_KEY_SCOPES, DEFAULT_SCOPES } from "../auth/api-key-format";
import { EmailSchema } from "./users";

export const AgentNameSchema = z
  .string()
  .trim()
  .min(2, "Name must be at least 2 characters")
  .max(63, "Name must be at most 63 characters")
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "Use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (policies match agents by name)",
  );

const LabelsSchema = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,62}$/, "Label keys are lower-case words"), z.string().max(200))
  .refine((labels) => Object.keys(labels).length <= 32, "At most 32 labels");

export const CreateAgentSchema = z.strictObject({
  name: AgentNameSchema,
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  ownerEmail: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(EmailSchema.optional()),
  labels: LabelsSchema.default({}),
});
export type CreateAgentInput = z.input<typeof CreateAgentSchema>;

export const IssueKeySchema = z.strictObject({
  agentId: z.uuid("Unknown agent"),
  name: z.string().trim().min(1, "Give the key a name").max(100).default("default"),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope").default(DEFAULT_SCOPES),
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type IssueKeyInput = z.input<typeof IssueKeySchema>;

export const RevokeKeySchema = z.object({ keyId: z.uuid("Unknown key") });
