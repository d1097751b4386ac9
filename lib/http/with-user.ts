import type { z } from "zod";
import type { Permission } from "../auth/permissions";
import { requireUser, type SessionUser } from "../auth/session";
import { observeRequest } from "../observability/http";
import { readJsonBody } from "./read-body";
import { toHttpResponse } from "./respond";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** Wraps an operator API route: session and permission (401/403), JSON body (400/413/422), errors mapped in one place; timed by route. */
export function withUser<S extends z.ZodType | undefined = undefined>(
  options: { permission: Permission; body?: S; status?: number },
  handler: (args: {
    user: SessionUser;
    body: S extends z.ZodType ? z.output<S> : undefined;
    request: Request;
    params: Record<string, string | string[]>;
  }) => Promise<Response | object>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const params = (await context?.params) ?? {};
    return observeRequest(request, params, undefined, async () => {
      try {
        const user = await requireUser(options.permission);
        const body = (options.body ? await readJsonBody(request, options.body) : undefined) as S extends z.ZodType ? z.output<S> : undefined;
        const result = await handler({ user, body, request, params });
        return result instanceof Response ? result : Response.json(result, { status: options.status ?? 200 });
      } catch (error) {
        // The client went away mid-request (e.g. a long-poll given up): nobody to answer, nothing to log.
        if (request.signal.aborted) return new Response(null, { status: 499 });
        return toHttpResponse(error);
      }
    });
  };
}
