import { encode } from "next-auth/jwt";

/** The Cookie header of a signed-in console session for this user, as next-auth would set it. */
export async function sessionCookie(user: { id: string }): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET must be set to make session cookies");
  const token = await encode({ token: { uid: user.id, sub: user.id }, secret });
  return `next-auth.session-token=${token}`;
}
