import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "../env";
import { log } from "../log";
import { classifyProviderError, providerErrorResponse, type ProviderFailure } from "../sso/failures";
import { recordSsoFailure } from "../sso/service";

// next-auth reduces every failure at the provider to "OAuthSignin" or "OAuthCallback".
// The real error only reaches its logger, so each single sign-on request runs in an
// async context where the logger leaves the first error; the route then audits the
// reason and sends the browser to the sign-in page with it instead.

type Attempt = { stage: "start" | "callback"; failure?: ProviderFailure };
const attempts = new AsyncLocalStorage<Attempt>();

/** From next-auth's logger: the first error of a single sign-on request is why it failed. */
export function noteProviderError(error: unknown) {
  const attempt = attempts.getStore();
  if (attempt && !attempt.failure) attempt.failure = classifyProviderError(attempt.stage, error);
}

/** Where a next-auth response sends the browser: its Location, or `url` in the JSON next-auth's client asks for. */
async function redirectTarget(response: Response): Promise<string | null> {
  const location = response.headers.get("Location");
  if (location) return location;
  if (!response.headers.get("Content-Type")?.includes("application/json")) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" ? body.url : null;
}

function redirectTo(response: Response, target: string): Response {
  const headers = new Headers(response.headers);
  if (headers.has("Location")) {
    headers.set("Location", target);
    return new Response(null, { status: response.status, headers });
  }
  return Response.json({ url: target }, { status: response.status, headers });
}

/**
 * Runs next-auth for one /api/auth request. For the OIDC provider's sign-in start and
 * callback, a failure at the provider becomes a `user.sign_in_failed` audit entry and a
 * redirect to /sign-in?error=<reason>. Refusals by Gatehouse itself (the signIn
 * callback) are audited where they are decided and pass through untouched.
 */
export async function withSsoOutcome(request: Request, nextauth: string[], run: () => Promise<Response>): Promise<Response> {
  const [action, providerId] = nextauth;
  if (providerId !== "oidc" || (action !== "signin" && action !== "callback")) return run();
  const attempt: Attempt = { stage: action === "signin" ? "start" : "callback" };
  const response = await attempts.run(attempt, run);

  const query = new URL(request.url).searchParams;
  const errorParam = attempt.stage === "callback" ? query.get("error") : null;
  const failure = errorParam ? providerErrorResponse(errorParam, query.get("error_description") ?? undefined) : attempt.failure;
  const target = failure ? await redirectTarget(response) : null;
  // next-auth's own pages (/api/auth/error, /api/auth/signin) are where it sends a failed attempt.
  if (!failure || !target || !new URL(target, request.url).pathname.startsWith("/api/auth/")) return response;

  const e = env();
  log.warn("single sign-on failed", { reason: failure.reason, detail: failure.detail });
  await recordSsoFailure(failure, e.OIDC_ISSUER!);
  return redirectTo(response, new URL(`/sign-in?error=${failure.reason}`, e.NEXTAUTH_URL ?? request.url).toString());
}
