import { z } from "zod";
import { ROLES } from "../auth/permissions";

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address"));
export const RoleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}` });
export const PasswordSchema = z
  .string()
  .min(12, "Password must be at least 12 characters")
  .max(200, "Password must be at most 200 characters");

/** The same names approval steps use (`groups: [finance]` in a policy). */
const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const isGroupName = (name: string) => GROUP_NAME.test(name);

/** A user's approver groups: normalised to lower case, deduplicated and sorted; errors land on the list as a whole. */
export const GroupsSchema = z
  .array(z.string().trim().toLowerCase())
  .max(20, "At most 20 groups")
  .superRefine((groups, ctx) => {
    const bad = groups.filter((g) => !isGroupName(g));
    if (bad.length) {
      ctx.addIssue({
        code: "custom",
        message: `Not a group name: ${bad.map((g) => `"${g}"`).join(", ")}. Use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. finance`,
      });
    }
  })
  .transform((groups) => [...new Set(groups)].sort());

/** "finance, ops" or "finance ops" → ["finance", "ops"] (for text fields and the CLI; GroupsSchema validates). */
export const splitGroups = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export const CreateUserSchema = z
  .strictObject({
    email: EmailSchema,
    name: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => v || undefined),
    role: RoleSchema,
    groups: GroupsSchema.default([]),
    /** Signs in through single sign-on only: no password, so their first SSO sign-in with this (verified) e-mail links them. */
    ssoOnly: z.boolean().default(false),
    /** Leave empty to generate one (shown once). */
    password: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(PasswordSchema.optional()),
  })
  .refine((u) => !(u.ssoOnly && u.password), { path: ["password"], message: "A single sign-on user has no password: leave it empty" });
export type CreateUserInput = z.input<typeof CreateUserSchema>;

export const ChangeRoleSchema = z.object({ userId: z.uuid("Unknown user"), role: RoleSchema });
export const SetUserGroupsSchema = z.object({ userId: z.uuid("Unknown user"), groups: GroupsSchema });
export const SetUserDisabledSchema = z.object({ userId: z.uuid("Unknown user"), disabled: z.boolean() });
export const SetRolePinnedSchema = z.object({ userId: z.uuid("Unknown user"), pinned: z.boolean() });

/** An admin links an OpenID Provider's account (issuer + subject, the `iss` and `sub` claims) to a user. */
export const LinkIdentitySchema = z.object({
  userId: z.uuid("Unknown user"),
  issuer: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: "Enter the provider's issuer URL, e.g. https://idp.example.com" })),
  subject: z.string().trim().min(1, "Enter the subject (the sub claim)").max(255, "A subject is at most 255 characters"),
});
export type LinkIdentityInput = z.input<typeof LinkIdentitySchema>;
export const UnlinkIdentitySchema = z.object({ identityId: z.uuid("Unknown identity") });

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});
