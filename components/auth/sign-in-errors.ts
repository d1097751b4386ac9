import type { SignInFailureReason } from "@/lib/sso/failures";

// What the sign-in page says for each ?error=: Gatehouse's reasons (lib/sso/failures.ts)
// and the codes next-auth itself uses. Each tells the person what happened and what to do.

const REASONS: Record<SignInFailureReason, (provider: string) => string> = {
  no_email: (p) => `${p} did not give Gatehouse your e-mail address. Ask an admin to let Gatehouse read it (the email scope).`,
  email_unverified: (p) => `${p} says your e-mail address is not verified. Verify it there, then sign in again.`,
  domain_not_allowed: () => "Your e-mail domain may not sign in to Gatehouse. Use your work account, or ask an admin.",
  account_disabled: () => "Your Gatehouse account is disabled. Ask an admin.",
  identity_not_linked: (p) =>
    `A Gatehouse account with your e-mail address exists, but it is not linked to your ${p} account. Ask an admin to link it on the Users page.`,
  no_role: (p) => `Your ${p} account is in no group that gives access to Gatehouse. Ask an admin.`,
  access_denied: (p) => `Sign-in was cancelled at ${p}. Continue again when you are ready.`,
  provider_error: (p) => `${p} refused the sign-in. Try again, or ask an admin.`,
  provider_unreachable: (p) => `Gatehouse could not reach ${p}. Try again in a moment; if it persists, tell an admin.`,
  provider_misconfigured: (p) => `Single sign-on is not set up correctly: Gatehouse could not read ${p}'s configuration. Tell an admin.`,
  token_exchange_failed: (p) =>
    `${p} signed you in, but Gatehouse could not complete the exchange with it. Try again; if it persists, an admin will find the reason in the server log.`,
};

const NEXT_AUTH: Record<string, string> = {
  AccessDenied: "Your account is not allowed to sign in. Ask an admin.",
  OAuthSignin: "Single sign-on could not start. Try again.",
  OAuthCallback: "Single sign-on failed. Try again.",
  Callback: "Single sign-on failed in Gatehouse. Try again; if it persists, tell an admin.",
  SessionRequired: "Sign in to continue.",
};

export function signInErrorMessage(code: string, provider: string): string {
  if (Object.hasOwn(REASONS, code)) return REASONS[code as SignInFailureReason](provider);
  return NEXT_AUTH[code] ?? "Sign-in failed. Try again.";
}
