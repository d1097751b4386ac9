import { redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import type { Principal } from "./principal";
import { currentUser } from "./session";

/** For pages: the signed-in user, redirected to sign-in when there is none, or null when the role lacks the permission. */
export async function pageUser(permission: Permission): Promise<Principal | null> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return can(user.role, permission) ? user : null;
}
