import type { RefusalReason } from "./decide";

// Why a single sign-on failed: Gatehouse's own refusals (decide.ts) and what went wrong
// with the provider. Each reason has its own message on the sign-in page and is the
// `reason` of the `user.sign_in_failed` audit entry.

export type ProviderFailureReason =
  | "access_denied" // the user cancelled at the provider (consent or login)
  | "provider_error" // the provider answered the authorization request with another error
  | "provider_unreachable"
  | "provider_misconfigured" // reachable, but its discovery document could not be used
  | "token_exchange_failed"; // code → tokens, ID token validation or userinfo failed

export type SignInFailureReason = RefusalReason | ProviderFailureReason;

export type ProviderFailure = { reason: ProviderFailureReason; detail: string };

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Error messages can carry anything a provider sent back; the audit keeps a bounded line. */
const short = (text: string) => text.replace(/\s+/g, " ").slice(0, 300);

function isUnreachable(error: { code?: unknown; message?: unknown }) {
  const message = String(error.message ?? "");
  return (
    NETWORK_CODES.has(String(error.code)) ||
    /timed out|socket hang up/i.test(message) ||
    // openid-client's wording for an HTTP error status: a 5xx means the provider is down.
    /^expected 200 OK, got: 5\d\d/.test(message)
  );
}

/**
 * Classifies an error next-auth reports while starting a sign-in (discovery) or handling
 * the provider's callback (discovery again, the token exchange, userinfo).
 */
export function classifyProviderError(stage: "start" | "callback", error: unknown): ProviderFailure {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as { code?: unknown; message?: unknown };
  const detail = short(String(e.message ?? "unknown error"));
  if (isUnreachable(e)) return { reason: "provider_unreachable", detail };
  return { reason: stage === "start" ? "provider_misconfigured" : "token_exchange_failed", detail };
}

/** The provider redirected back with `?error=` (RFC 6749 §4.1.2.1) instead of a code. */
export function providerErrorResponse(error: string, description: string | undefined): ProviderFailure {
  const detail = short(description ? `${error}: ${description}` : error);
  return { reason: error === "access_denied" ? "access_denied" : "provider_error", detail };
}
