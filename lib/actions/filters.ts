import type { ActionFilters, DecidedBy } from "../contracts/action-filters";
import type { Prisma } from "../db/generated/client";

// The Actions list's filters as a database condition. `decidedBy` restates, in Prisma's
// terms, the rule the dashboard's rollups apply (migration dashboard_rollups), so a
// dashboard figure and the list it links to count the same rows.

const DECIDED = { status: { in: ["allowed", "denied"] } } as const satisfies Prisma.ActionWhereInput;
const STANDING = {
  decision: { path: ["reasons"], array_contains: [{ kind: "standing_approval" }] },
} as const satisfies Prisma.ActionWhereInput;

const DECIDED_BY_WHERE: Record<DecidedBy, Prisma.ActionWhereInput> = {
  policy: { ...DECIDED, effect: { in: ["allow", "deny"] } },
  standing_approval: { ...DECIDED, effect: "require_approval", ...STANDING },
  approval: { ...DECIDED, effect: "require_approval", NOT: STANDING },
  kill_switch: { status: "halted" },
};

/** `policy/id` names a policy's rule or limit; a bare id (`default-deny`) a reason of no policy. */
export function parseDeniedBy(key: string): { policy: string | null; id: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { policy: null, id: key } : { policy: key.slice(0, slash), id: key.slice(slash + 1) };
}

export function actionWhere(f: Omit<ActionFilters, "cursor">): Prisma.ActionWhereInput {
  const and: Prisma.ActionWhereInput[] = [];
  if (f.agent) and.push({ agent: { name: f.agent } });
  if (f.type) and.push({ type: f.type.includes("*") ? { startsWith: f.type.replace(/\*.*$/, "") } : f.type });
  if (f.status) and.push({ status: f.status });
  if (f.from || f.to) and.push({ createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } });
  if (f.policy) and.push({ decision: { path: ["policy"], equals: f.policy } });
  if (f.decidedBy) and.push({ OR: f.decidedBy.map((d) => DECIDED_BY_WHERE[d]) });
  if (f.outcome) and.push({ outcome: f.outcome });
  if (f.currency) and.push({ costCurrency: f.currency === "none" ? null : f.currency });
  if (f.deniedBy) and.push({ decision: { path: ["reasons"], array_contains: [{ ...parseDeniedBy(f.deniedBy), effect: "deny" }] } });
  return and.length ? { AND: and } : {};
}
