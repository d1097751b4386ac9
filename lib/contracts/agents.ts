import { z } from "zod";
import { API_KEY_SCOPES, DEFAULT_SCOPES } from "../auth/api-key-scopes";
import { defineOperation } from "./operation";
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

const isoOrNull = z.iso.datetime().nullable();

export const ApiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The key's public part, e.g. gatehouse_3f9a1c2b"),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdAt: z.iso.datetime(),
  expiresAt: isoOrNull,
  lastUsedAt: isoOrNull,
  revokedAt: isoOrNull,
});

const AgentViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(["active", "disabled"]),
  createdAt: z.iso.datetime(),
});

// ─── operations (operators; a console session) ───

export const listAgentsOperation = defineOperation({
  method: "GET",
  path: "/api/agents",
  operationId: "listAgents",
  summary: "Registered agents, by name",
  access: { kind: "user", permission: "console:read" },
  response: z.object({
    agents: z.array(AgentViewSchema.extend({ owner: z.string().nullable(), activeKeys: z.number().int().describe("Keys not revoked") })),
  }),
});

export const createAgentOperation = defineOperation({
  method: "POST",
  path: "/api/agents",
  operationId: "createAgent",
  summary: "Register an agent",
  access: { kind: "user", permission: "agents:manage" },
  body: CreateAgentSchema,
  response: z.object({ agent: AgentViewSchema }),
  status: 201,
  responses: { 409: "An agent with this name exists" },
});

export const issueKeyOperation = defineOperation({
  method: "POST",
  path: "/api/agents/{id}/keys",
  operationId: "issueApiKey",
  summary: "Issue an API key; the response is the only place the key ever appears",
  access: { kind: "user", permission: "agents:manage" },
  params: z.object({ id: z.uuid("Unknown agent") }),
  body: IssueKeySchema.omit({ agentId: true }),
  response: z.object({ key: z.string().describe("The API key, shown once"), apiKey: ApiKeyViewSchema }),
  status: 201,
  responses: { 404: "No such agent" },
});

export const revokeKeyOperation = defineOperation({
  method: "DELETE",
  path: "/api/keys/{id}",
  operationId: "revokeApiKey",
  summary: "Revoke an API key (revoking twice is a 409)",
  access: { kind: "user", permission: "agents:manage" },
  params: z.object({ id: z.uuid("Unknown key") }),
  response: z.object({ apiKey: ApiKeyViewSchema }),
  responses: { 404: "No such key", 409: "Already revoked" },
});
