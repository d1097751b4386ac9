import { encode } from "next-auth/jwt";

/** The Cookie header of a signed-in console session for this user, as next-auth would set it (signed in at `authAt`, default now). */
export async function sessionCookie(user: { id: string }, authAt = Date.now()): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET must be set to make session cookies");
  const token = await encode({ token: { uid: user.id, sub: user.id, authAt }, secret });
  return `next-auth.session-token=${token}`;
}
