import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import type { Env } from "../env";
import { missingClaims, type ClaimNames, type Claims } from "../sso/claims";

// The OpenID Connect provider for next-auth (OIDC_ISSUER, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET): authorization code flow with PKCE, state and nonce. The ID token
// is completed from the userinfo endpoint when it lacks a claim Gatehouse reads, which is
// how spec-conformant providers send the e-mail and profile (OIDC Core §5.4).

export const claimNames = (e: Env): ClaimNames => ({ groups: e.OIDC_GROUPS_CLAIM, emailVerified: e.OIDC_EMAIL_VERIFIED_CLAIM });

export const issuerUrl = (e: Env) => e.OIDC_ISSUER!.replace(/\/+$/, "");

export function oidcProvider(e: Env): OAuthConfig<Claims> {
  return {
    id: "oidc",
    name: e.OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuerUrl(e)}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: e.OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    userinfo: {
      async request({ tokens, client }) {
        // next-auth's type is the plain parameters; at run time it is openid-client's TokenSet.
        const tokenSet = tokens as unknown as TokenSet;
        const claims: Claims = tokenSet.claims();
        if (!missingClaims(claims, claimNames(e)).length || !client.issuer.metadata.userinfo_endpoint) return claims;
        // openid-client checks that userinfo's `sub` is the ID token's. The ID token's claims win.
        const userinfo: Claims = await client.userinfo(tokenSet);
        return { ...userinfo, ...claims };
      },
    },
    // next-auth's own user object; the signIn callback reads the full claims instead.
    profile: (claims) => ({
      id: String(claims.sub),
      email: typeof claims.email === "string" ? claims.email : null,
      name: typeof claims.name === "string" ? claims.name : null,
    }),
  };
}
