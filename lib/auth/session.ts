import { getServerSession } from "next-auth";
import type { Actor } from "../audit/entry";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { authOptions, userById } from "./options";
import { can, type Permission, type Role } from "./permissions";

/** `groups` name approver groups (e.g. "finance") that approval steps may ask for. */
export type SessionUser = { id: string; email: string; name: string | null; role: Role; groups: string[] };

/** The signed-in, enabled user of this request, fresh from the database; or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await userById(id);
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, groups: user.groups };
}

/** For route handlers and server actions: the user, or a 401/403 error. */
export async function requireUser(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new UnauthorizedError("Sign in first");
  if (!can(user.role, permission)) throw new ForbiddenError(`Your role (${user.role}) may not do this`);
  return user;
}

export const actorOf = (user: SessionUser): Actor => ({ type: "user", id: user.id, label: user.email });
