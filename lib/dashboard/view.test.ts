import { describe, expect, it } from "vitest";
import { resolveWindow } from "./range";
import { buildDashboard, type ActionCountRow, type BuildInput, type DashboardRows } from "./view";

const now = new Date("2026-11-24T12:30:00Z");
const window = resolveWindow({ range: "1h" }, now); // 11:30 → 12:30, per minute
const t0 = new Date("2026-11-24T11:40:00Z");
const t1 = new Date("2026-11-24T12:05:00Z");
const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

type Row = ActionCountRow & { agentId: string };
const row = (r: Partial<Row>): Row => ({
  t: t0,
  agentId: A,
  status: "allowed",
  decidedBy: "policy",
  outcome: "",
  currency: "",
  count: 1,
  amount: 0,
  ...r,
});

/** The two reads of the same actions: by time, and by agent. */
function split(all: Row[]): Pick<DashboardRows, "actions" | "agents"> {
  return {
    actions: all.map(({ agentId: _, ...r }) => r),
    agents: all.map(({ agentId, status, currency, count, amount }) => ({ agentId, status, currency, count, amount })),
  };
}

const rows: DashboardRows = {
  ...split([
    row({ count: 90, outcome: "succeeded", currency: "USD", amount: 900 }),
    row({ count: 2, outcome: "failed", currency: "USD", amount: 20 }),
    row({ status: "denied", count: 3 }),
    row({ t: t1, agentId: B, status: "allowed", decidedBy: "approval", count: 4, currency: "EUR", amount: 40 }),
    row({ t: t1, agentId: B, status: "denied", decidedBy: "approval", count: 1 }),
    row({ t: t1, agentId: B, status: "pending", decidedBy: "", count: 2 }),
    row({ t: t1, agentId: B, status: "halted", decidedBy: "kill_switch", count: 5 }),
  ]),
  latency: [
    { le: 0.01, count: 100 },
    { le: 0.025, count: 7 },
  ],
  wait: [
    { t: t1, le: 600, count: 4 },
    { t: t1, le: 7200, count: 1 },
  ],
  denials: [
    { reason: "customer-support/no-account-deletion", count: 2 },
    { reason: "default-deny", count: 1 },
  ],
  audited: 100,
  queue: window.to > t1 ? [{ t: new Date("2026-11-24T12:06:00Z"), depth: 2, oldest: new Date("2026-11-24T12:05:00Z") }] : [],
};

const input = (over: Partial<BuildInput> = {}): BuildInput => ({
  range: "1h",
  filters: {},
  window,
  rows,
  agentNames: new Map([
    [A, "support-bot"],
    [B, "ops-bot"],
  ]),
  markers: [
    { kind: "kill_switch", at: new Date("2026-11-24T12:05:30Z"), title: "Kill switch engaged for agent ops-bot", detail: "runaway" },
    { kind: "policy", at: new Date("2026-11-24T09:00:00Z"), title: "Policy version 2 published", detail: "before the window" },
  ],
  live: { unsequencedEntries: 3, checkpointAt: new Date("2026-11-24T12:29:58Z") },
  now,
  ...over,
});

const q = (href: string | null) => Object.fromEntries(new URL(href!, "http://x").searchParams);

