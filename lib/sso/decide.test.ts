import { describe, expect, it } from "vitest";
import type { OidcProfile } from "./claims";
import { decideSsoSignIn, type Candidate, type SsoPolicy } from "./decide";
import { parseGroupMap, parseRoleMap } from "./mapping";

const ISSUER = "https://idp.example.com";
const profile = (over: Partial<OidcProfile> = {}): OidcProfile => ({
  issuer: ISSUER,
  subject: "sub-1",
  email: "jane@example.com",
  emailVerified: true,
  name: "Jane",
  groups: [],
  ...over,
});
const user = (over: Partial<Candidate> = {}): Candidate => ({
  id: "u1",
  email: "jane@example.com",
  role: "viewer",
  groups: [],
  disabled: false,
  rolePinned: false,
  hasPassword: false,
  linkedIssuers: [],
  ...over,
});
const policy = (over: Partial<SsoPolicy> = {}): SsoPolicy => ({
  linkByEmail: "passwordless",
  allowedDomains: [],
  defaultRole: "viewer",
  roleMap: null,
  groupMap: null,
  ...over,
});
const roleMap = parseRoleMap("gh-admins=admin,gh-approvers=approver").map;
const groupMap = parseGroupMap("finance-team=finance").map;
const none = { byIdentity: null, byEmail: null };

