import { entryData } from "../audit/leaf";
import { appendAudit } from "../audit/service";
import { systemActor, userActor, type Actor, type AuditEvent } from "../audit/entry";
import { LinkIdentitySchema, UnlinkIdentitySchema, type LinkIdentityInput } from "../contracts/users";
import { db } from "../db/client";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";
import { normaliseIssuer, type OidcProfile } from "./claims";
import { decideSsoSignIn, type Candidate, type RefusalReason, type SsoDecision, type SsoPolicy } from "./decide";
import type { ProviderFailure } from "./failures";

// Single sign-on against the database: load the users an OIDC profile could be, decide
// (decide.ts), then link, create, update role and groups, and audit, in one transaction.

/** Changes single sign-on makes on its own are attributed to it. */
const SSO_ACTOR = systemActor("oidc");

export type SsoSignInResult = { ok: true; userId: string } | { ok: false; reason: RefusalReason };

const candidateSelect = {
  id: true,
  email: true,
  role: true,
  groups: true,
  disabled: true,
  rolePinned: true,
  passwordHash: true,
  ssoIdentities: { select: { issuer: true } },
} as const;

async function candidate(tx: Tx, where: { id: string } | { email: string }): Promise<Candidate | null> {
  const user = await tx.user.findUnique({ where, select: candidateSelect });
  if (!user) return null;
  const { passwordHash, ssoIdentities, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null, linkedIssuers: ssoIdentities.map((i) => i.issuer) };
}

/** Who the provider said this was, for audit entries (never a token). */
const claimed = (p: OidcProfile) => ({ issuer: p.issuer, subject: p.subject, email: p.email, emailVerified: p.emailVerified });

/** A first sign-in with a verified e-mail nobody has: the user, with no password. */
async function createFromSso(tx: Tx, decision: Extract<SsoDecision, { outcome: "create" }>, now: Date) {
  const { email, name, role, groups } = decision;
  const user = await tx.user.create({ data: { email, name, role, groups, lastSignInAt: now }, select: { id: true } });
  const created: AuditEvent = {
    type: "user.created",
    actor: SSO_ACTOR,
    subject: { type: "user", id: user.id },
    data: { email, role, groups, via: "oidc" },
  };
  return { userId: user.id, label: email, events: [created] };
}

/** The role and approver groups the provider decided, audited like an admin's changes. */
async function updateFromSso(tx: Tx, user: Candidate, decision: Extract<SsoDecision, { outcome: "sign_in" }>, now: Date) {
  const { role, groups } = decision;
  await tx.user.update({ where: { id: user.id }, data: { role, groups, lastSignInAt: now } });
  const subject = { type: "user", id: user.id };
  const events: AuditEvent[] = [];
  if (role !== user.role) {
    events.push({
      type: "user.role_changed",
      actor: SSO_ACTOR,
      subject,
      data: { email: user.email, from: user.role, to: role, via: "oidc" },
    });
  }
  if (groups.join() !== user.groups.join()) {
    events.push({
      type: "user.groups_changed",
      actor: SSO_ACTOR,
      subject,
      data: { email: user.email, from: user.groups, to: groups, via: "oidc" },
    });
  }
  return { userId: user.id, label: user.email, events };
}

export async function signInWithSso(profile: OidcProfile, policy: SsoPolicy, now = new Date()): Promise<SsoSignInResult> {
  return transaction(async (tx) => {
    const identity = await tx.ssoIdentity.findUnique({
      where: { issuer_subject: { issuer: profile.issuer, subject: profile.subject } },
      select: { id: true, userId: true },
    });
    const byIdentity = identity ? await candidate(tx, { id: identity.userId }) : null;
    const byEmail = !byIdentity && profile.email ? await candidate(tx, { email: profile.email }) : null;
    const decision = decideSsoSignIn(profile, policy, { byIdentity, byEmail });

    if (decision.outcome === "refuse") {
      await appendAudit(
        tx,
        {
          type: "user.sign_in_failed",
          actor: systemActor(profile.email ?? profile.subject),
          ...(decision.userId ? { subject: { type: "user", id: decision.userId } } : {}),
          data: { method: "oidc", reason: decision.reason, ...claimed(profile) },
        },
        now,
      );
      return { ok: false, reason: decision.reason };
    }

    const { userId, label, events } =
      decision.outcome === "create"
        ? await createFromSso(tx, decision, now)
        : await updateFromSso(tx, (byIdentity ?? byEmail)!, decision, now);

    const { issuer, subject, email } = profile;
    if (identity) {
      await tx.ssoIdentity.update({ where: { id: identity.id }, data: { email, lastSignInAt: now } });
    } else {
      const linkedVia = decision.outcome === "create" ? "sign_up" : "email";
      await tx.ssoIdentity.create({ data: { issuer, subject, email, userId, linkedVia, linkedAt: now, lastSignInAt: now } });
      events.push({
        type: "user.identity_linked",
        actor: SSO_ACTOR,
        subject: { type: "user", id: userId },
        data: { issuer, subject, email, via: linkedVia },
      });
    }
    events.push({ type: "user.signed_in", actor: userActor({ id: userId, email: label }), data: { method: "oidc", issuer, subject } });
    await appendAudit(tx, events, now);
    return { ok: true, userId };
  });
}

