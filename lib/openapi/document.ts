import { z } from "zod";
import { AuditFiltersSchema } from "../contracts/audit";
import { ActionResponseSchema, ActionResultSchema, StatusResponseSchema, SubmitActionSchema } from "../contracts/actions";

// The OpenAPI 3.1 document of the agent API, generated from the same zod schemas the
// routes parse with (OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits).

const schema = (s: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** GET /api/v1/keys: the public keys of decision tokens (RFC 7517 JWK Set). */
const DecisionKeys = z.object({
  keys: z.array(
    z.object({
      kty: z.literal("OKP"),
      crv: z.literal("Ed25519"),
      x: z.string().describe("The public key, base64url"),
      kid: z.string().describe("RFC 7638 thumbprint of the key; the token header's `kid`"),
      alg: z.literal("EdDSA"),
      use: z.literal("sig"),
    }),
  ),
});

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const error = (description: string) => ({ description, content: json("Error") });
const authErrors = {
  "401": error("Missing, invalid, expired or revoked API key"),
  "403": error("The key lacks the scope, or the agent is disabled"),
};
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const session = [{ session: [] }];
const operatorErrors = { "401": error("Not signed in (console session cookie)"), "403": error("The role may not read the audit trail") };
/** The audit filters as query parameters, from the same schema the route parses. */
const auditFilterParams = Object.entries((schema(AuditFiltersSchema, "input") as { properties: Record<string, object> }).properties).map(
  ([name, s]) => ({ name, in: "query", required: false, schema: s }),
);

export function openApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse agent API",
      version: "1.0.0",
      description:
        "Agents ask Gatehouse before every side effect. Authenticate with `Authorization: Bearer gatehouse_…`. " +
        "Errors are JSON: `{ error: { code, message, details? } }`.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An agent's API key (gatehouse_…)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A signed-in operator's console session" },
      },
      schemas: {
        SubmitAction: schema(SubmitActionSchema, "input"),
        Action: schema(ActionResponseSchema),
        ActionResult: schema(ActionResultSchema, "input"),
        Status: schema(StatusResponseSchema),
        DecisionKeys: schema(DecisionKeys),
        Error: schema(ErrorBody),
      },
    },
    paths: {
      "/api/v1/actions": {
        post: {
          operationId: "submitAction",
          summary: "Ask before acting",
          description:
            "Evaluates the kill switch and the policies and records the action with its decision. Same idempotencyKey, same answer.",
          requestBody: { required: true, content: json("SubmitAction") },
          responses: {
            "201": { description: "Decided: allowed, denied, or pending a human", content: json("Action") },
            "200": { description: "Replayed: this idempotencyKey was answered before", content: json("Action") },
            "400": error("Body is not JSON"),
            "409": error("idempotencyKey reused for a different request"),
            "413": error("Body larger than 64 KiB"),
            "422": error("Body does not match the schema; details.fieldErrors says where"),
            "423": { description: "Halted by a kill switch; the body is the recorded action plus `error`", content: json("Action") },
            ...authErrors,
          },
        },
      },
      "/api/v1/actions/{id}": {
        get: {
          operationId: "getAction",
          summary: "Read an action; long-poll for its decision",
          parameters: [
            idParam,
            {
              name: "wait",
              in: "query",
              required: false,
              description: "Seconds to wait (0–60) while the action is pending",
              schema: { type: "integer", minimum: 0, maximum: 60, default: 0 },
            },
          ],
          responses: {
            "200": { description: "The action", content: json("Action") },
            "404": error("No such action for this agent"),
            "422": error("Bad wait"),
            ...authErrors,
          },
        },
      },
      "/api/v1/actions/{id}/result": {
        post: {
          operationId: "reportResult",
          summary: "Report what happened (once, for an allowed action)",
          parameters: [idParam],
          requestBody: { required: true, content: json("ActionResult") },
          responses: {
            "200": { description: "Recorded", content: json("Action") },
            "404": error("No such action"),
            "409": error("Already reported, or the action was not allowed"),
            "422": error("Invalid body"),
            ...authErrors,
          },
        },
      },
      "/api/v1/status": {
        get: {
          operationId: "getStatus",
          summary: "Is this agent or the fleet halted; active policy version",
          responses: { "200": { description: "Status", content: json("Status") }, ...authErrors },
        },
      },
      "/api/v1/keys": {
        get: {
          operationId: "decisionKeys",
          summary: "The public keys that verify decision tokens (JWKS); no authentication",
          description:
            "An allowed action carries `decisionToken`, a JWS (alg EdDSA, typ `gatehouse-decision+jwt`). The tool that carries the action out " +
            "verifies it offline with these keys and checks that its claims name exactly the action it was asked to do. Cacheable for 5 minutes.",
          security: [],
          responses: { "200": { description: "JWK Set", content: json("DecisionKeys") } },
        },
      },
      "/api/v1/whoami": {
        get: {
          operationId: "whoami",
          summary: "The agent and key behind the presented API key",
          responses: { "200": { description: "The agent" }, ...authErrors },
        },
      },
      "/api/v1/audit": {
        get: {
          operationId: "searchAudit",
          summary: "Search the audit trail (operators)",
          description: "Newest first; pass `before` (the previous page's `nextBefore`) for the next page. Unknown parameters are refused.",
          security: session,
          parameters: auditFilterParams,
          responses: {
            "200": { description: "{ entries, nextBefore }" },
            "422": error("A filter is malformed or unknown"),
            ...operatorErrors,
          },
        },
      },
      "/api/v1/audit/export": {
        get: {
          operationId: "exportAudit",
          summary: "Export the filtered trail: JSON Lines with inclusion proofs (verify offline with npm run audit:verify-export), or CSV",
          security: session,
          parameters: [
            ...auditFilterParams.filter((p) => p.name !== "before" && p.name !== "limit"),
            { name: "format", in: "query", required: false, schema: { enum: ["jsonl", "csv"], default: "jsonl" } },
          ],
          responses: { "200": { description: "A streamed file" }, "422": error("A filter is malformed or unknown"), ...operatorErrors },
        },
      },
      "/api/v1/audit/checkpoint": {
        get: {
          operationId: "auditCheckpoint",
          summary: "The latest signed checkpoint (C2SP signed note) and the verifier key",
          security: session,
          responses: { "200": { description: "Checkpoint" }, ...operatorErrors },
        },
      },
      "/api/v1/audit/entries/{seq}/proof": {
        get: {
          operationId: "auditInclusionProof",
          summary: "Inclusion proof of the entry with sequence number {seq} against a checkpoint (default: the latest)",
          security: session,
          parameters: [
            { name: "seq", in: "path", required: true, schema: { type: "integer", minimum: 0 } },
            { name: "treeSize", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
          ],
          responses: {
            "200": { description: "{ seq, leafHash, treeSize, rootHash, checkpoint, inclusionProof }" },
            "404": error("No such entry or checkpoint"),
            "409": error("Not yet covered by that checkpoint"),
            "422": error("seq or treeSize malformed"),
            ...operatorErrors,
          },
        },
      },
      "/api/v1/audit/consistency": {
        get: {
          operationId: "auditConsistencyProof",
          summary: "Consistency proof between the checkpoints of sizes `from` and `to`",
          security: session,
          parameters: [
            { name: "from", in: "query", required: true, schema: { type: "integer", minimum: 1 } },
            { name: "to", in: "query", required: true, schema: { type: "integer", minimum: 1 } },
          ],
          responses: {
            "200": { description: "{ from, to, consistencyProof }" },
            "404": error("No checkpoint of that size"),
            "422": error("from/to malformed"),
            ...operatorErrors,
          },
        },
      },
      "/api/v1/audit/verify": {
        post: {
          operationId: "auditVerify",
          summary: "Verify the live trail: every entry re-hashed, the tree rebuilt, every checkpoint checked",
          security: session,
          responses: { "200": { description: "The verification report" }, ...operatorErrors },
        },
      },
    },
  };
}
