import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { authOptions, sessionIsLive, userById, type SessionToken } from "./options";
import { can, type Permission } from "./permissions";
import type { Principal } from "./principal";

// The signed-in user: the session names only a user id; the user (role, groups, whether
// disabled) is read fresh from the database on every request, so a role change or a
// disabled account takes effect at once.

async function principalOf(userId: string | undefined): Promise<Principal | null> {
  if (!userId) return null;
  const user = await userById(userId);
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, groups: user.groups };
}

function authorize(user: Principal | null, permission: Permission): Principal {
  if (!user) throw new UnauthorizedError("Sign in first");
  if (!can(user.role, permission)) throw new ForbiddenError(`Your role (${user.role}) may not do this`);
  return user;
}

/** The signed-in, enabled user of this page or server action, or null. */
export async function currentUser(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  return principalOf((session?.user as { id?: string } | undefined)?.id);
}

/** For server actions: the user, or a 401/403 error. */
export async function requireUser(permission: Permission): Promise<Principal> {
  return authorize(await currentUser(), permission);
}

/** For route handlers: the user whose session cookie this request carries, or a 401/403 error. */
export async function requireUserOfRequest(request: Request, permission: Permission): Promise<Principal> {
  // Only the URL and headers: the body stays unread for the handler.
  const req = request instanceof NextRequest ? request : new NextRequest(request.url, { headers: request.headers });
  const token = (await getToken({ req, secret: authOptions().secret })) as SessionToken | null;
  // The same lifetime the session callback enforces for pages and server actions.
  return authorize(await principalOf(token && sessionIsLive(token) ? token.uid : undefined), permission);
}
