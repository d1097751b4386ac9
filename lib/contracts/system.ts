import { z } from "zod";
import { defineOperation } from "./operation";

// Endpoints about Gatehouse itself: health, readiness, the published keys, the API's own
// description, and the console's live events.

export const DecisionKeysSchema = z.object({
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

export const HealthSchema = z.object({ status: z.literal("ok") });

export const ReadinessSchema = z.object({
  status: z.enum(["ready", "not_ready"]),
  database: z.object({ kind: z.enum(["postgres", "embedded"]), reachable: z.boolean(), error: z.string().optional() }),
  migrations: z.object({ pending: z.array(z.string()) }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const decisionKeysOperation = defineOperation({
  method: "GET",
  path: "/api/v1/keys",
  operationId: "decisionKeys",
  summary: "The public keys that verify decision tokens (JWKS); no authentication",
  description:
    "An allowed action carries `decisionToken`, a JWS (alg EdDSA, typ `gatehouse-decision+jwt`). The tool that carries the action out " +
    "verifies it offline with these keys and checks that its claims name exactly the action it was asked to do. Cacheable for 5 minutes.",
  access: { kind: "public" },
  response: DecisionKeysSchema,
  success: "JWK Set (RFC 7517)",
});

export const openApiOperation = defineOperation({
  method: "GET",
  path: "/api/v1/openapi.json",
  operationId: "openApiDocument",
  summary: "This document",
  access: { kind: "public" },
  response: z.looseObject({ openapi: z.literal("3.1.0"), paths: z.record(z.string(), z.unknown()) }),
  success: "The OpenAPI 3.1 document of the API",
});

export const healthOperation = defineOperation({
  method: "GET",
  path: "/api/health",
  operationId: "health",
  summary: "Liveness: the process is up and serving (no dependency is checked)",
  access: { kind: "public" },
  response: HealthSchema,
});

export const readinessOperation = defineOperation({
  method: "GET",
  path: "/api/ready",
  operationId: "readiness",
  summary: "Readiness: the database answers and every committed migration is applied",
  access: { kind: "public" },
  response: ReadinessSchema,
  success: "Ready",
  responses: { 503: "Not ready; the body (the same shape) says why" },
});

export const eventsOperation = defineOperation({
  method: "GET",
  path: "/api/events",
  operationId: "consoleEvents",
  summary: "Server-Sent Events for the console: an `action` event ({id}) whenever an action changes",
  access: { kind: "user", permission: "console:read" },
  produces: "text/event-stream",
});

export const metricsOperation = defineOperation({
  method: "GET",
  path: "/api/metrics",
  operationId: "prometheusMetrics",
  summary: "Prometheus metrics, in the text exposition format",
  description:
    "With GATEHOUSE_METRICS_TOKEN set, send it as `Authorization: Bearer <token>`. Without it, only clients on the server's own machine " +
    "(loopback) are answered. Counters and histograms are this replica's; gauges of shared state are read from the database.",
  access: { kind: "public" },
  produces: "text/plain; version=0.0.4",
  success: "The metrics",
  responses: { 401: "No token, or a wrong one; or, with no token configured, a client that is not on this machine" },
});
