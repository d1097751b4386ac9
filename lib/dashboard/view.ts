import {
  ACTION_STATUSES as STATUSES,
  type AgentCost,
  type CostPoint,
  type DashboardFilters,
  type DashboardRange,
  type DashboardView,
  type Ranked,
  type Target,
  type Tile,
  type VolumePoint,
  type WaitPoint,
} from "../contracts/dashboard";
import {
  APPROVAL_WAIT_SECONDS_BUCKETS as WAIT,
  DECISION_SECONDS_BUCKETS as LATENCY,
  histogramQuantile,
  type BucketCounts,
} from "./histogram";
import { actionsHref, auditHref, type Selection } from "./links";
import { formatSeconds } from "../format/time";
import { formatMoney } from "./format";
import { bucketsOf, type Window } from "./range";

// The dashboard as data: the rows read from the rollups (or, for the check, from the raw
// tables) shaped into tiles, series and tables, each figure with the link to the Actions
// or Audit list of exactly the rows it counted. Pure, so it is tested without a database.

// ─── rows, as lib/dashboard/store.ts and raw-store.ts read them ───────────────────

/** Actions per displayed bucket `t`, by status, who decided, reported outcome and cost currency. */
export type ActionCountRow = {
  t: Date;
  status: string;
  decidedBy: string;
  outcome: string;
  currency: string;
  count: number;
  amount: number;
};
/** Actions per agent over the whole window, by status and cost currency (for the rankings). */
export type AgentCountRow = { agentId: string; status: string; currency: string; count: number; amount: number };
export type LeRow = { le: number; count: number };
export type WaitRow = { t: Date; le: number; count: number };
export type DenialRow = { reason: string; count: number };
/** The approval queue at the end of each displayed bucket. */
export type QueueRow = { t: Date; depth: number; oldest: Date | null };

export type DashboardRows = {
  actions: ActionCountRow[];
  agents: AgentCountRow[];
  latency: LeRow[];
  wait: WaitRow[];
  denials: DenialRow[];
  audited: number;
  queue: QueueRow[];
};

export type Marker = { kind: "kill_switch" | "policy"; at: Date; title: string; detail: string };
export type Live = { unsequencedEntries: number; checkpointAt: Date | null };

// ─── the view (its shape is the API's contract: lib/contracts/dashboard.ts) ──

export type { AgentCost, CostPoint, DashboardView, MarkerView, Ranked, Target, Tile, VolumePoint, WaitPoint } from "../contracts/dashboard";

export const TARGETS = {
  violations: { op: "<", value: 0.001, unit: "ratio" },
  automated: { op: ">", value: 0.8, unit: "ratio" },
  approval_wait: { op: "<", value: 3600, unit: "seconds" },
  latency: { op: "<", value: 2, unit: "seconds" },
  errors: { op: "<", value: 0.01, unit: "ratio" },
  audit: { op: ">", value: 0.99999, unit: "ratio" },
} as const satisfies Record<string, Target>;

const TOP = 10;

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const meets = (value: number | null, t: Target) => (value === null ? null : t.op === "<" ? value < t.value : value > t.value);
const n = (x: number) => x.toLocaleString("en-US");

export type BuildInput = {
  range: DashboardRange;
  filters: DashboardFilters;
  window: Window;
  rows: DashboardRows;
  agentNames: Map<string, string>;
  markers: Marker[];
  live: Live;
  now: Date;
};

