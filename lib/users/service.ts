import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { SYSTEM } from "../audit/entry";
import { generatePassword, hashPassword } from "../auth/passwords";
import type { Role } from "../auth/permissions";
import { CreateUserSchema, SetUserGroupsSchema, type CreateUserInput } from "../contracts/users";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";

const publicUser = {
  id: true,
  email: true,
  name: true,
  role: true,
  rolePinned: true,
  groups: true,
  disabled: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

/** Users for the Users page and the CLI: with their linked SSO identities and whether they have a password. */
export async function listUsers() {
  const users = await db().user.findMany({
    select: {
      ...publicUser,
      passwordHash: true,
      ssoIdentities: {
        select: { id: true, issuer: true, subject: true, email: true, linkedVia: true, linkedAt: true, lastSignInAt: true },
        orderBy: { linkedAt: "asc" },
      },
    },
    orderBy: { email: "asc" },
  });
  return users.map(({ passwordHash, ...user }) => ({ ...user, hasPassword: passwordHash !== null }));
}

/** Creates a user; with no password given, generates one and returns it (shown once), unless they sign in through SSO only. */
export async function createUser(input: CreateUserInput, actor: Actor) {
  const { email, name, role, groups, password, ssoOnly } = CreateUserSchema.parse(input);
  const generatedPassword = password || ssoOnly ? undefined : generatePassword();
  const passwordHash = ssoOnly ? null : await hashPassword(password ?? generatedPassword!);
  return transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError(`A user with e-mail ${email} already exists`);
    }
    const user = await tx.user.create({ data: { email, name, role, groups, passwordHash }, select: publicUser });
    await appendAudit(tx, { type: "user.created", actor, subject: { type: "user", id: user.id }, data: { email, role, groups, ssoOnly } });
    return { user, generatedPassword };
  });
}

async function assertAnotherActiveAdmin(tx: Tx, userId: string) {
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw new ConflictError("Gatehouse must keep at least one active admin");
}

export async function changeRole(userId: string, role: Role, actor: Actor) {
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundError("User");
    if (user.role === role) return user;
    if (user.role === "admin") await assertAnotherActiveAdmin(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { role }, select: publicUser });
    await appendAudit(tx, {
      type: "user.role_changed",
      actor,
      subject: { type: "user", id: userId },
      data: { email: user.email, from: user.role, to: role },
    });
    return updated;
  });
}

/** Pins a user's role: single sign-on (OIDC_ROLE_MAP) stops changing it, so an admin manages it here. */
export async function setRolePinned(userId: string, pinned: boolean, actor: Actor) {
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: publicUser });
    if (!user) throw new NotFoundError("User");
    if (user.rolePinned === pinned) return user;
    const updated = await tx.user.update({ where: { id: userId }, data: { rolePinned: pinned }, select: publicUser });
    await appendAudit(tx, {
      type: pinned ? "user.role_pinned" : "user.role_unpinned",
      actor,
      subject: { type: "user", id: userId },
      data: { email: user.email, role: user.role },
    });
    return updated;
  });
}

/** Sets the approver groups (e.g. "finance") that approval steps may name; the whole list is replaced. */
export async function setUserGroups(userId: string, groups: string[], actor: Actor) {
  const { groups: next } = SetUserGroupsSchema.parse({ userId, groups });
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: publicUser });
    if (!user) throw new NotFoundError("User");
    if (user.groups.join() === next.join()) return user;
    const updated = await tx.user.update({ where: { id: userId }, data: { groups: next }, select: publicUser });
    await appendAudit(tx, {
      type: "user.groups_changed",
      actor,
      subject: { type: "user", id: userId },
      data: { email: user.email, from: user.groups, to: next },
    });
    return updated;
  });
}

export async function setUserDisabled(userId: string, disabled: boolean, actor: Actor) {
  return transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundError("User");
    if (disabled && user.role === "admin") await assertAnotherActiveAdmin(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { disabled }, select: publicUser });
    await appendAudit(tx, {
      type: disabled ? "user.disabled" : "user.enabled",
      actor,
      subject: { type: "user", id: userId },
      data: { email: user.email },
    });
    return updated;
  });
}

/**
 * First start: with no users at all, create the admin from GATEHOUSE_ADMIN_EMAIL and
 * GATEHOUSE_ADMIN_PASSWORD, or generate a password. Returns what to tell the operator.
 */
export async function ensureFirstAdmin(configured: { email?: string; password?: string }) {
  if ((await db().user.count()) > 0) return undefined;
  const email = configured.email ?? "admin@gatehouse.local";
  try {
    const { generatedPassword } = await createUser({ email, role: "admin", password: configured.password }, SYSTEM);
    return { email, password: configured.password ?? generatedPassword!, generated: !configured.password };
  } catch (error) {
    // Another replica won the race: seen by createUser's check, or by the e-mail's unique index
    // when both checked before either inserted.
    if (error instanceof ConflictError || isUniqueViolation(error)) return undefined;
    throw error;
  }
}
