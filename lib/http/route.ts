import { authenticateAgent, type AuthenticatedAgent } from "../auth/agent-auth";
import type { Principal } from "../auth/principal";
import { requireUserOfRequest } from "../auth/session";
import type { Access, Operation, Parsed, Produced } from "../contracts/operation";
import { AppError, BadRequestError, NotFoundError } from "../errors";
import { log } from "../log";
import { observeRequest } from "../observability/http";
import { traced } from "../observability/tracing";
import { readJsonBody } from "./read-body";
import { toHttpResponse, zodToValidationError } from "./respond";

// Every route handler is `route(operation, handler)`: the operation (lib/contracts) says
// who may call and what the path, query, body and response look like; this wrapper
// authenticates, parses, runs the handler and maps every error in one place, and times
// and traces every request by its operation. A route file holds no parsing of its own.

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Caller<A extends Access> = A extends { kind: "agent" }
  ? { agent: AuthenticatedAgent }
  : A extends { kind: "user" }
    ? { user: Principal }
    : A extends { kind: "user_or_agent" }
      ? { user: Principal; agent?: undefined } | { agent: AuthenticatedAgent; user?: undefined }
      : object;

export type RouteArgs<O extends Operation> = {
  params: Parsed<O["params"]>;
  query: Parsed<O["query"]>;
  body: Parsed<O["body"]>;
  request: Request;
  /** When the request arrived (performance.now() time): latencies that include authentication start here. */
  receivedAt: number;
} & Caller<O["access"]>;

/** What a handler returns: the response's JSON (as the schema takes it in), or a Response of its own. */
type Result<O extends Operation> = Response | Produced<O["response"]>;

export type RouteHandler = ((request: Request, context: RouteContext) => Promise<Response>) & { operation: Operation };

/** Set by the test suites: every 2xx JSON answer is checked against its operation's response schema. */
const checkResponses = () => process.env.GATEHOUSE_CHECK_RESPONSES === "1";

async function caller(access: Access, request: Request): Promise<Record<string, unknown>> {
  switch (access.kind) {
    case "agent":
      return { agent: await traced("gatehouse.key_check", () => authenticateAgent(request.headers.get("authorization"), access.scope)) };
    case "user":
      return { user: await requireUserOfRequest(request, access.permission) };
    case "user_or_agent":
      // A bearer key speaks for an agent (and must carry the scope); otherwise the session cookie.
      return request.headers.has("authorization")
        ? { agent: await authenticateAgent(request.headers.get("authorization"), access.scope) }
        : { user: await requireUserOfRequest(request, access.permission) };
    default:
      return {};
  }
}

async function pathParams(operation: Operation, context: RouteContext | undefined) {
  let raw: Record<string, string | string[]>;
  try {
    raw = (await context?.params) ?? {};
  } catch (error) {
    // A percent-encoded segment that is not UTF-8 (e.g. %ED%A0%80) cannot name anything.
    if (error instanceof URIError) throw new BadRequestError("The URL path is not valid: a percent-encoded segment is not UTF-8");
    throw error;
  }
  if (!operation.params) return undefined;
  const parsed = operation.params.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (operation.notFound) throw new NotFoundError(operation.notFound);
  throw zodToValidationError(parsed.error, "The URL path is not valid");
}

function queryOf(operation: Operation, request: Request) {
  if (!operation.query) return undefined;
  const parsed = operation.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw zodToValidationError(parsed.error, "The query string is not valid");
  return parsed.data;
}

/** A success that does not match its contract is a bug of ours: a 500 naming the operation, never a silent drift. */
async function checkAgainstContract(operation: Operation, response: Response): Promise<Response> {
  const json = /^application\/json/i.test(response.headers.get("content-type") ?? "");
  if (!operation.response || !json || response.status < 200 || response.status >= 300) return response;
  const parsed = operation.response.safeParse(await response.clone().json());
  if (parsed.success) return response;
  const problems = zodToValidationError(parsed.error).fieldErrors;
  log.error("response does not match its contract", { operation: operation.operationId, problems });
  throw new AppError(
    "response_contract_violation",
    `${operation.operationId} answered outside its contract: ${JSON.stringify(problems)}`,
    500,
  );
}

export function route<O extends Operation>(operation: O, handler: (args: RouteArgs<O>) => Promise<Result<O>>): RouteHandler {
  const serve = (request: Request, context: RouteContext): Promise<Response> =>
    observeRequest(request, operation, async (receivedAt) => {
      try {
        const who = await caller(operation.access, request);
        const params = await pathParams(operation, context);
        const query = queryOf(operation, request);
        const body = operation.body ? await readJsonBody(request, operation.body) : undefined;
        const result = await handler({ ...who, params, query, body, request, receivedAt } as RouteArgs<O>);
        const response = result instanceof Response ? result : Response.json(result, { status: operation.status ?? 200 });
        return checkResponses() ? await checkAgainstContract(operation, response) : response;
      } catch (error) {
        // The client went away mid-request (e.g. a long-poll given up): nobody to answer, nothing to log.
        if (request.signal.aborted) return new Response(null, { status: 499 });
        return toHttpResponse(
          error,
          operation.access.kind !== "public" && operation.access.kind !== "user"
            ? { "WWW-Authenticate": 'Bearer realm="gatehouse"' }
            : undefined,
        );
      }
    });
  return Object.assign(serve, { operation: operation as Operation });
}
