import type { Role } from "../auth/permissions";
import type { OidcProfile } from "./claims";
import { approverGroupsFromIdp, roleFromGroups, type GroupMap, type RoleMap } from "./mapping";

// Which Gatehouse user an OpenID Provider's account signs in as, and with which role and
// approver groups. An identity (issuer + subject) once linked is the only thing that
// matches; the e-mail links a new identity only when the provider verified it and the
// policy allows it for that user. Pure: the service loads the candidates and writes.

export type LinkByEmail = "never" | "passwordless" | "always";

export type SsoPolicy = {
  /** Whether a verified e-mail may link a new identity to an existing user: never, only users with no password, or always. */
  linkByEmail: LinkByEmail;
  /** Lower-case e-mail domains allowed to sign in; empty: any. */
  allowedDomains: readonly string[];
  /** Role of a user no OIDC_ROLE_MAP entry covers; "none" refuses them. */
  defaultRole: Role | "none";
  /** When set, the IdP's groups decide every unpinned user's role at each sign-in. */
  roleMap: RoleMap | null;
  /** When set, the IdP's groups decide the approver groups it names at each sign-in. */
  groupMap: GroupMap | null;
};

/** A user as the decision needs it. */
export type Candidate = {
  id: string;
  email: string;
  role: Role;
  groups: string[];
  disabled: boolean;
  rolePinned: boolean;
  hasPassword: boolean;
  /** Issuers of the identities already linked to this user. */
  linkedIssuers: string[];
};

export type RefusalReason = "no_email" | "email_unverified" | "domain_not_allowed" | "account_disabled" | "identity_not_linked" | "no_role";

export type SsoDecision =
  | { outcome: "refuse"; reason: RefusalReason; userId: string | null }
  | { outcome: "sign_in"; userId: string; linkByEmail: boolean; role: Role; groups: string[] }
  | { outcome: "create"; email: string; name: string | null; role: Role; groups: string[] };

const refuse = (reason: RefusalReason, user?: Candidate | null): SsoDecision => ({ outcome: "refuse", reason, userId: user?.id ?? null });

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1);

/** The e-mail checks a new identity must pass, and every sign-in when domains are restricted. */
function emailRefusal(profile: OidcProfile, policy: SsoPolicy): RefusalReason | null {
  if (!profile.email) return "no_email";
  if (policy.allowedDomains.length && !policy.allowedDomains.includes(domainOf(profile.email))) return "domain_not_allowed";
  // A domain restriction on an address nobody checked would restrict nothing.
  if (!profile.emailVerified) return "email_unverified";
  return null;
}

function mayLinkByEmail(user: Candidate, profile: OidcProfile, policy: SsoPolicy): boolean {
  // A second account at the same provider claiming this address (e.g. a reassigned
  // mailbox) is not the person who linked the first one.
  if (user.linkedIssuers.includes(profile.issuer)) return false;
  return policy.linkByEmail === "always" || (policy.linkByEmail === "passwordless" && !user.hasPassword);
}

function existingUser(user: Candidate, profile: OidcProfile, policy: SsoPolicy, linkByEmail: boolean): SsoDecision {
  if (user.disabled) return refuse("account_disabled", user);
  let role: Role | "none" = user.role;
  if (policy.roleMap && !user.rolePinned) role = roleFromGroups(profile.groups, policy.roleMap) ?? policy.defaultRole;
  if (role === "none") return refuse("no_role", user);
  const groups = policy.groupMap ? approverGroupsFromIdp(user.groups, profile.groups, policy.groupMap) : user.groups;
  return { outcome: "sign_in", userId: user.id, linkByEmail, role, groups };
}

export function decideSsoSignIn(
  profile: OidcProfile,
  policy: SsoPolicy,
  found: { byIdentity: Candidate | null; byEmail: Candidate | null },
): SsoDecision {
  const { byIdentity, byEmail } = found;
  if (byIdentity) {
    const refusal = policy.allowedDomains.length ? emailRefusal(profile, policy) : null;
    return refusal ? refuse(refusal, byIdentity) : existingUser(byIdentity, profile, policy, false);
  }
  const refusal = emailRefusal(profile, policy);
  if (refusal) return refuse(refusal, byEmail);
  if (byEmail) {
    if (byEmail.disabled) return refuse("account_disabled", byEmail);
    if (!mayLinkByEmail(byEmail, profile, policy)) return refuse("identity_not_linked", byEmail);
    return existingUser(byEmail, profile, policy, true);
  }
  const role = (policy.roleMap && roleFromGroups(profile.groups, policy.roleMap)) ?? policy.defaultRole;
  if (role === "none") return refuse("no_role");
  const groups = policy.groupMap ? approverGroupsFromIdp([], profile.groups, policy.groupMap) : [];
  return { outcome: "create", email: profile.email!, name: profile.name, role, groups };
}
