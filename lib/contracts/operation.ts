import type { z } from "zod";
import type { ApiKeyScope } from "../auth/api-key-scopes";
import type { Permission } from "../auth/permissions";

// One endpoint's contract: who may call it and the zod schemas of its path parameters,
// query string, body and response. The route wrapper (lib/http/route.ts) parses with
// them, the OpenAPI document (lib/openapi/document.ts) is generated from them, and the
// contract tests check every answer against them. Nothing else describes an endpoint.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call: anyone, an agent's API key (with a scope), a signed-in operator (with a
 * permission), or either of the last two (a SIEM's key with audit:read, or an auditor's session).
 */
export type Access =
  | { kind: "public" }
  | { kind: "agent"; scope?: ApiKeyScope }
  | { kind: "user"; permission: Permission }
  | { kind: "user_or_agent"; permission: Permission; scope: ApiKeyScope };

type Schema = z.ZodType | undefined;

export type Operation<
  A extends Access = Access,
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
  R extends Schema = Schema,
> = {
  method: Method;
  /** The URL path with `{name}` for path parameters, e.g. `/api/v1/actions/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  access: A;
  params?: P;
  /**
   * What a malformed path parameter names: such a path answers 404 "<notFound> not found",
   * as an unknown id does. Without it, a malformed parameter is a 422 saying what is wrong.
   */
  notFound?: string;
  query?: Q;
  body?: B;
  /** The JSON body of a success. Omitted for answers that are not JSON (streams, files). */
  response?: R;
  /** The success status (default 200) and its description. */
  status?: number;
  success?: string;
  /**
   * Other statuses the operation answers with, and when; a 2xx carries the response schema,
   * anything else the error body, unless a schema is given. 401/403/400/413/422/404 are derived.
   */
  responses?: Record<number, string | { description: string; schema: z.ZodType }>;
  /** A response that is not JSON: its media type (text/event-stream, application/x-ndjson …). */
  produces?: string;
};

/** Declares an operation, keeping its schemas' exact types for the route and the client. */
export const defineOperation = <
  A extends Access,
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  R extends Schema = undefined,
>(
  operation: Operation<A, P, Q, B, R>,
) => operation;

/** What a schema of an operation parses to (`undefined` when the operation has none). */
export type Parsed<S> = [Exclude<S, undefined>] extends [never] ? undefined : z.output<Exclude<S, undefined> & z.ZodType>;
/** What a handler hands to the response schema (`never` when the operation has none: it returns a Response). */
export type Produced<S> = [Exclude<S, undefined>] extends [never] ? never : z.input<Exclude<S, undefined> & z.ZodType>;
