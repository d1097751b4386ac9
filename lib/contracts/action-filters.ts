import { z } from "zod";
import { ActionStatusSchema } from "./actions";
import { cursorSchema } from "./cursor";
import { queryTime } from "./time";

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/**
 * Who decided an action: the policy alone, a standing approval, an approval chain (people
 * or its timers), or the kill switch when it arrived. A pending action is decided by none yet.
 */
export const DECIDED_BY = ["policy", "standing_approval", "approval", "kill_switch"] as const;
export type DecidedBy = (typeof DECIDED_BY)[number];

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
  /** The policy that decided (the explanation's `policy`). */
  policy: text(100),
  /** One or more of DECIDED_BY, comma-separated. */
  decidedBy: z
    .string()
    .max(200)
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.enum(DECIDED_BY, { error: `decidedBy is a comma-separated list of ${DECIDED_BY.join(", ")}` })).optional())
    .transform((v) => (v?.length ? v : undefined)),
  /** The result the agent reported. */
  outcome: z
    .union([z.enum(["succeeded", "failed"]), z.literal("")])
    .optional()
    .transform((v) => v || undefined),
  /** The declared cost's currency; `none` for actions without one. */
  currency: z
    .union([z.string().regex(/^([A-Z]{3}|none)$/, "currency is an ISO 4217 code such as USD, or none"), z.literal("")])
    .optional()
    .transform((v) => v || undefined),
  /** A rule or limit that denied the action: `policy/id`, or `default-deny`. */
  deniedBy: text(200),
  cursor: cursorSchema.optional(),
});
export type ActionFilters = z.output<typeof ActionFiltersSchema>;
