import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAction } from "@/app/api/v1/actions/[id]/route";
import { POST as postResult } from "@/app/api/v1/actions/[id]/result/route";
import { GET as getStatus } from "@/app/api/v1/status/route";
import { PUT as putActions } from "@/app/api/v1/actions/route";
import { GET as unknownApi } from "@/app/api/[...unknown]/route";
import { entryData } from "@/lib/audit/leaf";
import { db } from "@/lib/db/client";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { readAs, routeContext, submitAs } from "./agent-api";

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: decisions-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"], resources: ["orders/*"] }
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
            onTimeout: escalate
            escalateTo: { roles: [admin] }
        expiresIn: 24h
    - id: no-prod-deletes
      match: { actions: ["db.delete"], resources: ["prod/**"] }
      effect: deny
    - id: deletes
      match: { actions: ["db.delete"] }
      effect: allow
    - id: pings
      match: { actions: ["ping.rate"] }
      effect: allow
    - id: spending
      match: { actions: ["spend.money"] }
      effect: allow
    - id: transfers
      match: { actions: ["money.transfer"] }
      effect: allow
  limits:
    - id: transfer-cost
      type: cost
      match: { actions: ["money.transfer"] }
      maxPerAction: 1000
    - id: transfer-scope
      type: scope
      match: { actions: ["money.transfer"] }
      resources: ["accounts/**"]
      environments: [staging, prod]
    - id: transfer-impact
      type: impact
      match: { actions: ["money.transfer"] }
      maxRecords: 100
      maxAmount: 500
      approval:
        steps:
          - approvers: { roles: [admin] }
            timeout: 1h
        expiresIn: 4h
    - id: ping-rate
      type: rate
      match: { actions: ["ping.rate"] }
      max: 10
      window: 1h
      per: agent
    - id: daily-budget
      type: budget
      match: { actions: ["spend.money"] }
      period: day
      max: 100
`;

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

const report = (key: string, id: string, body: unknown) =>
  postResult(
    new Request(`http://gatehouse.test/api/v1/actions/${id}/result`, {
      method: "POST",
      headers: { ...auth(key), "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    routeContext({ id }),
  );

const actionCount = (agentId: string) => db().action.count({ where: { agentId } });

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/decisions-test.yaml", content: POLICY }], "decision tests", TEST_ACTOR);
});

describe("POST /api/v1/actions: decisions", () => {
  it("allows a small refund, explains why, and audits submission and evaluation", async () => {
    const { agent, key } = await makeAgentWithKey();
    const res = await submitAs(key, {
      type: "refund.issue",
      resource: "orders/42",
      params: { amount: 40 },
      context: { reasoning: "duplicate charge" },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      status: "allowed",
      type: "refund.issue",
      decision: { effect: "allow", policy: "decisions-test", rule: "small-refunds" },
    });
    expect(body.reasons.map((r: { id: string }) => r.id)).toContain("small-refunds");
    const events = await db().auditEntry.findMany({ where: { subjectId: body.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["action.submitted", "policy.evaluated"]);
    expect(events[1]!.decision).toBe("allow");
    expect(await actionCount(agent.id)).toBe(1);
  });

  it("holds a large refund for approval with the policy's chain", async () => {
    const { key } = await makeAgentWithKey();
    const res = await submitAs(key, { type: "refund.issue", resource: "orders/43", params: { amount: 250 } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.status).toBe("pending");
    expect(body.approval).toMatchObject({ status: "pending" });
    expect(body.reasons.find((r: { id: string }) => r.id === "large-refunds").message).toContain("250");
    const request = await db().approvalRequest.findUniqueOrThrow({ where: { id: body.approval.id }, include: { steps: true } });
    expect(request.steps).toHaveLength(1);
    expect(request.steps[0]).toMatchObject({
      approverRoles: ["approver"],
      timeoutSeconds: 1800,
      onTimeout: "escalate",
      escalateRoles: ["admin"],
      status: "active",
    });
    expect(request.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
  });

  it("lets deny beat allow, and denies what no rule allows", async () => {
    const { key } = await makeAgentWithKey();
    const prod = await (await submitAs(key, { type: "db.delete", resource: "prod/users/1" })).json();
    expect(prod).toMatchObject({ status: "denied", decision: { effect: "deny", rule: "no-prod-deletes" } });
    expect(prod.reasons.map((r: { id: string }) => r.id).sort()).toEqual(["deletes", "no-prod-deletes"]);
    const staging = await (await submitAs(key, { type: "db.delete", resource: "staging/users/1" })).json();
    expect(staging.status).toBe("allowed");
    const unknown = await (await submitAs(key, { type: "email.send", resource: "customers/1" })).json();
    expect(unknown).toMatchObject({ status: "denied", decision: { effect: "deny", rule: null } });
    expect(unknown.reasons[0].kind).toBe("default");
  });
});

describe("limits under concurrency", () => {
  it("admits exactly 10 of 50 racing requests against a rate limit of 10", async () => {
    const { agent, key } = await makeAgentWithKey();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => submitAs(key, { type: "ping.rate", resource: "x" }).then((r) => r.json())),
    );
    const allowed = results.filter((r) => r.status === "allowed");
    expect(allowed).toHaveLength(10);
    const denied = results.filter((r) => r.status === "denied");
    expect(denied).toHaveLength(40);
    expect(denied[0].decision.limits.find((l: { id: string }) => l.id === "ping-rate").exceeded).toBe(true);
    expect(await actionCount(agent.id)).toBe(50);
  });

  it("admits exactly 20 of 50 racing $5 requests against a $100 daily budget", async () => {
    const { key } = await makeAgentWithKey();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        submitAs(key, { type: "spend.money", resource: "ads", cost: { amount: 5, currency: "USD" } }).then((r) => r.json()),
      ),
    );
    expect(results.filter((r) => r.status === "allowed")).toHaveLength(20);
  });
});

describe("cost, scope and impact limits", () => {
  const transfer = (over: Record<string, unknown> = {}) => ({
    type: "money.transfer",
    resource: "accounts/42",
    cost: { amount: 10, currency: "USD" },
    impact: { records: 1, amount: 100 },
    context: { environment: "prod" },
    ...over,
  });

  it("allows a transfer within every limit and lists each limit it checked", async () => {
    const { key } = await makeAgentWithKey();
    const body = await (await submitAs(key, transfer())).json();
    expect(body.status).toBe("allowed");
    const checked = body.decision.limits.map((l: { id: string; exceeded: boolean }) => [l.id, l.exceeded]);
    expect(checked).toEqual(
      expect.arrayContaining([
        ["transfer-cost", false],
        ["transfer-scope", false],
        ["transfer-impact", false],
      ]),
    );
  });

  it("denies a transfer that costs too much, leaves its scope or names no allowed environment", async () => {
    const { key } = await makeAgentWithKey();
    const costly = await (await submitAs(key, transfer({ cost: { amount: 5000, currency: "USD" } }))).json();
    expect(costly).toMatchObject({ status: "denied", decision: { rule: "transfer-cost" } });
    const outside = await (await submitAs(key, transfer({ resource: "payroll/1" }))).json();
    expect(outside).toMatchObject({ status: "denied", decision: { rule: "transfer-scope" } });
    const noEnv = await (await submitAs(key, transfer({ context: {} }))).json();
    expect(noEnv.status).toBe("denied");
  });

  it("holds a transfer with too much impact for approval, with the limit's chain", async () => {
    const { key } = await makeAgentWithKey();
    const big = await (await submitAs(key, transfer({ impact: { records: 500, amount: 100 } }))).json();
    expect(big).toMatchObject({ status: "pending", decision: { effect: "require_approval", rule: "transfer-impact" } });
    const steps = await db().approvalStep.findMany({ where: { request: { actionId: big.id } } });
    expect(steps.map((s) => s.approverRoles)).toEqual([["admin"]]);
  });
});

describe("idempotency", () => {
  it("answers a retry with the same action, and refuses the key for a different request", async () => {
    const { agent, key } = await makeAgentWithKey();
    const body = { type: "refund.issue", resource: "orders/7", params: { amount: 10 }, idempotencyKey: uniq("idem") };
    const first = await submitAs(key, body);
    const second = await submitAs(key, body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await second.json()).id).toBe((await first.json()).id);
    const conflict = await submitAs(key, { ...body, params: { amount: 99 } });
    expect(conflict.status).toBe(409);
    expect(await actionCount(agent.id)).toBe(1);
  });

  it("creates one action when ten retries race", async () => {
    const { agent, key } = await makeAgentWithKey();
    const body = { type: "refund.issue", resource: "orders/8", params: { amount: 10 }, idempotencyKey: uniq("race") };
    const ids = await Promise.all(
      Array.from({ length: 10 }, () =>
        submitAs(key, body)
          .then((r) => r.json())
          .then((b) => b.id),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await actionCount(agent.id)).toBe(1);
  });
});

describe("reading, waiting and reporting", () => {
  it("long-polls a pending action and returns as soon as it is decided", async () => {
    const { agent, key } = await makeAgentWithKey();
    const pending = await (await submitAs(key, { type: "refund.issue", resource: "orders/9", params: { amount: 500 } })).json();
    const started = Date.now();
    const waiting = readAs(key, pending.id, 20);
    await new Promise((r) => setTimeout(r, 300));
    await engageKillSwitch({ target: { scope: "agent", agentId: agent.id }, reason: "test: reject pending", autoReject: true }, TEST_ACTOR);
    const res = await waiting;
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("denied");
    expect(body.reasons.at(-1)).toMatchObject({ kind: "kill_switch" });
    expect(elapsed).toBeLessThan(6000);
  });

  it("answers a decided action at once, even with wait", async () => {
    const { key } = await makeAgentWithKey();
    const allowed = await (await submitAs(key, { type: "refund.issue", resource: "orders/10", params: { amount: 1 } })).json();
    const started = Date.now();
    expect((await (await readAs(key, allowed.id, 30)).json()).status).toBe("allowed");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("hides another agent's action and rejects a bad wait", async () => {
    const a = await makeAgentWithKey();
    const b = await makeAgentWithKey();
    const own = await (await submitAs(a.key, { type: "refund.issue", resource: "orders/11", params: { amount: 1 } })).json();
    expect((await readAs(b.key, own.id)).status).toBe(404);
    expect((await readAs(a.key, "not-a-uuid")).status).toBe(404);
    const bad = await getAction(
      new Request(`http://gatehouse.test/api/v1/actions/${own.id}?wait=999`, { headers: auth(a.key) }),
      routeContext({ id: own.id }),
    );
    expect(bad.status).toBe(422);
  });

  it("records a result once, and only for an allowed action", async () => {
    const { key } = await makeAgentWithKey();
    const allowed = await (await submitAs(key, { type: "refund.issue", resource: "orders/12", params: { amount: 5 } })).json();
    const ok = await report(key, allowed.id, { outcome: "succeeded", summary: "refunded", actualCost: 5 });
    expect(ok.status).toBe(200);
    expect((await ok.json()).outcome).toMatchObject({ outcome: "succeeded", actualCost: 5 });
    expect((await report(key, allowed.id, { outcome: "failed" })).status).toBe(409);
    const denied = await (await submitAs(key, { type: "db.delete", resource: "prod/x" })).json();
    expect((await report(key, denied.id, { outcome: "succeeded" })).status).toBe(409);
    expect((await report(key, allowed.id, { outcome: "maybe" })).status).toBe(422);
  });
});

describe("reported cost", () => {
  it("reconciles the actual cost into the budget, audits it and explains it in the limit check", async () => {
    const { key } = await makeAgentWithKey();
    const spend = (amount: number) =>
      submitAs(key, { type: "spend.money", resource: "ads", cost: { amount, currency: "USD" } }).then((r) => r.json());
    const first = await spend(30);
    expect(first.status).toBe("allowed");
    const reported = await report(key, first.id, { outcome: "succeeded", actualCost: 50 });
    expect(reported.status).toBe(200);
    const budget = (await reported.json()).decision.limits.find((l: { type: string }) => l.type === "budget");
    expect(budget.reconciled).toMatchObject({ declared: 30, actual: 50, delta: 20 });
    // The budget counted 50, not the 30 declared: 50 + 60 > 100.
    const second = await spend(60);
    expect(second.status).toBe("denied");
    expect(second.decision.limits.find((l: { type: string }) => l.type === "budget")).toMatchObject({ exceeded: true, used: 50 });
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subjectId: first.id, eventType: "action.cost_reconciled" } });
    expect(entryData(entry)).toMatchObject({ declared: 30, actual: 50, delta: 20 });
    // A cheaper outcome gives the difference back.
    const third = await spend(40);
    expect(third.status).toBe("allowed");
    expect((await report(key, third.id, { outcome: "succeeded", actualCost: 10 })).status).toBe(200);
    expect((await spend(40)).status).toBe("allowed"); // 50 + 10 + 40 = 100
  });
});

describe("bad input", () => {
  it("answers 422 to a body nested too deep or with too long a string, and to params beyond 16 KiB, storing nothing", async () => {
    const { agent, key } = await makeAgentWithKey();
    const deep = `{"type":"refund.issue","resource":"orders/1","params":${'{"a":'.repeat(40)}1${"}".repeat(40)}}`;
    const tooDeep = await submitAs(key, null, { raw: deep });
    expect(tooDeep.status).toBe(422);
    expect((await tooDeep.json()).error.details.fieldErrors).toHaveProperty(["params.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a"]);
    const longString = await submitAs(key, { type: "refund.issue", resource: "orders/1", context: { reasoning: "x".repeat(20_001) } });
    expect(longString.status).toBe(422);
    const bigParams = await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { blob: "x".repeat(16_400) } });
    expect(bigParams.status).toBe(422);
    expect((await bigParams.json()).error.details.fieldErrors.params[0]).toMatch(/16 KiB/);
    expect(await db().action.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("answers 400, 413 and 422 with a JSON error and stores nothing", async () => {
    const { agent, key } = await makeAgentWithKey();
    const notJson = await submitAs(key, null, { raw: "{type: refund" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("bad_request");
    const wrongType = await submitAs(key, null, { raw: "type=refund", contentType: "application/x-www-form-urlencoded" });
    expect(wrongType.status).toBe(400);
    const missing = await submitAs(key, { resource: "orders/1" });
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.details.fieldErrors.type).toBeDefined();
    const unknownField = await submitAs(key, { type: "refund.issue", resource: "orders/1", amount: 5 });
    expect(unknownField.status).toBe(422);
    const badCost = await submitAs(key, { type: "refund.issue", resource: "orders/1", cost: { amount: -1, currency: "dollars" } });
    expect(Object.keys((await badCost.json()).error.details.fieldErrors).sort()).toEqual(["cost.amount", "cost.currency"]);
    const withPassword = await submitAs(key, {
      type: "refund.issue",
      resource: "orders/1",
      callbackUrl: "https://user:secret@hooks.example.test/cb",
    });
    expect(withPassword.status).toBe(422);
    expect((await withPassword.json()).error.details.fieldErrors.callbackUrl[0]).toContain("must not contain a user name or password");
    const wrongMethod = await putActions(
      new Request("http://gatehouse.test/api/v1/actions", { method: "PUT", headers: { authorization: `Bearer ${key}` } }),
    );
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect((await wrongMethod.json()).error).toEqual({
      code: "method_not_allowed",
      message: "PUT is not allowed on /api/v1/actions; use POST",
    });
    const nowhere = await unknownApi(new Request("http://gatehouse.test/api/v1/nothing-here"));
    expect(nowhere.status).toBe(404);
    expect((await nowhere.json()).error.message).toContain("There is no API endpoint at /api/v1/nothing-here");
    const huge = await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { blob: "x".repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(await actionCount(agent.id)).toBe(0);
  });
});

describe("kill switch", () => {
  it("halts an agent on the very next request with 423 and the reason, and releasing lets the next one through", async () => {
    const { agent, key } = await makeAgentWithKey();
    const { killSwitch } = await engageKillSwitch({ target: { scope: "agent", agentId: agent.id }, reason: "incident 42" }, TEST_ACTOR);
    const halted = await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { amount: 1 } });
    expect(halted.status).toBe(423);
    const body = await halted.json();
    expect(body).toMatchObject({ status: "halted", error: { code: "halted" } });
    expect(body.error.message).toContain("incident 42");
    const status = await (
      await getStatus(new Request("http://gatehouse.test/api/v1/status", { headers: auth(key) }), routeContext())
    ).json();
    expect(status.agent).toMatchObject({ halted: true, reason: "incident 42" });
    await releaseKillSwitch({ id: killSwitch.id, reason: "fixed" }, TEST_ACTOR);
    expect((await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { amount: 1 } })).status).toBe(201);
    const audit = await db().auditEntry.findMany({ where: { subjectId: killSwitch.id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.eventType)).toEqual(["killswitch.engaged", "killswitch.released"]);
  });

  it("halts by action type glob, and refuses to engage the same target twice", async () => {
    const { key } = await makeAgentWithKey();
    const type = `${uniq("halt")}.*`.replace(/-/g, "_");
    const { killSwitch } = await engageKillSwitch(
      { target: { scope: "action_type", actionType: type }, reason: "type halted" },
      TEST_ACTOR,
    );
    await expect(engageKillSwitch({ target: { scope: "action_type", actionType: type }, reason: "again" }, TEST_ACTOR)).rejects.toThrow(
      /already engaged/,
    );
    expect((await submitAs(key, { type: type.replace("*", "run"), resource: "x" })).status).toBe(423);
    expect((await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { amount: 1 } })).status).toBe(201);
    await releaseKillSwitch({ id: killSwitch.id, reason: "done" }, TEST_ACTOR);
  });
});
