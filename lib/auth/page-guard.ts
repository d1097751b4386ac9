import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import type { Principal } from "./principal";
import { currentUser } from "./session";

/** For pages: the signed-in user; sign-in when there is none, a 403 page (app/forbidden.tsx) when the role lacks the permission. */
export async function pageUser(permission: Permission): Promise<Principal> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (!can(user.role, permission)) forbidden();
  return user;
}
