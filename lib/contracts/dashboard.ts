import { z } from "zod";
import { queryTime } from "./time";

const text = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);

export const DASHBOARD_RANGES = ["1h", "24h", "7d", "30d", "custom"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** The Dashboard's state, kept in its URL (and the query of GET /api/dashboard). Times are ISO 8601. */
export const DashboardQuerySchema = z
  .strictObject({
    range: z.enum(DASHBOARD_RANGES, { error: `range is one of ${DASHBOARD_RANGES.join(", ")}` }).default("24h"),
    from: queryTime("from"),
    to: queryTime("to"),
    agent: text(63).describe("agent name"),
    type: text(100).describe("action type, exact or a prefix ending in * (refund.*)"),
    policy: text(100).describe("the policy that decided"),
  })
  .superRefine((q, ctx) => {
    if (q.range !== "custom") return;
    if (!q.from || !q.to) ctx.addIssue({ code: "custom", path: [q.from ? "to" : "from"], message: "a custom range needs both from and to" });
    else if (q.from >= q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    else if (q.to.getTime() - q.from.getTime() > 400 * 86_400_000) ctx.addIssue({ code: "custom", path: ["to"], message: "a custom range is at most 400 days" });
  });
export type DashboardQuery = z.output<typeof DashboardQuerySchema>;

/** What the dashboard counts by: everything else in the query is the time range. */
export type DashboardFilters = Partial<Pick<DashboardQuery, "agent" | "type" | "policy">>;
