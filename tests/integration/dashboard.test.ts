import { beforeAll, describe, expect, it } from "vitest";
import { POST as postResult } from "@/app/api/v1/actions/[id]/result/route";
import { countActions } from "@/lib/actions/service";
import { decideApproval } from "@/lib/approvals/service";
import { createStandingApproval } from "@/lib/approvals/standing-service";
import { integrateAll } from "@/lib/audit/service";
import { ActionFiltersSchema } from "@/lib/contracts/action-filters";
import { DashboardQuerySchema } from "@/lib/contracts/dashboard";
import { resolveWindow } from "@/lib/dashboard/range";
import { RAW_READS } from "@/lib/dashboard/raw-store";
import { dashboard, statFilters } from "@/lib/dashboard/service";
import { foldAll, readDashboardRows } from "@/lib/dashboard/store";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { routeContext, submitAs } from "./agent-api";

// The dashboard's rollups against the raw rows, through real traffic: every read equals
// the same read computed from the raw tables (before and after folding, for every range
// and filter), and every figure's link lists exactly the actions it counted.

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: dashboard-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 100"
      effect: allow
    - id: large-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
    - id: no-deletes
      match: { actions: ["customer.delete"] }
      effect: deny
    - id: reports
      match: { actions: ["report.run"] }
      effect: allow
  limits:
    - id: report-rate
      type: rate
      match: { actions: ["report.run"] }
      max: 2
      window: 1h
`;

const MINUTE = 60_000;
type Submitted = { id: string; status: string; approval?: { id: string } };

async function submit(key: string, type: string, amount: number) {
  const res = await submitAs(key, {
    type,
    resource: "orders/1",
    params: { amount },
    cost: { amount, currency: amount > 1000 ? "EUR" : "USD" },
  });
  return (await res.json()) as Submitted;
}

async function report(key: string, id: string, outcome: "succeeded" | "failed", actualCost?: number) {
  const res = await postResult(
    new Request(`http://gatehouse.test/api/v1/actions/${id}/result`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ outcome, ...(actualCost === undefined ? {} : { actualCost }) }),
    }),
    routeContext({ id }),
  );
  expect(res.status).toBe(200);
}

/** The Actions list's count for a dashboard link (its query string, parsed as the page parses it). */
const listed = (href: string) => countActions(ActionFiltersSchema.parse(Object.fromEntries(new URL(href, "http://x").searchParams)));

