"use server";

import { revalidatePath } from "next/cache";
import { userActor } from "@/lib/audit/entry";
import { ChangeRoleSchema, CreateUserSchema, SetUserDisabledSchema, SetUserGroupsSchema } from "@/lib/contracts/users";
import { authedAction } from "@/lib/http/authed-action";
import { changeRole, createUser, setUserDisabled, setUserGroups } from "@/lib/users/service";

export const createUserAction = authedAction(CreateUserSchema, "users:manage", async (input, user) => {
  const { user: created, generatedPassword } = await createUser(input, userActor(user));
  revalidatePath("/users");
  return { email: created.email, generatedPassword };
});

export const changeRoleAction = authedAction(ChangeRoleSchema, "users:manage", async ({ userId, role }, user) => {
  await changeRole(userId, role, userActor(user));
  revalidatePath("/users");
  return { role };
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
