import { afterEach, describe, expect, it, vi } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { nextAuthLogger } from "@/lib/auth/next-auth-logger";
import { withSsoOutcome } from "@/lib/auth/sso-outcome";
import { db } from "@/lib/db/client";

// What the /api/auth route does around next-auth for the OIDC provider: the error that
// only reached next-auth's logger becomes the reason, in the audit trail and in the
// redirect to the sign-in page. `run` plays next-auth: it logs as next-auth does, then
// answers with next-auth's generic error redirect.

const ISSUER = `https://outcome-${Date.now()}.idp.example.test`;
process.env.OIDC_ISSUER = ISSUER;
process.env.OIDC_CLIENT_ID = "gatehouse";
process.env.OIDC_CLIENT_SECRET = "secret";
process.env.NEXTAUTH_URL = "https://gatehouse.example.test";

const errorRedirect = (code: string) =>
  new Response(null, { status: 302, headers: { Location: `https://gatehouse.example.test/api/auth/error?error=${code}` } });
const request = (path: string) => new Request(`https://gatehouse.example.test/api/auth/${path}`);

async function lastFailure() {
  const entry = await db().auditEntry.findFirstOrThrow({
    where: { eventType: "user.sign_in_failed", actorLabel: "oidc" },
    orderBy: { id: "desc" },
  });
  return entryData(entry);
}

describe("single sign-on failures at the provider", () => {
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  afterEach(() => stderr.mockClear());

  it("names an unreachable provider at the callback, audits it, and logs one JSON line without a stack", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
    const response = await withSsoOutcome(request("callback/oidc?code=x&state=y"), ["callback", "oidc"], async () => {
      nextAuthLogger.error!("OAUTH_CALLBACK_ERROR", { error: refused, providerId: "oidc" } as never);
      return errorRedirect("OAuthCallback");
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("https://gatehouse.example.test/sign-in?error=provider_unreachable");
    expect(await lastFailure()).toEqual({
      method: "oidc",
      reason: "provider_unreachable",
      detail: "connect ECONNREFUSED 10.0.0.1:443",
      issuer: ISSUER,
    });

    const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
    const nextAuthLine = lines.find((l) => l.includes("OAUTH_CALLBACK_ERROR"))!;
    expect(nextAuthLine.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(nextAuthLine)).toMatchObject({
      level: "error",
      msg: "next-auth: OAUTH_CALLBACK_ERROR",
      error: { message: "connect ECONNREFUSED 10.0.0.1:443", code: "ECONNREFUSED" },
    });
    expect(nextAuthLine).not.toMatch(/"stack"|\s+at /);
  });

  it("reads a cancelled consent from the provider's error response", async () => {
    const response = await withSsoOutcome(
      request("callback/oidc?error=access_denied&error_description=End-User%20aborted&state=y"),
      ["callback", "oidc"],
      async () => errorRedirect("OAuthCallback"),
    );
    expect(response.headers.get("Location")).toBe("https://gatehouse.example.test/sign-in?error=access_denied");
    expect(await lastFailure()).toMatchObject({ reason: "access_denied", detail: "access_denied: End-User aborted" });
  });

  it("answers next-auth's client (JSON) when the sign-in cannot start, keeping its cookies", async () => {
    const response = await withSsoOutcome(request("signin/oidc"), ["signin", "oidc"], async () => {
      nextAuthLogger.error!("SIGNIN_OAUTH_ERROR", { error: new Error("expected 200 OK, got: 404 Not Found"), providerId: "oidc" } as never);
      return Response.json(
        { url: "https://gatehouse.example.test/api/auth/error?error=OAuthSignin" },
        { headers: { "Set-Cookie": "next-auth.csrf-token=abc; Path=/" } },
      );
    });
    expect(await response.json()).toEqual({ url: "https://gatehouse.example.test/sign-in?error=provider_misconfigured" });
    expect(response.headers.get("Set-Cookie")).toContain("next-auth.csrf-token=abc");
    expect((await lastFailure()).reason).toBe("provider_misconfigured");
  });

  it("leaves successes, Gatehouse's own refusals and other next-auth routes alone", async () => {
    const before = await db().auditEntry.count({ where: { eventType: "user.sign_in_failed" } });
    const success = new Response(null, { status: 302, headers: { Location: "https://gatehouse.example.test/" } });
    expect(await withSsoOutcome(request("callback/oidc?code=x"), ["callback", "oidc"], async () => success)).toBe(success);
    const refusal = new Response(null, { status: 302, headers: { Location: "/sign-in?error=identity_not_linked" } });
    expect(await withSsoOutcome(request("callback/oidc?code=x"), ["callback", "oidc"], async () => refusal)).toBe(refusal);
    const session = Response.json({});
    expect(await withSsoOutcome(request("session"), ["session"], async () => session)).toBe(session);
    expect(await db().auditEntry.count({ where: { eventType: "user.sign_in_failed" } })).toBe(before);
  });
});