describe("dashboard", () => {
  let agents: { support: string; ops: string };

  beforeAll(async () => {
    await publishPolicyVersion([{ path: "policies/dashboard-test.yaml", content: POLICY }], "dashboard tests", TEST_ACTOR);
    const support = await makeAgentWithKey();
    const ops = await makeAgentWithKey();
    agents = { support: support.agent.name, ops: ops.agent.name };
    const [approver, admin] = [await makeUser("approver"), await makeUser("admin")];
    const voter = { id: approver.id, role: approver.role, email: approver.email, groups: [] };

    // support: allowed (results: ok, failed), denied by a rule, approved after 12 minutes, rejected, one standing approval.
    const ok = await submit(support.key, "refund.issue", 40);
    await report(support.key, ok.id, "succeeded", 38.5);
    const bad = await submit(support.key, "refund.issue", 60);
    await report(support.key, bad.id, "failed");
    expect((await submit(support.key, "customer.delete", 0)).status).toBe("denied");
    const approved = await submit(support.key, "refund.issue", 500);
    await decideApproval(approved.approval!.id, voter, "approve", undefined, new Date(Date.now() + 12 * MINUTE));
    const rejected = await submit(support.key, "refund.issue", 2500);
    await decideApproval(rejected.approval!.id, voter, "reject", "too much", new Date(Date.now() + 3 * MINUTE));
    await createStandingApproval(
      {
        agentId: support.agent.id,
        actionType: "refund.issue",
        maxAmount: 300,
        currency: "USD",
        durationMinutes: 60,
        sourceApprovalId: approved.approval!.id,
      },
      admin,
    );
    expect((await submit(support.key, "refund.issue", 150)).status).toBe("allowed");

    // ops: reports past their rate limit, one pending refund, then halted by the kill switch.
    for (let i = 0; i < 3; i++) await submit(ops.key, "report.run", 0);
    expect((await submit(ops.key, "refund.issue", 700)).status).toBe("pending");
    const { killSwitch } = await engageKillSwitch(
      { target: { scope: "agent", agentId: ops.agent.id }, reason: "dashboard test" },
      TEST_ACTOR,
    );
    expect((await submit(ops.key, "report.run", 0)).status).toBe("halted");
    await releaseKillSwitch({ id: killSwitch.id, reason: "over" }, TEST_ACTOR);

    await integrateAll();
  });

  const windows = () => {
    const now = new Date();
    return [resolveWindow({ range: "1h" }, now), resolveWindow({ range: "30d" }, now)];
  };
  const filterSets = () => [
    {},
    { agent: agents.support },
    { agent: agents.ops, type: "report.*" },
    { policy: "dashboard-test" },
    { type: "refund.issue" },
    { agent: "nobody-at-all" },
  ];

  async function expectRollupsEqualRaw() {
    for (const w of windows()) {
      for (const filters of filterSets()) {
        const f = await statFilters(filters);
        const [rollup, raw] = [await readDashboardRows(w, f), await readDashboardRows(w, f, RAW_READS)];
        expect(rollup, `${w.width}s rollups with ${JSON.stringify(filters)}`).toEqual(raw);
      }
    }
  }

  it("reads the same rows from the rollups as from the raw rows, before the deltas are folded and after", async () => {
    const rows = await readDashboardRows(windows()[0]!, await statFilters({ agent: agents.support }));
    expect(rows.actions.reduce((s, r) => s + r.count, 0)).toBe(6);
    expect(rows.audited).toBe(6);
    await expectRollupsEqualRaw();
    await foldAll();
    await expectRollupsEqualRaw();
  });

  it("shows the figures of the traffic, and each figure's link lists exactly the actions it counted", async () => {
    await foldAll();
    const view = await dashboard(DashboardQuerySchema.parse({ range: "1h", agent: agents.support }));
    const tile = (id: string) => view.tiles.find((t) => t.id === id)!;
    expect(view.totals.actions).toBe(6);
    expect(await listed(view.totals.href)).toBe(6);

    expect(tile("violations")).toMatchObject({ value: 1 / 6, met: false });
    expect(await listed(tile("violations").href!)).toBe(1);
    expect(tile("automated").value).toBeCloseTo(3 / 6, 12); // two by the policy, one by the standing approval
    expect(await listed(tile("automated").href!)).toBe(3);
    expect(tile("errors").value).toBe(1 / 2);
    expect(await listed(tile("errors").href!)).toBe(1);
    expect(await listed(tile("approval_wait").href!)).toBe(2);
    // Two waits: about 3 and 12 minutes, in the (1 min, 5 min] and (10 min, 30 min] buckets.
    expect(tile("approval_wait").value).toBeGreaterThan(600);
    expect(tile("approval_wait").value).toBeLessThan(1800);
    expect(tile("latency").value).toBeGreaterThan(0);
    expect(tile("audit")).toMatchObject({ value: 1, met: true });
    // USD: 38.5 reported + 60 + 500 + 150 declared, over four allowed actions.
    expect(tile("cost")).toMatchObject({ currency: "USD", value: (38.5 + 60 + 500 + 150) / 4 });
    expect(await listed(tile("cost").href!)).toBe(4);

    const statuses = view.volume.flatMap((p) =>
      (["allowed", "denied", "pending", "halted"] as const).filter((s) => p[s] > 0).map((s) => ({ n: p[s], href: p.href[s] })),
    );
    for (const { n, href } of statuses) expect(await listed(href)).toBe(n);
    for (const d of view.denials) expect(await listed(d.href)).toBe(d.count);
    expect(view.denials.map((d) => d.key)).toEqual(["dashboard-test/no-deletes"]);
  });

  it("ranks the limit that denied, and marks the kill switch on the time axis", async () => {
    const view = await dashboard(DashboardQuerySchema.parse({ range: "24h", agent: agents.ops }));
    expect(view.denials).toMatchObject([{ key: "dashboard-test/report-rate", count: 1 }]);
    expect(await listed(view.denials[0]!.href)).toBe(1);
    expect(view.topAgents.byVolume).toMatchObject([{ label: agents.ops, count: 5 }]);
    expect(view.markers.some((m) => m.kind === "kill_switch" && m.detail === "dashboard test")).toBe(true);
    expect(view.waits.at(-1)).toMatchObject({ depth: 1 });
  });
});
