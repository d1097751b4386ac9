import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { appendAudit } from "../audit/service";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { env, oidcEnabled } from "../env";
import { AppError } from "../errors";
import { InvalidCredentialsError, signInWithPassword } from "./sign-in";

// next-auth configuration: e-mail + password always; any OIDC provider when OIDC_ISSUER,
// OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. Sessions are JWTs carrying only the
// user id; the role is read from the database on every request, so a role change or a
// disabled account takes effect at once.

function clientIp(headers: Record<string, string | string[] | undefined> | undefined) {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || undefined;
}

function oidcProvider() {
  const e = env();
  return {
    id: "oidc",
    name: e.OIDC_NAME,
    type: "oauth" as const,
    wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"] as ("pkce" | "state")[],
    profile: (profile: { sub: string; email?: string; name?: string }) => ({
      id: profile.sub,
      email: profile.email?.toLowerCase() ?? null,
      name: profile.name ?? null,
    }),
  };
}

/**
 * OIDC users are matched by e-mail; a first sign-in creates the user with OIDC_DEFAULT_ROLE.
 * Only a verified e-mail counts: an unverified one would let any IdP account claim anyone's.
 */
async function resolveOidcUser(email: string | null | undefined, emailVerified: unknown, name: string | null | undefined) {
  if (!email || emailVerified !== true) return null;
  return transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing?.disabled) return null;
    const user = existing ?? (await tx.user.create({ data: { email, name, role: env().OIDC_DEFAULT_ROLE } }));
    if (!existing) {
      await appendAudit(tx, { type: "user.created", actor: { type: "system", label: "oidc" }, subject: { type: "user", id: user.id }, data: { email, role: user.role, via: "oidc" } });
    }
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await appendAudit(tx, { type: "user.signed_in", actor: { type: "user", id: user.id, label: email }, data: { method: "oidc" } });
    return user;
  });
}

export function authOptions(): AuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const user = await signInWithPassword(credentials ?? {}, clientIp(req.headers));
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            if (error instanceof InvalidCredentialsError) return null;
            // next-auth hands this message to the sign-in form (e.g. the throttle's).
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...(oidcEnabled() ? [oidcProvider()] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const resolved = await resolveOidcUser(user.email, (profile as { email_verified?: unknown } | undefined)?.email_verified, user.name);
        if (!resolved) return "/sign-in?error=AccessDenied";
        user.id = resolved.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.uid as string;
        return session;
      },
    },
  };
}

export function isOidcConfigured() {
  return oidcEnabled();
}

export async function userById(id: string) {
  return db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, groups: true, disabled: true } });
}