export function buildDashboard({ range, filters, window, rows, agentNames, markers, live, now }: BuildInput): DashboardView {
  const whole: Selection = { filters, from: window.from, to: window.to };
  const buckets = bucketsOf(window);
  const key = (d: Date) => d.toISOString();
  const nameOf = (id: string) => agentNames.get(id) ?? id;
  const a = rows.actions;
  const total = sum(a, (r) => r.count);

  // ── tiles ──
  const deniedByPolicy = sum(
    a.filter((r) => r.status === "denied" && r.decidedBy === "policy"),
    (r) => r.count,
  );
  const evaluated = sum(
    a.filter((r) => r.status !== "halted"),
    (r) => r.count,
  );
  const automated = sum(
    a.filter((r) => r.status === "allowed" && (r.decidedBy === "policy" || r.decidedBy === "standing_approval")),
    (r) => r.count,
  );
  const reported = sum(
    a.filter((r) => r.outcome !== ""),
    (r) => r.count,
  );
  const failed = sum(
    a.filter((r) => r.outcome === "failed"),
    (r) => r.count,
  );
  const waitTotals: BucketCounts = rows.wait.map(({ le, count }) => ({ le, count }));
  const approvals = sum(rows.wait, (r) => r.count);
  const waitP95 = histogramQuantile(0.95, waitTotals, WAIT);
  const waitP50 = histogramQuantile(0.5, waitTotals, WAIT);
  const latencyP95 = histogramQuantile(0.95, rows.latency, LATENCY);
  const latencyP50 = histogramQuantile(0.5, rows.latency, LATENCY);
  const coverage = ratio(rows.audited, total);
  const costs = costByCurrency(a.filter((r) => r.status === "allowed"));
  const main = costs[0];

  const tile = (t: Omit<Tile, "met">): Tile => ({ ...t, met: t.target ? meets(t.value, t.target) : null });
  const tiles: Tile[] = [
    tile({
      id: "violations",
      label: "Policy violation rate",
      unit: "ratio",
      target: TARGETS.violations,
      value: ratio(deniedByPolicy, evaluated),
      detail: `${n(deniedByPolicy)} of ${n(evaluated)} decisions denied by policy`,
      href: actionsHref(whole, { status: "denied", decidedBy: "policy" }),
    }),
    tile({
      id: "automated",
      label: "Actions automated",
      unit: "ratio",
      target: TARGETS.automated,
      value: ratio(automated, total),
      detail: `${n(automated)} of ${n(total)} allowed without waiting for a person`,
      href: actionsHref(whole, { status: "allowed", decidedBy: "policy,standing_approval" }),
    }),
    tile({
      id: "approval_wait",
      label: "Approval wait p95",
      unit: "seconds",
      target: TARGETS.approval_wait,
      value: waitP95,
      detail: approvals
        ? `p50 ${formatSeconds(waitP50)} over ${n(approvals)} approvals decided`
        : "no approval decided for these actions yet",
      href: actionsHref(whole, { decidedBy: "approval" }),
    }),
    tile({
      id: "latency",
      label: "Decision latency p95",
      unit: "seconds",
      target: TARGETS.latency,
      value: latencyP95,
      detail:
        latencyP95 === null
          ? "no decision timed in this range"
          : `p50 ${formatSeconds(latencyP50)}, measured by the server for each decision`,
      href: actionsHref(whole, {}),
    }),
    tile({
      id: "errors",
      label: "Error rate",
      unit: "ratio",
      target: TARGETS.errors,
      value: ratio(failed, reported),
      detail: `${n(failed)} of ${n(reported)} reported results failed`,
      href: actionsHref(whole, { outcome: "failed" }),
    }),
    tile({
      id: "audit",
      label: "Audit coverage",
      unit: "ratio",
      target: TARGETS.audit,
      value: coverage,
      detail: `${n(rows.audited)} of ${n(total)} actions in a signed checkpoint; sequencer lag ${n(live.unsequencedEntries)} entries${
        live.checkpointAt
          ? `, last checkpoint ${formatSeconds((now.getTime() - live.checkpointAt.getTime()) / 1000)} ago`
          : ", no checkpoint yet"
      }`,
      // The Audit list has no type or policy filter: with one set, there is no list of exactly these entries.
      href: filters.type || filters.policy ? null : auditHref(whole, { eventType: "action.submitted" }),
    }),
    tile({
      id: "cost",
      label: "Cost per action",
      unit: "money",
      currency: main?.currency,
      target: null,
      value: main ? main.amount / main.actions : null,
      detail: main
        ? costs.map((c) => `${formatMoney(c.amount, c.currency)} over ${n(c.actions)} allowed actions`).join("; ")
        : "no allowed action declared a cost",
      href: main ? actionsHref(whole, { status: "allowed", currency: main.currency }) : null,
    }),
  ];

  // ── actions over time, stacked by status ──
  const volume: VolumePoint[] = buckets.map((b) => {
    const inBucket = a.filter((r) => r.t.getTime() === b.start.getTime());
    const sel: Selection = { filters, from: b.start, to: b.end };
    const by = Object.fromEntries(
      STATUSES.map((s) => [
        s,
        sum(
          inBucket.filter((r) => r.status === s),
          (r) => r.count,
        ),
      ]),
    ) as Record<(typeof STATUSES)[number], number>;
    return {
      start: key(b.start),
      end: key(b.end),
      ...by,
      total: sum(inBucket, (r) => r.count),
      href: Object.fromEntries(STATUSES.map((s) => [s, actionsHref(sel, { status: s })])) as VolumePoint["href"],
    };
  });

  // ── approval waits and the queue ──
  const waits: WaitPoint[] = buckets.map((b) => {
    const h = rows.wait.filter((r) => r.t.getTime() === b.start.getTime());
    const q = rows.queue.find((r) => r.t.getTime() === b.end.getTime());
    const at = Math.min(b.end.getTime(), now.getTime());
    return {
      start: key(b.start),
      end: key(b.end),
      approvals: sum(h, (r) => r.count),
      p50: histogramQuantile(0.5, h, WAIT),
      p95: histogramQuantile(0.95, h, WAIT),
      depth: q?.depth ?? 0,
      oldestPendingSeconds: q?.oldest ? Math.max(0, (at - q.oldest.getTime()) / 1000) : null,
      href: actionsHref({ filters, from: b.start, to: b.end }, { decidedBy: "approval" }),
    };
  });

  // ── cost ──
  const allowed = a.filter((r) => r.status === "allowed" && r.currency !== "");
  const currencies = [...new Set(allowed.map((r) => r.currency))].sort();
  const costSeries: CostPoint[] = buckets.map((b) => {
    const inBucket = allowed.filter((r) => r.t.getTime() === b.start.getTime());
    const sel: Selection = { filters, from: b.start, to: b.end };
    return {
      start: key(b.start),
      end: key(b.end),
      amounts: Object.fromEntries(
        currencies.map((c) => [
          c,
          round4(
            sum(
              inBucket.filter((r) => r.currency === c),
              (r) => r.amount,
            ),
          ),
        ]),
      ),
      href: Object.fromEntries(currencies.map((c) => [c, actionsHref(sel, { status: "allowed", currency: c })])),
    };
  });
  const agentCosts = new Map<string, AgentCost>();
  for (const r of rows.agents.filter((x) => x.status === "allowed" && x.currency !== "")) {
    const k = `${r.agentId}|${r.currency}`;
    const entry = agentCosts.get(k) ?? {
      agent: nameOf(r.agentId),
      currency: r.currency,
      amount: 0,
      actions: 0,
      href: actionsHref({ ...whole, filters: { ...filters, agent: nameOf(r.agentId) } }, { status: "allowed", currency: r.currency }),
    };
    entry.amount = round4(entry.amount + r.amount);
    entry.actions += r.count;
    agentCosts.set(k, entry);
  }
  const topCost = [...agentCosts.values()]
    .filter((c) => c.amount !== 0)
    .sort((x, y) => y.amount - x.amount || x.agent.localeCompare(y.agent))
    .slice(0, TOP);

  // ── rankings ──
  const denials: Ranked[] = rows.denials.slice(0, TOP).map((d) => ({
    key: d.reason,
    label: d.reason,
    count: d.count,
    href: actionsHref(whole, { status: "denied", decidedBy: "policy", deniedBy: d.reason }),
  }));
  const perAgent = (pick: (r: AgentCountRow) => boolean, extra: Record<string, string>): Ranked[] => {
    const counts = new Map<string, number>();
    for (const r of rows.agents.filter(pick)) counts.set(r.agentId, (counts.get(r.agentId) ?? 0) + r.count);
    return [...counts.entries()]
      .filter(([, c]) => c > 0)
      .map(([id, count]) => ({
        key: id,
        label: nameOf(id),
        count,
        href: actionsHref({ ...whole, filters: { ...filters, agent: nameOf(id) } }, extra),
      }))
      .sort((x, y) => y.count - x.count || x.label.localeCompare(y.label))
      .slice(0, TOP);
  };

  return {
    range,
    filters,
    window: { from: key(window.from), to: key(window.to), step: window.step },
    empty: total === 0,
    totals: { actions: total, href: actionsHref(whole, {}) },
    tiles,
    volume,
    waits,
    cost: { currencies, series: costSeries, topAgents: topCost },
    denials,
    topAgents: { byVolume: perAgent(() => true, {}), byDenials: perAgent((r) => r.status === "denied", { status: "denied" }) },
    markers: markers
      .filter((m) => m.at >= window.from && m.at < window.to)
      .map((m) => ({
        kind: m.kind,
        at: key(m.at),
        title: m.title,
        detail: m.detail,
        bucket: key(buckets.find((b) => m.at >= b.start && m.at < b.end)?.start ?? window.from),
      })),
  };
}

/** Allowed actions' cost per declared currency, the largest total first (a cost without a currency cannot be added up). */
function costByCurrency(allowed: ActionCountRow[]) {
  const by = new Map<string, { currency: string; amount: number; actions: number }>();
  for (const r of allowed) {
    if (r.currency === "") continue;
    const entry = by.get(r.currency) ?? { currency: r.currency, amount: 0, actions: 0 };
    entry.amount = round4(entry.amount + r.amount);
    entry.actions += r.count;
    by.set(r.currency, entry);
  }
  return [...by.values()].filter((c) => c.actions > 0).sort((x, y) => y.amount - x.amount || x.currency.localeCompare(y.currency));
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
