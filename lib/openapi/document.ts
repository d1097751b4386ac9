import { z } from "zod";
import { ActionResponseSchema, ActionResultSchema, StatusResponseSchema, SubmitActionSchema } from "../contracts/actions";
import { AuditEntryViewSchema, VerifyReportSchema } from "../contracts/audit";
import type { Operation } from "../contracts/operation";
import { DecisionKeysSchema } from "../contracts/system";
import { INPUT_LIMITS, LIMITS_TEXT } from "../contracts/limits";
import { OPERATIONS } from "./operations";

// The OpenAPI 3.1 document, generated operation by operation from the contracts the routes
// parse with (OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits). Nothing here
// describes an endpoint by hand.

type Io = "input" | "output";
type JsonSchema = Record<string, unknown>;

const toJsonSchema = (schema: z.ZodType, io: Io): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Schemas shown once under components and referred to by name (bodies are inputs, answers outputs). */
const COMPONENTS: [name: string, schema: z.ZodType, io: Io][] = [
  ["SubmitAction", SubmitActionSchema, "input"],
  ["Action", ActionResponseSchema, "output"],
  ["ActionResult", ActionResultSchema, "input"],
  ["Status", StatusResponseSchema, "output"],
  ["DecisionKeys", DecisionKeysSchema, "output"],
  ["AuditEntry", AuditEntryViewSchema, "output"],
  ["VerifyReport", VerifyReportSchema, "output"],
  ["Error", ErrorBodySchema, "output"],
];

function schemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const component = COMPONENTS.find(([, s, i]) => s === schema && i === io);
  return component ? { $ref: `#/components/schemas/${component[0]}` } : toJsonSchema(schema, io);
}

const json = (schema: z.ZodType, io: Io = "output") => ({ "application/json": { schema: schemaOf(schema, io) } });
const error = (description: string) => ({ description, content: json(ErrorBodySchema) });

/** Path or query parameters from an object schema's properties. */
function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const { properties = {}, required = [] } = toJsonSchema(schema, "input") as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === "path" || required.includes(name),
    ...(description ? { description } : {}),
    schema: property,
  }));
}

const SECURITY = {
  public: [],
  agent: [{ apiKey: [] }],
  user: [{ session: [] }],
  user_or_agent: [{ apiKey: [] }, { session: [] }],
} as const;
const TAGS = { public: "System", agent: "Agent API", user: "Console (operators)", user_or_agent: "Console (operators)" } as const;

function responses(op: Operation) {
  const success = op.response
    ? { description: op.success ?? "OK", content: json(op.response) }
    : { description: op.success ?? "OK", ...(op.produces ? { content: { [op.produces]: {} } } : {}) };
  const derived: Record<number, object> = {};
  if (op.access.kind === "agent") {
    derived[401] = error("Missing, invalid, expired or revoked API key");
    derived[403] = error("The key lacks the scope, or the agent is disabled");
  }
  if (op.access.kind === "user") {
    derived[401] = error("Not signed in (console session cookie)");
    derived[403] = error("The signed-in role may not do this");
  }
  if (op.access.kind === "user_or_agent") {
    derived[401] = error("Neither a valid API key nor a console session");
    derived[403] = error(`The key lacks the '${op.access.scope}' scope, or the signed-in role may not do this`);
  }
  if (op.body) {
    derived[400] = error("Body is not JSON, or not sent as application/json");
    derived[413] = error(`Body larger than ${INPUT_LIMITS.bodyBytes / 1024} KiB`);
  }
  if (op.params && op.notFound) derived[404] = error(`No such ${op.notFound.toLowerCase()}`);
  if (op.body || op.query || (op.params && !op.notFound)) {
    derived[422] = error(
      `The body, query string or path does not match the schema, or the body is beyond the input limits; error.details.fieldErrors says where. ${LIMITS_TEXT}`,
    );
  }
  for (const [status, extra] of Object.entries(op.responses ?? {})) {
    const description = typeof extra === "string" ? extra : extra.description;
    const schema = typeof extra === "string" ? (Number(status) < 300 ? op.response : undefined) : extra.schema;
    derived[Number(status)] = schema ? { description, content: json(schema) } : error(description);
  }
  return { [String(op.status ?? 200)]: success, ...derived };
}

function operationObject(op: Operation) {
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.path.startsWith("/api/v1/audit") ? "Audit" : TAGS[op.access.kind]],
    security: SECURITY[op.access.kind],
    parameters: [...parameters(op.params, "path"), ...parameters(op.query, "query")],
    ...(op.body ? { requestBody: { required: true, content: json(op.body, "input") } } : {}),
    responses: responses(op),
  };
}

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  return {
    openapi: "3.1.0" as const,
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "Agents ask Gatehouse before every side effect (the Agent API: `Authorization: Bearer gatehouse_…`). " +
        "Operators' endpoints take the console's session cookie; the audit trail's reads take an API key with `audit:read` too. " +
        "Errors are JSON: `{ error: { code, message, details? } }`; a database briefly away answers 503 with `Retry-After`. " +
        `Input limits: ${LIMITS_TEXT}`,
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    tags: [
      { name: "Agent API", description: "What an agent calls, with its API key" },
      { name: "Audit", description: "The tamper-evident audit trail: search, export, proofs, verification" },
      { name: "Console (operators)", description: "What the console calls, with a signed-in session" },
      { name: "System", description: "Health, readiness and published keys; no authentication" },
    ],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An agent's API key (gatehouse_…)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A signed-in operator's console session" },
      },
      schemas: Object.fromEntries(COMPONENTS.map(([name, schema, io]) => [name, toJsonSchema(schema, io)])),
    },
    paths,
  };
}
