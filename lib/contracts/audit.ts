import { z } from "zod";
import { queryTime } from "./time";

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** Audit search filters (query string of GET /api/v1/audit, the Audit page and exports). */
/** Unknown parameters are refused (a typo must not silently widen a search or an export). */
export const AuditFiltersSchema = z.strictObject({
  from: queryTime("from"),
  to: queryTime("to"),
  agent: text(63).describe("agent name"),
  actor: text(320).describe("actor label (e-mail, agent name, system) or id"),
  eventType: text(100).describe("exact, or a prefix ending in * (action.*)"),
  decision: z
    .enum(["allow", "deny", "require_approval", ""])
    .optional()
    .transform((v) => v || undefined),
  subjectId: text(100),
  q: text(200).describe("free text over the entry's content"),
  before: z.coerce.bigint().optional().describe("keyset cursor: entries with a lower sequence number"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
/** Parsed filters; every filter is optional, `limit` is always set. */
export type AuditFilters = Partial<z.output<typeof AuditFiltersSchema>> & { limit: number };
