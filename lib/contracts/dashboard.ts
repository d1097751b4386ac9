import { z } from "zod";
import { defineOperation } from "./operation";
import { queryTime } from "./time";

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

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
    if (!q.from || !q.to)
      ctx.addIssue({ code: "custom", path: [q.from ? "to" : "from"], message: "a custom range needs both from and to" });
    else if (q.from >= q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    else if (q.to.getTime() - q.from.getTime() > 400 * 86_400_000)
      ctx.addIssue({ code: "custom", path: ["to"], message: "a custom range is at most 400 days" });
  });
export type DashboardQuery = z.output<typeof DashboardQuerySchema>;

/** What the dashboard counts by: everything else in the query is the time range. */
export type DashboardFilters = Partial<Pick<DashboardQuery, "agent" | "type" | "policy">>;

// ─── the answer ─────────────────────────────────────────────────────────────

const Link = z.string().describe("The Actions (or Audit) list of exactly the rows this figure counts");
const Iso = z.iso.datetime();

export const TargetSchema = z.object({ op: z.enum(["<", ">"]), value: z.number(), unit: z.enum(["ratio", "seconds"]) });

export const TileSchema = z.object({
  id: z.enum(["violations", "automated", "approval_wait", "latency", "errors", "audit", "cost"]),
  label: z.string(),
  value: z.number().nullable().describe("A ratio (0–1), seconds, or money per action; null: nothing to measure in the range"),
  unit: z.enum(["ratio", "seconds", "money"]),
  currency: z.string().optional().describe("The money tile's currency (the one with the largest total)"),
  target: TargetSchema.nullable(),
  met: z.boolean().nullable(),
  detail: z.string(),
  href: Link.nullable(),
});

const STATUSES = ["allowed", "denied", "pending", "halted"] as const;
const byStatus = <T extends z.ZodType>(t: T) => z.object({ allowed: t, denied: t, pending: t, halted: t });

export const VolumePointSchema = z.object({ start: Iso, end: Iso, ...byStatus(z.number()).shape, total: z.number(), href: byStatus(Link) });
export const WaitPointSchema = z.object({
  start: Iso,
  end: Iso,
  approvals: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  depth: z.number().describe("Requests open at the bucket's end"),
  oldestPendingSeconds: z.number().nullable(),
  href: Link,
});
export const CostPointSchema = z.object({
  start: Iso,
  end: Iso,
  amounts: z.record(z.string(), z.number()),
  href: z.record(z.string(), Link),
});
export const RankedSchema = z.object({ key: z.string(), label: z.string(), count: z.number(), href: Link });
export const AgentCostSchema = z.object({ agent: z.string(), currency: z.string(), amount: z.number(), actions: z.number(), href: Link });
export const MarkerViewSchema = z.object({
  kind: z.enum(["kill_switch", "policy"]),
  at: Iso,
  bucket: Iso,
  title: z.string(),
  detail: z.string(),
});

export const DashboardViewSchema = z.object({
  range: z.enum(DASHBOARD_RANGES),
  filters: z.object({ agent: z.string().optional(), type: z.string().optional(), policy: z.string().optional() }),
  window: z.object({ from: Iso, to: Iso, step: z.number().describe("Seconds per bucket") }),
  empty: z.boolean(),
  totals: z.object({ actions: z.number(), href: Link }),
  tiles: z.array(TileSchema),
  volume: z.array(VolumePointSchema),
  waits: z.array(WaitPointSchema),
  cost: z.object({ currencies: z.array(z.string()), series: z.array(CostPointSchema), topAgents: z.array(AgentCostSchema) }),
  denials: z.array(RankedSchema),
  topAgents: z.object({ byVolume: z.array(RankedSchema), byDenials: z.array(RankedSchema) }),
  markers: z.array(MarkerViewSchema),
});
export type DashboardView = z.infer<typeof DashboardViewSchema>;
export type Tile = z.infer<typeof TileSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type VolumePoint = z.infer<typeof VolumePointSchema>;
export type WaitPoint = z.infer<typeof WaitPointSchema>;
export type CostPoint = z.infer<typeof CostPointSchema>;
export type Ranked = z.infer<typeof RankedSchema>;
export type AgentCost = z.infer<typeof AgentCostSchema>;
export type MarkerView = z.infer<typeof MarkerViewSchema>;
export const ACTION_STATUSES = STATUSES;

export const dashboardOperation = defineOperation({
  method: "GET",
  path: "/api/dashboard",
  operationId: "dashboard",
  summary: "The Dashboard's figures for a time range and filters: tiles against their targets, series and rankings",
  description:
    "Counted from rollups that equal the raw rows. Every figure carries the link to the Actions (or Audit) list of exactly what it counts. " +
    "Ranges: 1h, 24h, 7d, 30d, or custom with from and to (bounds snapped to the minute, the hour or the day).",
  access: { kind: "user", permission: "console:read" },
  query: DashboardQuerySchema,
  response: DashboardViewSchema,
});
