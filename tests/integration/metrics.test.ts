import { beforeAll, describe, expect, it } from "vitest";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { PEER_HEADER } from "@/lib/observability/access";
import { integrateAll, scheduledVerification } from "@/lib/audit/service";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, TEST_ACTOR } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";
import { callRoute } from "./route-call";

// /api/metrics as Prometheus scrapes it, with GATEHOUSE_METRICS_TOKEN set (read when the
// environment is first parsed, after this file's imports).
const TOKEN = "metrics-test-token-0123456789";
process.env.GATEHOUSE_METRICS_TOKEN = TOKEN;

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: metrics-endpoint-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: pings
      match: { actions: ["ping.send"] }
      effect: allow
    - id: refunds
      match: { actions: ["refund.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
`;

/** Every metric the issue names, by the name its samples carry. */
const EXPECTED = [
  "gatehouse_decisions_total",
  "gatehouse_decision_duration_seconds_bucket",
  "gatehouse_policy_evaluation_duration_seconds_bucket",
  "gatehouse_approvals_pending",
  "gatehouse_approval_oldest_pending_age_seconds",
  "gatehouse_approval_wait_seconds",
  "gatehouse_approvals_total",
  "gatehouse_kill_switch_engaged",
  "gatehouse_actions_halted_total",
  "gatehouse_audit_entries_total",
  "gatehouse_audit_tree_size",
  "gatehouse_audit_unsequenced_entries",
  "gatehouse_audit_checkpoint_age_seconds",
  "gatehouse_audit_last_verify_success_timestamp_seconds",
  "gatehouse_audit_verify_failures_total",
  "gatehouse_action_cost_total",
  "gatehouse_action_results_total",
  "gatehouse_callback_deliveries_total",
  "gatehouse_notifications_total",
  "gatehouse_jobs_queued",
  "gatehouse_policy_version",
  "gatehouse_build_info",
  "gatehouse_http_request_duration_seconds",
  "process_cpu_seconds_total",
];

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  return callRoute(getMetrics, "/api/metrics", { headers });
}

async function text() {
  const res = await scrape();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

/** Sample lines of a metric: [labels, value]. */
function samples(body: string, name: string): [string, number][] {
  return body
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => {
      const cut = l.lastIndexOf(" ");
      return [l.slice(name.length, cut), Number(l.slice(cut + 1))];
    });
}
const total = (body: string, name: string) => samples(body, name).reduce((s, [, v]) => s + v, 0);

describe("/api/metrics", () => {
  let key: string;
  let agentId: string;

  beforeAll(async () => {
    await publishPolicyVersion([{ path: "policies/metrics-endpoint-test.yaml", content: POLICY }], "metrics endpoint tests", TEST_ACTOR);
    ({
      key,
      agent: { id: agentId },
    } = await makeAgentWithKey());
  });

  it("refuses a scrape without the token, or with a wrong one, from anywhere (loopback too)", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { [PEER_HEADER]: "127.0.0.1" },
      { authorization: "Bearer wrong-token-0123456789" },
      { [PEER_HEADER]: "10.1.2.3" },
    ];
    for (const headers of attempts) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });

  it("after N decisions, gatehouse_decisions_total has grown by N over its labels", async () => {
    const before = total(await text(), "gatehouse_decisions_total");
    const N = 7;
    for (let i = 0; i < N - 2; i++) expect((await submitAs(key, { type: "ping.send", resource: "hosts/a" })).status).toBe(201);
    expect((await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { amount: 5 } })).status).toBe(201);
    expect((await submitAs(key, { type: "db.drop", resource: "prod/users" })).status).toBe(201); // no rule: denied
    const body = await text();
    expect(total(body, "gatehouse_decisions_total") - before).toBe(N);
    expect(samples(body, "gatehouse_decisions_total")).toEqual(
      expect.arrayContaining([
        ['{effect="allow",status="allowed"}', expect.any(Number)],
        ['{effect="require_approval",status="pending"}', expect.any(Number)],
      ]),
    );
    expect(total(body, "gatehouse_decision_duration_seconds_count")).toBeGreaterThanOrEqual(N);
    expect(
      samples(body, "gatehouse_http_request_duration_seconds_count").some(
        ([labels]) => labels.includes('route="/api/v1/actions"') && labels.includes('status="201"'),
      ),
    ).toBe(true);
  });

  it("exposes every metric the runbooks and dashboards use, with shared state read from the database", async () => {
    await submitAs(key, { type: "refund.issue", resource: "orders/2", params: { amount: 5 } });
    const engagedBefore = samples(await text(), "gatehouse_kill_switch_engaged").find(([labels]) => labels === '{scope="agent"}')?.[1] ?? 0;
    const { killSwitch } = await engageKillSwitch({ target: { scope: "agent", agentId }, reason: "metrics test" }, TEST_ACTOR);
    expect((await submitAs(key, { type: "ping.send", resource: "hosts/a" })).status).toBe(423);
    await integrateAll();
    expect(await scheduledVerification()).toBe(true);
    const body = await text();
    await releaseKillSwitch({ id: killSwitch.id, reason: "over" }, TEST_ACTOR);

    for (const name of EXPECTED) expect(body, name).toMatch(new RegExp(`^# TYPE ${name.replace(/_bucket$/, "")} `, "m"));
    expect(samples(body, "gatehouse_approvals_pending")[0]![1]).toBeGreaterThanOrEqual(2);
    expect(samples(body, "gatehouse_approval_oldest_pending_age_seconds")[0]![1]).toBeGreaterThanOrEqual(0);
    expect(samples(body, "gatehouse_kill_switch_engaged")).toContainEqual(['{scope="agent"}', engagedBefore + 1]);
    expect(total(body, "gatehouse_actions_halted_total")).toBe(1);
    expect(total(body, "gatehouse_audit_entries_total")).toBeGreaterThan(0);
    expect(total(body, "gatehouse_audit_tree_size")).toBeGreaterThan(0);
    expect(Date.now() / 1000 - total(body, "gatehouse_audit_last_verify_success_timestamp_seconds")).toBeLessThan(60);
    expect(total(body, "gatehouse_policy_version")).toBeGreaterThanOrEqual(1);
    expect(samples(body, "gatehouse_build_info")[0]).toEqual(['{version="0.1.0"}', 1]);
  });

  it("labels no metric with an agent unless GATEHOUSE_METRICS_PER_AGENT is on", async () => {
    expect(await text()).not.toMatch(/^gatehouse_[a-z_]+\{[^}]*agent=/m);
  });
});
