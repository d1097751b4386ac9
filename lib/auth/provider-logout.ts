import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { env, oidcEnabled } from "../env";
import { log } from "../log";
import type { SessionToken } from "./options";
import { issuerUrl } from "./oidc-provider";

// Signing out of Gatehouse also ends the session at the OpenID Provider when it supports
// RP-initiated logout (an end_session_endpoint in its discovery document): otherwise the
// next "Continue with …" would sign the same person straight back in.

const Discovery = z.object({ end_session_endpoint: z.url().optional() });

async function endSessionEndpoint(issuer: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    return Discovery.parse(await response.json()).end_session_endpoint;
  } catch (error) {
    log.warn("could not read the provider's end_session_endpoint: signing out of Gatehouse only", { err: error });
    return undefined;
  }
}

/** Where to send the browser to end this session at the provider, or null when it was not a single sign-on or the provider cannot. */
export async function providerLogoutUrl(): Promise<string | null> {
  const e = env();
  if (!oidcEnabled(e)) return null;
  const token = (await getToken({
    req: { cookies: await cookies(), headers: await headers() } as never,
    secret: process.env.NEXTAUTH_SECRET,
  })) as SessionToken | null;
  if (!token?.idToken) return null;
  const endpoint = await endSessionEndpoint(issuerUrl(e));
  if (!endpoint) return null;
  const url = new URL(endpoint);
  url.searchParams.set("id_token_hint", token.idToken);
  url.searchParams.set("client_id", e.OIDC_CLIENT_ID!);
  if (e.NEXTAUTH_URL) url.searchParams.set("post_logout_redirect_uri", new URL("/sign-in", e.NEXTAUTH_URL).toString());
  return url.toString();
}