/** A sign-in that failed at the provider (unreachable, cancelled, exchange failed): audited, with no user to name. */
export async function recordSsoFailure(failure: ProviderFailure, issuer: string) {
  await transaction((tx) =>
    appendAudit(tx, {
      type: "user.sign_in_failed",
      actor: SSO_ACTOR,
      data: { method: "oidc", reason: failure.reason, detail: failure.detail, issuer: normaliseIssuer(issuer) },
    }),
  );
}

/** An admin binds an account at a provider to a user, e.g. after a refused "identity_not_linked" sign-in. */
export async function linkSsoIdentity(input: LinkIdentityInput, actor: Actor) {
  const parsed = LinkIdentitySchema.parse(input);
  const issuer = normaliseIssuer(parsed.issuer);
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: parsed.userId }, select: { id: true, email: true } });
    if (!user) throw new NotFoundError("User");
    const taken = await tx.ssoIdentity.findUnique({
      where: { issuer_subject: { issuer, subject: parsed.subject } },
      include: { user: { select: { email: true } } },
    });
    if (taken)
      throw new ConflictError(
        `This identity is already linked to ${taken.user.email}${taken.userId === user.id ? "" : ": unlink it there first"}`,
      );
    const identity = await tx.ssoIdentity.create({ data: { issuer, subject: parsed.subject, userId: user.id, linkedVia: "admin" } });
    await appendAudit(tx, {
      type: "user.identity_linked",
      actor,
      subject: { type: "user", id: user.id },
      data: { email: user.email, issuer, subject: parsed.subject, via: "admin" },
    });
    return identity;
  });
}

export async function unlinkSsoIdentity(input: { identityId: string }, actor: Actor) {
  const { identityId } = UnlinkIdentitySchema.parse(input);
  return transaction(async (tx) => {
    const identity = await tx.ssoIdentity.findUnique({ where: { id: identityId }, include: { user: { select: { email: true } } } });
    if (!identity) throw new NotFoundError("Identity");
    await tx.ssoIdentity.delete({ where: { id: identityId } });
    await appendAudit(tx, {
      type: "user.identity_unlinked",
      actor,
      subject: { type: "user", id: identity.userId },
      data: { email: identity.user.email, issuer: identity.issuer, subject: identity.subject },
    });
  });
}

export type RefusedIdentity = { issuer: string; subject: string; email: string | null; at: Date };

/**
 * For each of these users, the accounts refused as "identity_not_linked" for their e-mail,
 * newest first and not linked since: what an admin most likely wants to link. Read from
 * the audit trail (the refusal names the user it matched as its subject).
 */
export async function refusedIdentities(userIds: string[], perUser = 3): Promise<Map<string, RefusedIdentity[]>> {
  const [entries, linked] = await Promise.all([
    db().auditEntry.findMany({
      where: { subjectId: { in: userIds }, eventType: "user.sign_in_failed" },
      orderBy: { id: "desc" },
      take: 500,
      select: { subjectId: true, canonical: true, content: true, createdAt: true },
    }),
    db().ssoIdentity.findMany({ where: { userId: { in: userIds } }, select: { issuer: true, subject: true } }),
  ]);
  const seen = new Set(linked.map((i) => `${i.issuer} ${i.subject}`));
  const byUser = new Map<string, RefusedIdentity[]>();
  for (const entry of entries) {
    const data = entryData(entry) as { reason?: string; issuer?: string; subject?: string; email?: string | null };
    const key = `${data.issuer} ${data.subject}`;
    const list = byUser.get(entry.subjectId!) ?? [];
    if (data.reason !== "identity_not_linked" || !data.issuer || !data.subject || seen.has(key) || list.length === perUser) continue;
    seen.add(key);
    byUser.set(entry.subjectId!, [...list, { issuer: data.issuer, subject: data.subject, email: data.email ?? null, at: entry.createdAt }]);
  }
  return byUser;
}
