import { sequencerLag } from "../audit/service";
import type { DashboardFilters, DashboardQuery } from "../contracts/dashboard";
import { db } from "../db/client";
import { describeTarget } from "../killswitch/target";
import { activePolicySet } from "../policy/store";
import { resolveWindow, type Window } from "./range";
import { readDashboardRows, type StatFilters } from "./store";
import { buildDashboard, type DashboardRows, type DashboardView, type Marker } from "./view";

// The Dashboard's data for one URL state: the window, the rollup reads, the events to
// mark on the time axis, and the view built from them.

/** The rollups count agents by id; the URL names them. An unknown name matches nothing. */
export async function statFilters(filters: DashboardFilters): Promise<StatFilters> {
  const agent = filters.agent ? await db().agent.findUnique({ where: { name: filters.agent }, select: { id: true } }) : undefined;
  return { agentId: filters.agent ? (agent?.id ?? null) : undefined, type: filters.type, policy: filters.policy };
}

/** Kill-switch engagements and policy publications in the window (for one agent: not other agents' switches). */
async function markers(w: Window, agent: string | undefined): Promise<Marker[]> {
  const [switches, versions] = await Promise.all([
    db().killSwitch.findMany({
      where: { engagedAt: { gte: w.from, lt: w.to }, ...(agent ? { OR: [{ scope: { not: "agent" } }, { agent: { name: agent } }] } : {}) },
      include: { agent: { select: { name: true } } },
      orderBy: { engagedAt: "asc" },
      take: 200,
    }),
    db().policyVersion.findMany({
      where: { createdAt: { gte: w.from, lt: w.to } },
      select: { version: true, message: true, rolledBackFrom: true, createdAt: true },
      orderBy: { createdAt: "asc" },
      take: 200,
    }),
  ]);
  return [
    ...switches.map((k) => ({
      kind: "kill_switch" as const,
      at: k.engagedAt,
      title: `Kill switch engaged for ${describeTarget({ scope: k.scope, agentName: k.agent?.name, actionType: k.actionType })}`,
      detail: k.reason,
    })),
    ...versions.map((v) => ({
      kind: "policy" as const,
      at: v.createdAt,
      title: v.rolledBackFrom ? `Policy version ${v.version} (rollback from ${v.rolledBackFrom})` : `Policy version ${v.version} published`,
      detail: v.message || "no message",
    })),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
}

async function agentNames(rows: DashboardRows) {
  const ids = [...new Set(rows.agents.map((r) => r.agentId))];
  const agents = ids.length ? await db().agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  return new Map(agents.map((a) => [a.id, a.name]));
}

export async function dashboard(query: DashboardQuery, now = new Date()): Promise<DashboardView> {
  const window = resolveWindow(query, now);
  const filters = { agent: query.agent, type: query.type, policy: query.policy };
  const [rows, marks, live] = await Promise.all([
    statFilters(filters).then((f) => readDashboardRows(window, f)),
    markers(window, query.agent),
    sequencerLag(),
  ]);
  return buildDashboard({ range: query.range, filters, window, rows, agentNames: await agentNames(rows), markers: marks, live, now });
}

/** What the filters offer: every agent, and the active policy set's policies. */
export async function filterOptions(): Promise<{ agents: string[]; policies: string[] }> {
  const [agents, active] = await Promise.all([
    db().agent.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    activePolicySet(),
  ]);
  return { agents: agents.map((a) => a.name), policies: active.set.policies.map((p) => p.name).sort() };
}
