import type { z } from "zod";
import { authenticateAgent, type AuthenticatedAgent } from "../auth/agent-auth";
import type { ApiKeyScope } from "../auth/api-key-format";
import { observeRequest } from "../observability/http";
import { traced } from "../observability/tracing";
import { readJsonBody } from "./read-body";
import { toHttpResponse } from "./respond";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Handler<B> = (args: {
  agent: AuthenticatedAgent;
  body: B;
  request: Request;
  params: Record<string, string | string[]>;
  /** When the request arrived (performance.now() time), for latencies that include the key check. */
  receivedAt: number;
}) => Promise<Response | object>;

/**
 * Wraps an agent API route: authenticates the API key (401/403), parses the JSON body
 * with zod when a schema is given (400/413/422), and maps every error in one place.
 * Every request is timed by route; `span` traces the whole request under that name.
 */
export function withAgent<S extends z.ZodType | undefined = undefined>(
  options: { scope?: ApiKeyScope; body?: S; span?: string },
  handler: Handler<S extends z.ZodType ? z.output<S> : undefined>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const params = (await context?.params) ?? {};
    return observeRequest(request, params, options.span, async (receivedAt) => {
      try {
        const authorization = request.headers.get("authorization");
        const agent = await traced("gatehouse.key_check", () => authenticateAgent(authorization, options.scope));
        const body = (options.body ? await readJsonBody(request, options.body) : undefined) as S extends z.ZodType ? z.output<S> : undefined;
        const result = await handler({ agent, body, request, params, receivedAt });
        return result instanceof Response ? result : Response.json(result);
      } catch (error) {
        // The client went away mid-request (e.g. a long-poll given up): nobody to answer, nothing to log.
        if (request.signal.aborted) return new Response(null, { status: 499 });
        return toHttpResponse(error, { "WWW-Authenticate": 'Bearer realm="gatehouse"' });
      }
    });
  };
}
