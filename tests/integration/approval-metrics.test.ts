import { beforeAll, describe, expect, it } from "vitest";
import { tuningHint, type RuleMetrics } from "@/lib/approvals/metrics";
import { approvalMetrics } from "@/lib/approvals/metrics-store";
import { applyTimers, decideApproval } from "@/lib/approvals/service";
import { createStandingApproval } from "@/lib/approvals/standing-service";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: metrics-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: refunds
      match: { actions: ["refund.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
    - id: exports
      match: { actions: ["data.export"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 10m
            onTimeout: approve
        expiresIn: 2h
`;

const MINUTE = 60_000;
type User = Awaited<ReturnType<typeof makeUser>>;
const voter = (u: User) => ({ id: u.id, role: u.role, email: u.email, groups: [] });

async function submit(key: string, type: string, amount: number) {
  const res = await submitAs(key, { type, resource: "orders/1", params: { amount }, cost: { amount, currency: "USD" } });
  return (await res.json()) as { id: string; status: string; approval?: { id: string } };
}

const ruleOf = (rules: RuleMetrics[], rule: string) => rules.find((r) => r.policy === "metrics-test" && r.rule === rule);

describe("approval metrics", () => {
  const start = new Date(Date.now() - 1000);
  const window = { from: start, to: new Date(start.getTime() + 3 * 60 * MINUTE) };
  let fast: User;
  let slow: User;

  beforeAll(async () => {
    await publishPolicyVersion([{ path: "policies/metrics-test.yaml", content: POLICY }], "approval metrics tests", TEST_ACTOR);
    const { agent, key } = await makeAgentWithKey();
    [fast, slow] = [await makeUser("approver"), await makeUser("approver")];
    const admin = await makeUser("admin");

    // refunds: approved after 10 min, rejected after 20 min, timed out (denied) at 31 min, expired at 2 h, cancelled by the kill switch.
    const approved = await submit(key, "refund.issue", 300);
    await decideApproval(approved.approval!.id, voter(fast), "approve", undefined, new Date(Date.now() + 10 * MINUTE));
    const rejected = await submit(key, "refund.issue", 300);
    await decideApproval(rejected.approval!.id, voter(slow), "reject", "not this one", new Date(Date.now() + 20 * MINUTE));
    const timedOut = await submit(key, "refund.issue", 300);
    await applyTimers(timedOut.approval!.id, new Date(Date.now() + 31 * MINUTE));
    const expired = await submit(key, "refund.issue", 300);
    await applyTimers(expired.approval!.id, new Date(Date.now() + 121 * MINUTE));
    await submit(key, "refund.issue", 300);
    const { killSwitch } = await engageKillSwitch(
      { target: { scope: "agent", agentId: agent.id }, reason: "metrics test", autoReject: true },
      TEST_ACTOR,
    );
    await releaseKillSwitch({ id: killSwitch.id, reason: "metrics test over" }, TEST_ACTOR);

    // A standing approval lets one refund through with no request at all.
    await createStandingApproval(
      {
        agentId: agent.id,
        actionType: "refund.issue",
        maxAmount: 150,
        currency: "USD",
        durationMinutes: 60,
        sourceApprovalId: approved.approval!.id,
      },
      admin,
    );
    expect((await submit(key, "refund.issue", 120)).status).toBe("allowed");

    // exports: the step times out and approves on its own.
    const exported = await submit(key, "data.export", 10);
    await applyTimers(exported.approval!.id, new Date(Date.now() + 11 * MINUTE));
  });

  it("per rule: outcomes, timeouts, approve rate, waits and standing-approval auto-approvals", async () => {
    const { rules } = await approvalMetrics(window);
    const refunds = ruleOf(rules, "refunds")!;
    expect(refunds).toMatchObject({ requests: 5, approved: 1, rejected: 2, expired: 1, cancelled: 1, timeouts: 1, autoApproved: 1 });
    expect(refunds.approveRate).toBeCloseTo(1 / 4);
    // Waits: ~0 (cancelled), 10 min, 20 min, 31 min, 121 min.
    expect(refunds.medianWaitSeconds).toBeGreaterThan(20 * 60 - 5);
    expect(refunds.medianWaitSeconds).toBeLessThan(20 * 60 + 5);
    expect(refunds.p95WaitSeconds).toBeGreaterThan(31 * 60);
    expect(refunds.p95WaitSeconds).toBeLessThan(121 * 60 + 5);

    // A timeout that approves still counts as a timeout.
    expect(ruleOf(rules, "exports")).toMatchObject({ requests: 1, approved: 1, timeouts: 1, approveRate: 1, autoApproved: 0 });
  });

  it("per approver: votes, approve rate, and time from the step becoming active to the vote", async () => {
    const { approvers } = await approvalMetrics(window);
    const f = approvers.find((a) => a.email === fast.email)!;
    const s = approvers.find((a) => a.email === slow.email)!;
    expect(f).toMatchObject({ votes: 1, approves: 1, rejects: 0, approveRate: 1 });
    expect(f.medianSeconds).toBeGreaterThan(10 * 60 - 5);
    expect(f.medianSeconds).toBeLessThan(10 * 60 + 5);
    expect(s).toMatchObject({ votes: 1, approves: 0, rejects: 1, approveRate: 0 });
    expect(s.p95Seconds).toBeGreaterThan(20 * 60 - 5);
    expect(s.p95Seconds).toBeLessThan(20 * 60 + 5);
  });

  it("counts only what falls in the window", async () => {
    const before = { from: new Date(start.getTime() - 60 * MINUTE), to: start };
    const { rules, approvers } = await approvalMetrics(before);
    expect(ruleOf(rules, "refunds")).toBeUndefined();
    expect(approvers.find((a) => a.email === fast.email)).toBeUndefined();
  });
});

describe("tuningHint", () => {
  const rule = (overrides: Partial<RuleMetrics>): RuleMetrics => ({
    policy: "p",
    rule: "r",
    requests: 20,
    approved: 20,
    rejected: 0,
    expired: 0,
    cancelled: 0,
    timeouts: 0,
    approveRate: 1,
    medianWaitSeconds: 120,
    p95WaitSeconds: 600,
    autoApproved: 0,
    ...overrides,
  });

  it("suggests allow with a limit for a rule always approved quickly, deny for one always refused", () => {
    expect(tuningHint(rule({}))).toMatch(/allow with a limit/);
    expect(tuningHint(rule({ approved: 0, rejected: 20, approveRate: 0 }))).toMatch(/deny/);
    expect(tuningHint(rule({ timeouts: 8, approved: 12, rejected: 8, approveRate: 0.6 }))).toMatch(/times out/);
    expect(tuningHint(rule({ requests: 2, autoApproved: 30 }))).toMatch(/standing approvals/);
  });

  it("says nothing from too few requests, or from slow unanimous approvals", () => {
    expect(tuningHint(rule({ requests: 5, approved: 5 }))).toBeNull();
    expect(tuningHint(rule({ approved: 10, rejected: 10, approveRate: 0.5 }))).toBeNull();
    expect(tuningHint(rule({ medianWaitSeconds: 3600 }))).toMatch(/Almost always approved/);
  });
});
