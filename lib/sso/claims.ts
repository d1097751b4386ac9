import { EmailSchema } from "../contracts/users";

// What Gatehouse reads from an OpenID Provider's claims (the ID token, completed by the
// userinfo endpoint): who the account is (issuer + subject), its e-mail and whether the
// provider verified it, a display name, and its groups.

export type OidcProfile = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  groups: string[];
};

/** Which claims carry the groups and the e-mail's verification (OIDC_GROUPS_CLAIM, OIDC_EMAIL_VERIFIED_CLAIM). */
export type ClaimNames = { groups: string; emailVerified: string };

export type Claims = Record<string, unknown>;

/** "https://idp.example.com/" and "https://idp.example.com" name one issuer. */
export const normaliseIssuer = (issuer: string) => issuer.replace(/\/+$/, "");

/**
 * A claim by name; a dotted name that is not itself a claim is a path into nested claims
 * (Keycloak's `realm_access.roles`). Namespaced claims such as Auth0's
 * `https://example.com/groups` are found by their literal name first.
 */
export function claimAt(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Claims)[part];
  }
  return value;
}

/** Some providers send booleans as strings ("true"). */
const isTrue = (value: unknown) => value === true || value === "true";

function groupsOf(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string" && g !== "");
  return [];
}

/** Claims the ID token left out that the userinfo endpoint may supply. */
export function missingClaims(claims: Claims, names: ClaimNames): string[] {
  return ["email", names.emailVerified, "name", names.groups].filter((name) => claimAt(claims, name) === undefined);
}

export function readProfile(claims: Claims, names: ClaimNames): OidcProfile {
  const email = EmailSchema.safeParse(claims.email);
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 100) : null;
  return {
    issuer: normaliseIssuer(String(claims.iss ?? "")),
    subject: String(claims.sub ?? ""),
    email: email.success ? email.data : null,
    emailVerified: isTrue(claimAt(claims, names.emailVerified)),
    name,
    groups: groupsOf(claimAt(claims, names.groups)),
  };
}
