import { z } from "zod";
import { ROLES } from "../auth/permissions";

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address"));
export const RoleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}` });
export const PasswordSchema = z
  .string()
  .min(12, "Password must be at least 12 characters")
  .max(200, "Password must be at most 200 characters");

export const CreateUserSchema = z.strictObject({
  email: EmailSchema,
  name: z.string().trim().max(100).optional().transform((v) => v || undefined),
  role: RoleSchema,
  /** Leave empty to generate one (shown once). */
  password: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(PasswordSchema.optional()),
});
export type CreateUserInput = z.input<typeof CreateUserSchema>;

export const ChangeRoleSchema = z.object({ userId: z.uuid("Unknown user"), role: RoleSchema });
export const SetUserDisabledSchema = z.object({ userId: z.uuid("Unknown user"), disabled: z.boolean() });

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});
