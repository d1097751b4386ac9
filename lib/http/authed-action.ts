import type { z } from "zod";
import type { Principal } from "../auth/principal";
import { requireUser } from "../auth/session";
import type { Permission } from "../auth/permissions";
import { toAppError, zodToValidationError } from "./respond";
import { ValidationError } from "../errors";
import { log } from "../log";

// Operator mutations go through here: check the session and permission on the server,
// parse with zod, run, and return a result the form can show.

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export function authedAction<S extends z.ZodType, T>(
  schema: S,
  permission: Permission,
  fn: (input: z.output<S>, user: Principal) => Promise<T>,
) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const user = await requireUser(permission);
      const parsed = schema.safeParse(input);
      if (!parsed.success) throw zodToValidationError(parsed.error, "Please correct the highlighted fields");
      return { ok: true, data: await fn(parsed.data, user) };
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) {
        log.error("server action failed", { err: error });
        return { ok: false, error: "Something went wrong on the server. It has been logged." };
      }
      const fieldErrors = appError instanceof ValidationError ? appError.fieldErrors : undefined;
      return { ok: false, error: appError.message, fieldErrors };
    }
  };
}