describe("which user an OIDC sign-in becomes", () => {
  it("refuses the takeover: an unverified e-mail equal to an existing password admin's, for a new subject", () => {
    const admin = user({ id: "admin", role: "admin", hasPassword: true });
    expect(
      decideSsoSignIn(profile({ emailVerified: false }), policy({ linkByEmail: "always" }), { byIdentity: null, byEmail: admin }),
    ).toEqual({
      outcome: "refuse",
      reason: "email_unverified",
      userId: "admin",
    });
  });

  it("signs a linked identity in as its user, whatever e-mail the provider now sends", () => {
    const decision = decideSsoSignIn(profile({ email: "someone-else@example.com", emailVerified: false }), policy(), {
      byIdentity: user({ id: "bound" }),
      byEmail: null,
    });
    expect(decision).toEqual({ outcome: "sign_in", userId: "bound", linkByEmail: false, role: "viewer", groups: [] });
    expect(decideSsoSignIn(profile({ email: null }), policy(), { byIdentity: user(), byEmail: null })).toMatchObject({
      outcome: "sign_in",
    });
  });

  it("creates a new user only from a verified e-mail", () => {
    expect(decideSsoSignIn(profile(), policy({ defaultRole: "approver" }), none)).toEqual({
      outcome: "create",
      email: "jane@example.com",
      name: "Jane",
      role: "approver",
      groups: [],
    });
    expect(decideSsoSignIn(profile({ emailVerified: false }), policy(), none)).toEqual({
      outcome: "refuse",
      reason: "email_unverified",
      userId: null,
    });
    expect(decideSsoSignIn(profile({ email: null }), policy(), none)).toEqual({ outcome: "refuse", reason: "no_email", userId: null });
  });

  it("links by verified e-mail as OIDC_LINK_BY_EMAIL allows: never, users without a password (default), always", () => {
    const withPassword = user({ hasPassword: true });
    const without = user({ hasPassword: false });
    const link = (linkByEmail: SsoPolicy["linkByEmail"], candidate: Candidate) =>
      decideSsoSignIn(profile(), policy({ linkByEmail }), { byIdentity: null, byEmail: candidate });
    expect(link("passwordless", without)).toMatchObject({ outcome: "sign_in", linkByEmail: true });
    expect(link("passwordless", withPassword)).toEqual({ outcome: "refuse", reason: "identity_not_linked", userId: "u1" });
    expect(link("always", withPassword)).toMatchObject({ outcome: "sign_in", linkByEmail: true });
    expect(link("never", without)).toMatchObject({ outcome: "refuse", reason: "identity_not_linked" });
  });

  it("never links a second account of the same provider by e-mail", () => {
    const linked = user({ linkedIssuers: [ISSUER] });
    expect(
      decideSsoSignIn(profile({ subject: "sub-2" }), policy({ linkByEmail: "always" }), { byIdentity: null, byEmail: linked }),
    ).toMatchObject({
      outcome: "refuse",
      reason: "identity_not_linked",
    });
    const elsewhere = user({ linkedIssuers: ["https://other-idp.example.com"] });
    expect(decideSsoSignIn(profile(), policy(), { byIdentity: null, byEmail: elsewhere })).toMatchObject({
      outcome: "sign_in",
      linkByEmail: true,
    });
  });

  it("refuses a disabled account, linked or not", () => {
    expect(decideSsoSignIn(profile(), policy(), { byIdentity: user({ disabled: true }), byEmail: null })).toMatchObject({
      reason: "account_disabled",
    });
    expect(decideSsoSignIn(profile(), policy(), { byIdentity: null, byEmail: user({ disabled: true }) })).toMatchObject({
      reason: "account_disabled",
    });
  });

  it("restricts sign-in to OIDC_ALLOWED_DOMAINS, for linked identities too, on verified addresses only", () => {
    const p = policy({ allowedDomains: ["example.com"] });
    expect(decideSsoSignIn(profile({ email: "eve@evil.test" }), p, none)).toEqual({
      outcome: "refuse",
      reason: "domain_not_allowed",
      userId: null,
    });
    expect(decideSsoSignIn(profile({ email: "eve@sub.example.com" }), p, none)).toMatchObject({ reason: "domain_not_allowed" });
    expect(decideSsoSignIn(profile({ email: "jane@evil.test" }), p, { byIdentity: user(), byEmail: null })).toMatchObject({
      reason: "domain_not_allowed",
      userId: "u1",
    });
    expect(decideSsoSignIn(profile({ emailVerified: false }), p, { byIdentity: user(), byEmail: null })).toMatchObject({
      reason: "email_unverified",
    });
    expect(decideSsoSignIn(profile({ email: null }), p, { byIdentity: user(), byEmail: null })).toMatchObject({ reason: "no_email" });
    expect(decideSsoSignIn(profile(), p, { byIdentity: user(), byEmail: null })).toMatchObject({ outcome: "sign_in" });
  });

  it("takes the role from the IdP's groups at every sign-in, the highest mapped one", () => {
    const p = policy({ roleMap });
    expect(decideSsoSignIn(profile({ groups: ["gh-approvers", "gh-admins"] }), p, none)).toMatchObject({
      outcome: "create",
      role: "admin",
    });
    const admin = user({ role: "admin" });
    expect(decideSsoSignIn(profile({ groups: ["gh-approvers"] }), p, { byIdentity: admin, byEmail: null })).toMatchObject({
      role: "approver",
    });
    expect(decideSsoSignIn(profile({ groups: [] }), p, { byIdentity: admin, byEmail: null })).toMatchObject({ role: "viewer" });
  });

  it("refuses users no group maps to a role when OIDC_DEFAULT_ROLE is none", () => {
    const p = policy({ roleMap, defaultRole: "none" });
    expect(decideSsoSignIn(profile({ groups: ["other"] }), p, none)).toEqual({ outcome: "refuse", reason: "no_role", userId: null });
    expect(decideSsoSignIn(profile({ groups: ["other"] }), p, { byIdentity: user({ role: "admin" }), byEmail: null })).toMatchObject({
      reason: "no_role",
      userId: "u1",
    });
    expect(decideSsoSignIn(profile(), policy({ defaultRole: "none" }), none)).toMatchObject({ reason: "no_role" });
  });

  it("keeps a pinned role and, with no role map, the role Gatehouse has", () => {
    const pinned = user({ role: "admin", rolePinned: true });
    expect(
      decideSsoSignIn(profile({ groups: [] }), policy({ roleMap, defaultRole: "none" }), { byIdentity: pinned, byEmail: null }),
    ).toMatchObject({ outcome: "sign_in", role: "admin" });
    expect(decideSsoSignIn(profile(), policy(), { byIdentity: user({ role: "policy_admin" }), byEmail: null })).toMatchObject({
      role: "policy_admin",
    });
  });

  it("sets the approver groups the group map manages and keeps the others", () => {
    const p = policy({ groupMap });
    expect(decideSsoSignIn(profile({ groups: ["finance-team"] }), p, none)).toMatchObject({ outcome: "create", groups: ["finance"] });
    expect(
      decideSsoSignIn(profile({ groups: [] }), p, { byIdentity: user({ groups: ["finance", "legal"] }), byEmail: null }),
    ).toMatchObject({ groups: ["legal"] });
    expect(
      decideSsoSignIn(profile({ groups: ["finance-team"] }), policy(), { byIdentity: user({ groups: ["legal"] }), byEmail: null }),
    ).toMatchObject({ groups: ["legal"] });
  });
});