describe("buildDashboard: tiles", () => {
  const view = buildDashboard(input());
  const tile = (id: string) => view.tiles.find((t) => t.id === id)!;

  it("counts the violation rate over what the policy evaluated (not the halted), and links the denied-by-policy list", () => {
    expect(view.totals.actions).toBe(107);
    expect(tile("violations").value).toBeCloseTo(3 / 102, 12);
    expect(tile("violations").met).toBe(false);
    expect(q(tile("violations").href)).toEqual({
      status: "denied",
      decidedBy: "policy",
      from: "2026-11-24T11:30:00.000Z",
      to: "2026-11-24T12:29:59.999Z",
    });
  });

  it("counts automation as allowed without a person waiting, over all actions", () => {
    expect(tile("automated").value).toBeCloseTo(92 / 107, 12);
    expect(tile("automated").met).toBe(true);
    expect(q(tile("automated").href)).toMatchObject({ status: "allowed", decidedBy: "policy,standing_approval" });
  });

  it("takes quantiles from the histograms, against targets that are bucket bounds", () => {
    expect(tile("latency").value).toBeCloseTo(0.01 + 0.015 * ((0.95 * 107 - 100) / 7), 12);
    expect(tile("latency").met).toBe(true);
    // 4 waits ≤ 10 min, 1 in (1 h, 2 h]: p95 is three quarters into that bucket, over the target.
    expect(tile("approval_wait").value).toBeCloseTo(3600 + 0.75 * 3600, 9);
    expect(tile("approval_wait").met).toBe(false);
    expect(q(tile("approval_wait").href)).toMatchObject({ decidedBy: "approval" });
  });

  it("rates errors over reported results, and audit coverage over all actions with the sequencer's lag", () => {
    expect(tile("errors").value).toBeCloseTo(2 / 92, 12);
    expect(tile("errors").met).toBe(false);
    expect(q(tile("errors").href)).toMatchObject({ outcome: "failed" });
    expect(tile("audit").value).toBeCloseTo(100 / 107, 12);
    expect(tile("audit").detail).toContain("sequencer lag 3 entries, last checkpoint 2 s ago");
    expect(q(tile("audit").href)).toMatchObject({ eventType: "action.submitted" });
  });

  it("gives cost per allowed action in the currency that cost most", () => {
    expect(tile("cost")).toMatchObject({ value: 920 / 92, currency: "USD", met: null, target: null });
    expect(q(tile("cost").href)).toMatchObject({ status: "allowed", currency: "USD" });
  });

  it("has no audit link when filtered by type or policy (the Audit list cannot narrow by them)", () => {
    expect(buildDashboard(input({ filters: { type: "refund.*" } })).tiles.find((t) => t.id === "audit")!.href).toBeNull();
  });
});

describe("buildDashboard: charts", () => {
  const view = buildDashboard(input({ filters: { type: "refund.*" } }));

  it("covers the window with one point per bucket, stacked by status, each linking its own list", () => {
    expect(view.volume).toHaveLength(60);
    const at = view.volume.find((p) => p.start === t1.toISOString())!;
    expect(at).toMatchObject({ allowed: 4, denied: 1, pending: 2, halted: 5, total: 12 });
    expect(q(at.href.halted)).toEqual({
      type: "refund.*",
      status: "halted",
      from: "2026-11-24T12:05:00.000Z",
      to: "2026-11-24T12:05:59.999Z",
    });
    expect(view.volume.reduce((s, p) => s + p.total, 0)).toBe(view.totals.actions);
  });

  it("gives each bucket its approval waits and the queue at its end", () => {
    const at = view.waits.find((p) => p.start === t1.toISOString())!;
    expect(at).toMatchObject({ approvals: 5, depth: 2, oldestPendingSeconds: 60 });
    expect(at.p50).toBeCloseTo(300 + (2.5 / 4) * 300, 9);
    expect(view.waits.find((p) => p.start === t0.toISOString())).toMatchObject({ approvals: 0, p50: null, p95: null });
  });

  it("charts cost by currency and ranks agents, denials and volume", () => {
    expect(view.cost.currencies).toEqual(["EUR", "USD"]);
    expect(view.cost.topAgents.map((c) => [c.agent, c.currency, c.amount, c.actions])).toEqual([
      ["support-bot", "USD", 920, 92],
      ["ops-bot", "EUR", 40, 4],
    ]);
    expect(view.topAgents.byVolume.map((r) => [r.label, r.count])).toEqual([
      ["support-bot", 95],
      ["ops-bot", 12],
    ]);
    expect(view.topAgents.byDenials.map((r) => [r.label, r.count])).toEqual([
      ["support-bot", 3],
      ["ops-bot", 1],
    ]);
    expect(q(view.topAgents.byDenials[1]!.href)).toMatchObject({ agent: "ops-bot", status: "denied", type: "refund.*" });
    expect(q(view.denials[0]!.href)).toMatchObject({
      status: "denied",
      decidedBy: "policy",
      deniedBy: "customer-support/no-account-deletion",
    });
  });

  it("marks only events inside the window, in the bucket they fall in", () => {
    expect(view.markers).toEqual([
      {
        kind: "kill_switch",
        at: "2026-11-24T12:05:30.000Z",
        bucket: "2026-11-24T12:05:00.000Z",
        title: "Kill switch engaged for agent ops-bot",
        detail: "runaway",
      },
    ]);
  });
});

it("says the range is empty when no action was submitted in it", () => {
  const empty = buildDashboard(input({ rows: { actions: [], agents: [], latency: [], wait: [], denials: [], audited: 0, queue: [] } }));
  expect(empty.empty).toBe(true);
  expect(empty.tiles.every((t) => t.value === null && t.met === null)).toBe(true);
});
