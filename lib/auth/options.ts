import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { env, oidcEnabled, ssoPolicy } from "../env";
import { AppError } from "../errors";
import { log } from "../log";
import { readProfile, type Claims } from "../sso/claims";
import { signInWithSso } from "../sso/service";
import { nextAuthLogger } from "./next-auth-logger";
import { claimNames, oidcProvider } from "./oidc-provider";
import { InvalidCredentialsError, signInWithPassword } from "./sign-in";

// next-auth configuration: e-mail + password (for everyone, or only break-glass admins),
// and any OIDC provider when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set.
// Sessions are JWTs carrying the user id; the role is read from the database on every
// request, so a role change or a disabled account takes effect at once. A session lasts
// GATEHOUSE_SESSION_HOURS from sign-in, however active: the IdP's view of a user (groups,
// removal) is re-read at the next sign-in, so this is how long it can take to apply.

function clientIp(headers: Record<string, string | string[] | undefined> | undefined) {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || undefined;
}

/** What the session JWT carries besides next-auth's defaults. */
export type SessionToken = { uid?: string; authAt?: number; idToken?: string };

/** Whether a session signed in at `authAt` is still within GATEHOUSE_SESSION_HOURS (however active it was). */
export const sessionIsLive = (token: SessionToken, now = Date.now()) =>
  Boolean(token.authAt && now - token.authAt <= env().GATEHOUSE_SESSION_HOURS * 3_600_000);

export function authOptions(): AuthOptions {
  const e = env();
  const maxAgeSeconds = e.GATEHOUSE_SESSION_HOURS * 60 * 60;
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: maxAgeSeconds },
    // Behind https (NEXTAUTH_URL https://…) the session cookies are Secure (and __Secure- prefixed).
    useSecureCookies: Boolean(e.NEXTAUTH_URL?.startsWith("https://")),
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: nextAuthLogger,
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const breakGlassOnly = e.GATEHOUSE_PASSWORD_SIGN_IN === "break_glass" ? e.GATEHOUSE_BREAK_GLASS_ADMINS : null;
            const user = await signInWithPassword(credentials ?? {}, clientIp(req.headers), { breakGlassOnly });
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            if (error instanceof InvalidCredentialsError) return null;
            // next-auth hands this message to the sign-in form (e.g. the throttle's).
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...(oidcEnabled(e) ? [oidcProvider(e)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        try {
          const result = await signInWithSso(readProfile(profile as Claims, claimNames(e)), ssoPolicy(e));
          if (!result.ok) return `/sign-in?error=${result.reason}`;
          user.id = result.userId;
          return true;
        } catch (error) {
          // next-auth turns a throw here into a redirect without logging it.
          log.error("single sign-on failed in Gatehouse", { err: error });
          return "/sign-in?error=Callback";
        }
      },
      async jwt({ token, user, account }) {
        const t = token as typeof token & SessionToken;
        if (user) {
          t.uid = user.id;
          t.authAt = Date.now();
          // Kept for RP-initiated logout (id_token_hint); the session cookie is encrypted.
          if (account?.provider === "oidc") t.idToken = account.id_token;
          return t;
        }
        // A fixed lifetime from sign-in: next-auth itself extends a session while it is used.
        if (!sessionIsLive(t)) return {};
        return t;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = (token as SessionToken).uid;
        return session;
      },
    },
  };
}

export async function userById(id: string) {
  return db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, groups: true, disabled: true } });
}
