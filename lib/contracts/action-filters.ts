import { z } from "zod";
import { ActionStatusSchema } from "./actions";
import { cursorSchema } from "./cursor";
import { queryTime } from "./time";

/** Filters of the Actions page and the operator API; times are ISO 8601 (UTC unless an offset is given). */
export const ActionFiltersSchema = z.object({
  agent: z
    .string()
    .trim()
    .max(63)
    .optional()
    .transform((v) => v || undefined),
  type: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  status: z
    .union([ActionStatusSchema, z.literal("")])
    .optional()
    .transform((v) => v || undefined),
  from: queryTime("from"),
  to: queryTime("to"),
  cursor: cursorSchema.optional(),
});
export type ActionFilters = z.output<typeof ActionFiltersSchema>;
