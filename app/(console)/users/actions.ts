"use server";

import { revalidatePath } from "next/cache";
import { userActor } from "@/lib/audit/entry";
import {
  ChangeRoleSchema,
  CreateUserSchema,
  LinkIdentitySchema,
  SetRolePinnedSchema,
  SetUserDisabledSchema,
  SetUserGroupsSchema,
  UnlinkIdentitySchema,
} from "@/lib/contracts/users";
import { authedAction } from "@/lib/http/authed-action";
import { linkSsoIdentity, unlinkSsoIdentity } from "@/lib/sso/service";
import { changeRole, createUser, setRolePinned, setUserDisabled, setUserGroups } from "@/lib/users/service";

export const createUserAction = authedAction(CreateUserSchema, "users:manage", async (input, user) => {
  const { user: created, generatedPassword } = await createUser(input, userActor(user));
  revalidatePath("/users");
  return { email: created.email, generatedPassword, ssoOnly: input.ssoOnly };
});

export const changeRoleAction = authedAction(ChangeRoleSchema, "users:manage", async ({ userId, role }, user) => {
  await changeRole(userId, role, userActor(user));
  revalidatePath("/users");
  return { role };
});

export const setRolePinnedAction = authedAction(SetRolePinnedSchema, "users:manage", async ({ userId, pinned }, user) => {
  await setRolePinned(userId, pinned, userActor(user));
  revalidatePath("/users");
  return { pinned };
});

export const setUserDisabledAction = authedAction(SetUserDisabledSchema, "users:manage", async ({ userId, disabled }, user) => {
  await setUserDisabled(userId, disabled, userActor(user));
  revalidatePath("/users");
  return { disabled };
});

export const setUserGroupsAction = authedAction(SetUserGroupsSchema, "users:manage", async ({ userId, groups }, user) => {
  const updated = await setUserGroups(userId, groups, userActor(user));
  revalidatePath("/users");
  return { groups: updated.groups };
});

export const linkIdentityAction = authedAction(LinkIdentitySchema, "users:manage", async (input, user) => {
  await linkSsoIdentity(input, userActor(user));
  revalidatePath("/users");
  return { linked: true };
});

export const unlinkIdentityAction = authedAction(UnlinkIdentitySchema, "users:manage", async (input, user) => {
  await unlinkSsoIdentity(input, userActor(user));
  revalidatePath("/users");
  return { unlinked: true };
});
