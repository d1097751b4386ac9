import { systemActor, userActor } from "../audit/entry";
import { appendAudit } from "../audit/service";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { ForbiddenError, TooManyRequestsError } from "../errors";
import { SignInSchema } from "../contracts/users";
import { verifyPassword } from "./passwords";
import { nextThrottleState, throttleVerdict, THROTTLE_RULES, type ThrottleKind } from "./throttle";

// E-mail + password sign-in with throttling shared across replicas (it lives in the
// database): too many failures for one e-mail or from one client address lock that
// key out for a while. Every outcome is audited.

export type SignedInUser = { id: string; email: string; name: string | null; role: string };

export class InvalidCredentialsError extends Error {
  constructor() {
    super("Wrong e-mail or password");
  }
}

const throttleKeys = (email: string, ip: string | undefined) =>
  [["email", `email:${email}`], ...(ip ? [["ip", `ip:${ip}`]] : [])] as [ThrottleKind, string][];

/** GATEHOUSE_PASSWORD_SIGN_IN=break_glass: only these admins (lower-case e-mails) may use a password; null: everyone. */
export type PasswordPolicy = { breakGlassOnly: readonly string[] | null };

export class PasswordSignInDisabledError extends ForbiddenError {
  constructor() {
    super("Password sign-in is turned off: use single sign-on. Only the named break-glass admins can sign in with a password.");
  }
}

async function refuseDisabledPasswordSignIn(email: string, ip: string | undefined, user?: { id: string }): Promise<never> {
  await transaction((tx) =>
    appendAudit(tx, {
      type: "user.sign_in_failed",
      actor: systemActor(email),
      ...(user ? { subject: { type: "user", id: user.id } } : {}),
      data: { email, ip: ip ?? null, reason: "password_sign_in_disabled" },
    }),
  );
  throw new PasswordSignInDisabledError();
}

export async function signInWithPassword(
  raw: { email?: unknown; password?: unknown },
  ip?: string,
  policy: PasswordPolicy = { breakGlassOnly: null },
): Promise<SignedInUser> {
  const parsed = SignInSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentialsError();
  const { email, password } = parsed.data;
  if (policy.breakGlassOnly && !policy.breakGlassOnly.includes(email)) await refuseDisabledPasswordSignIn(email, ip);
  const now = new Date();
  const keys = throttleKeys(email, ip);

  const rows = await db().signInThrottle.findMany({ where: { key: { in: keys.map(([, k]) => k) } } });
  for (const row of rows) {
    const verdict = throttleVerdict(row, now);
    if (verdict.locked) {
      // Attempts during a lockout are refused without checking the password, but still recorded.
      await transaction((tx) =>
        appendAudit(tx, {
          type: "user.sign_in_throttled",
          actor: systemActor(email),
          data: { email, ip: ip ?? null, key: row.key, lockedUntil: row.lockedUntil?.toISOString() ?? null },
        }),
      );
      throw new TooManyRequestsError(
        `Too many failed sign-in attempts. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s).`,
        verdict.retryAfterSeconds,
      );
    }
  }

  const user = await db().user.findUnique({ where: { email } });
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!valid || !user || user.disabled) {
    await transaction(async (tx) => {
      for (const [kind, key] of keys) {
        const current = await tx.signInThrottle.findUnique({ where: { key } });
        const next = nextThrottleState(current, THROTTLE_RULES[kind], now);
        await tx.signInThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
        if (next.lockedUntil) {
          await appendAudit(tx, {
            type: "user.sign_in_locked",
            actor: systemActor("sign-in throttle"),
            data: { key, lockedUntil: next.lockedUntil.toISOString() },
          });
        }
      }
      await appendAudit(tx, {
        type: "user.sign_in_failed",
        actor: user ? userActor(user) : systemActor(email),
        data: { email, ip: ip ?? null, reason: !user ? "unknown_user" : user.disabled ? "disabled" : "wrong_password" },
      });
    });
    throw new InvalidCredentialsError();
  }
  // A break-glass account that is no longer an admin has no business using a password.
  if (policy.breakGlassOnly && user.role !== "admin") await refuseDisabledPasswordSignIn(email, ip, user);

  await transaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { key: `email:${email}` } });
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await appendAudit(tx, {
      type: "user.signed_in",
      actor: userActor(user),
      data: { method: "password", ip: ip ?? null },
    });
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
