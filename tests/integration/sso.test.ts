import { describe, expect, it } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { PasswordSignInDisabledError, signInWithPassword } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import type { OidcProfile } from "@/lib/sso/claims";
import type { SsoPolicy } from "@/lib/sso/decide";
import { parseGroupMap, parseRoleMap } from "@/lib/sso/mapping";
import { linkSsoIdentity, recordSsoFailure, refusedIdentities, signInWithSso, unlinkSsoIdentity } from "@/lib/sso/service";
import { makeUser, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { createUser, setRolePinned, setUserDisabled } from "@/lib/users/service";

const ISSUER = "https://idp.example.test";
const policy = (over: Partial<SsoPolicy> = {}): SsoPolicy => ({
  linkByEmail: "passwordless",
  allowedDomains: [],
  defaultRole: "viewer",
  roleMap: null,
  groupMap: null,
  ...over,
});
const mapped = policy({
  roleMap: parseRoleMap("gh-admins=admin,gh-approvers=approver").map,
  groupMap: parseGroupMap("finance-team=finance").map,
});
const profile = (over: Partial<OidcProfile> = {}): OidcProfile => ({
  issuer: ISSUER,
  subject: uniq("sub"),
  email: `${uniq("sso")}@example.test`,
  emailVerified: true,
  name: "Sam SSO",
  groups: [],
  ...over,
});

async function auditOf(userId: string) {
  const entries = await db().auditEntry.findMany({ where: { OR: [{ subjectId: userId }, { actorId: userId }] }, orderBy: { id: "asc" } });
  return entries.map((e) => ({ type: e.eventType, actor: e.actorLabel, data: entryData(e) as Record<string, unknown> }));
}

describe("single sign-on against the database", () => {
  it("creates a user on the first sign-in with the mapped role and groups, bound to issuer and subject; the second finds them", async () => {
    const p = profile({ groups: ["gh-approvers", "finance-team", "unmapped"] });
    const first = await signInWithSso(p, mapped);
    expect(first.ok).toBe(true);
    const userId = (first as { userId: string }).userId;
    const user = await db().user.findUniqueOrThrow({ where: { id: userId }, include: { ssoIdentities: true } });
    expect(user).toMatchObject({ email: p.email, name: "Sam SSO", role: "approver", groups: ["finance"], passwordHash: null });
    expect(user.ssoIdentities).toMatchObject([{ issuer: ISSUER, subject: p.subject, linkedVia: "sign_up" }]);

    // The provider now sends another e-mail for the same subject: still the same user, whose e-mail is not taken over.
    const second = await signInWithSso({ ...p, email: `${uniq("renamed")}@example.test` }, mapped);
    expect(second).toEqual({ ok: true, userId });
    expect(await db().user.count({ where: { email: p.email! } })).toBe(1);

    expect((await auditOf(userId)).map((e) => e.type)).toEqual([
      "user.created",
      "user.identity_linked",
      "user.signed_in",
      "user.signed_in",
    ]);
    const [created, linked] = await auditOf(userId);
    expect(created?.data).toEqual({ email: p.email, role: "approver", groups: ["finance"], via: "oidc" });
    expect(linked?.data).toMatchObject({ issuer: ISSUER, subject: p.subject, via: "sign_up" });
  });

  it("refuses an unverified e-mail and a missing one, audited, and creates no one", async () => {
    const unverified = profile({ emailVerified: false });
    expect(await signInWithSso(unverified, policy())).toEqual({ ok: false, reason: "email_unverified" });
    expect(await signInWithSso(profile({ email: null }), policy())).toEqual({ ok: false, reason: "no_email" });
    expect(await db().user.findUnique({ where: { email: unverified.email! } })).toBeNull();
    const refusal = await db().auditEntry.findFirstOrThrow({ where: { eventType: "user.sign_in_failed", actorLabel: unverified.email! } });
    expect(entryData(refusal)).toEqual({
      method: "oidc",
      reason: "email_unverified",
      issuer: ISSUER,
      subject: unverified.subject,
      email: unverified.email,
      emailVerified: false,
    });
  });

  it("does not link a password user by e-mail by default; an admin links the refused identity, then it signs in", async () => {
    const user = await makeUser("policy_admin");
    const p = profile({ email: user.email });
    expect(await signInWithSso(p, policy())).toEqual({ ok: false, reason: "identity_not_linked" });
    expect((await refusedIdentities([user.id])).get(user.id)).toMatchObject([{ issuer: ISSUER, subject: p.subject, email: user.email }]);

    await linkSsoIdentity({ userId: user.id, issuer: `${ISSUER}/`, subject: p.subject }, TEST_ACTOR);
    expect((await refusedIdentities([user.id])).get(user.id)).toBeUndefined();
    expect(await signInWithSso({ ...p, emailVerified: false }, policy())).toEqual({ ok: true, userId: user.id });

    const other = await makeUser("viewer");
    await expect(linkSsoIdentity({ userId: other.id, issuer: ISSUER, subject: p.subject }, TEST_ACTOR)).rejects.toThrow(
      new ConflictError(`This identity is already linked to ${user.email}: unlink it there first`),
    );
    const events = (await auditOf(user.id)).map((e) => [e.type, e.data.reason ?? e.data.via ?? e.data.method]);
    expect(events).toEqual([
      ["user.created", undefined],
      ["user.sign_in_failed", "identity_not_linked"],
      ["user.identity_linked", "admin"],
      ["user.signed_in", "oidc"],
    ]);
  });

  it("links a verified e-mail to a user who has no password (invited for single sign-on), and never a second identity of that provider", async () => {
    const { user } = await createUser({ email: `${uniq("invited")}@example.test`, role: "approver", ssoOnly: true }, TEST_ACTOR);
    const p = profile({ email: user.email });
    expect(await signInWithSso(p, policy())).toEqual({ ok: true, userId: user.id });
    expect(await db().ssoIdentity.findMany({ where: { userId: user.id } })).toMatchObject([{ subject: p.subject, linkedVia: "email" }]);
    expect(await signInWithSso(profile({ email: user.email }), policy({ linkByEmail: "always" }))).toEqual({
      ok: false,
      reason: "identity_not_linked",
    });

    const withPassword = await makeUser("viewer");
    expect(await signInWithSso(profile({ email: withPassword.email }), policy({ linkByEmail: "always" }))).toEqual({
      ok: true,
      userId: withPassword.id,
    });
    const refusedNever = await makeUser("viewer");
    expect(await signInWithSso(profile({ email: refusedNever.email }), policy({ linkByEmail: "never" }))).toMatchObject({
      reason: "identity_not_linked",
    });
  });

  it("applies the IdP's groups at every sign-in, audited like an admin's change; a pinned role stays", async () => {
    const p = profile({ groups: ["gh-admins", "finance-team"] });
    const { userId } = (await signInWithSso(p, mapped)) as { userId: string };
    expect(await db().user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "admin", groups: ["finance"] });

    await signInWithSso({ ...p, groups: ["gh-approvers"] }, mapped);
    expect(await db().user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "approver", groups: [] });
    const changes = (await auditOf(userId)).filter((e) => e.type === "user.role_changed" || e.type === "user.groups_changed");
    expect(changes).toEqual([
      { type: "user.role_changed", actor: "oidc", data: { email: p.email, from: "admin", to: "approver", via: "oidc" } },
      { type: "user.groups_changed", actor: "oidc", data: { email: p.email, from: ["finance"], to: [], via: "oidc" } },
    ]);

    await setRolePinned(userId, true, TEST_ACTOR);
    await signInWithSso({ ...p, groups: [] }, policy({ ...mapped, defaultRole: "none" }));
    expect(await db().user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "approver", rolePinned: true });
    await setRolePinned(userId, false, TEST_ACTOR);
    expect(await signInWithSso({ ...p, groups: [] }, policy({ ...mapped, defaultRole: "none" }))).toEqual({ ok: false, reason: "no_role" });
    expect((await auditOf(userId)).map((e) => e.type)).toContain("user.role_pinned");
  });

  it("refuses a disabled user and, once unlinked, the identity; both audited", async () => {
    const p = profile();
    const { userId } = (await signInWithSso(p, policy())) as { userId: string };
    await setUserDisabled(userId, true, TEST_ACTOR);
    expect(await signInWithSso(p, policy())).toEqual({ ok: false, reason: "account_disabled" });
    await setUserDisabled(userId, false, TEST_ACTOR);

    const identity = await db().ssoIdentity.findFirstOrThrow({ where: { userId } });
    await unlinkSsoIdentity({ identityId: identity.id }, TEST_ACTOR);
    // The user has no password, so the verified e-mail links the identity again; with linking off it is refused.
    expect(await signInWithSso(p, policy({ linkByEmail: "never" }))).toEqual({ ok: false, reason: "identity_not_linked" });
    const types = (await auditOf(userId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["user.identity_unlinked", "user.sign_in_failed"]));
  });

  it("audits a failure at the provider with its reason and no token", async () => {
    const detail = `connect ECONNREFUSED 127.0.0.1:${Math.floor(Math.random() * 1e6)}`;
    await recordSsoFailure({ reason: "provider_unreachable", detail }, `${ISSUER}/`);
    const entries = await db().auditEntry.findMany({
      where: { eventType: "user.sign_in_failed", actorLabel: "oidc" },
      orderBy: { id: "desc" },
      take: 5,
    });
    expect(entries.map((e) => entryData(e))).toContainEqual({
      method: "oidc",
      reason: "provider_unreachable",
      detail,
      issuer: ISSUER,
    });
  });
});

describe("password sign-in for break-glass admins only", () => {
  it("refuses everyone else with a clear message, audited; lets a named admin in", async () => {
    const admin = await makeUser("admin");
    const viewer = await makeUser("viewer");
    const policy = { breakGlassOnly: [admin.email, viewer.email] };
    const other = await makeUser("admin");
    await expect(signInWithPassword({ email: other.email, password: other.password }, undefined, policy)).rejects.toBeInstanceOf(
      PasswordSignInDisabledError,
    );
    await expect(signInWithPassword({ email: viewer.email, password: viewer.password }, undefined, policy)).rejects.toBeInstanceOf(
      PasswordSignInDisabledError,
    );
    expect(await signInWithPassword({ email: admin.email, password: admin.password }, undefined, policy)).toMatchObject({ id: admin.id });
    const refused = await db().auditEntry.findMany({
      where: { eventType: "user.sign_in_failed", actorLabel: { in: [other.email, viewer.email] } },
    });
    expect(refused.map((e) => entryData(e).reason)).toEqual(["password_sign_in_disabled", "password_sign_in_disabled"]);
  });
});
