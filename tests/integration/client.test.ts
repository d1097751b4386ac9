import { beforeAll, describe, expect, it } from "vitest";
import { POST as submitRoute } from "@/app/api/v1/actions/route";
import { GET as getActionRoute } from "@/app/api/v1/actions/[id]/route";
import { POST as resultRoute } from "@/app/api/v1/actions/[id]/result/route";
import { GET as keysRoute } from "@/app/api/v1/keys/route";
import { GET as statusRoute } from "@/app/api/v1/status/route";
import { GET as whoamiRoute } from "@/app/api/v1/whoami/route";
import { decideApproval } from "@/lib/approvals/service";
import { GatehouseClient, GatehouseError } from "@/lib/client/gatehouse-client";
import { verifyDecisionToken } from "@/lib/decision-token/verify";
import type { RouteHandler } from "@/lib/http/route";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { matchRoute } from "./route-call";

// The typed client against the real agent API routes: its fetch is served in-process by
// the route handlers, so every request and answer goes through the same contracts as over
// HTTP (answers checked against their schemas).

const ROUTES: RouteHandler[] = [submitRoute, getActionRoute, resultRoute, statusRoute, whoamiRoute, keysRoute];

const inProcessFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const { pathname } = new URL(request.url);
  for (const handler of ROUTES) {
    const params = matchRoute(handler, request.method, pathname);
    if (params) return handler(request, { params: Promise.resolve(params) });
  }
  return Response.json({ error: { code: "not_found", message: `no route for ${request.method} ${pathname}` } }, { status: 404 });
};

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: client-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small
      match: { actions: ["payout.send"] }
      when: "params.amount <= 10"
      effect: allow
    - id: large
      match: { actions: ["payout.send"] }
      when: "params.amount > 10"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 10m
            onTimeout: deny
        expiresIn: 1h
`;

let client: GatehouseClient;
let agentName: string;
let agentId: string;

beforeAll(async () => {
  await publishPolicyVersion([{ path: "client.yaml", content: POLICY }], "client test", TEST_ACTOR);
  const { agent, key } = await makeAgentWithKey();
  agentName = agent.name;
  agentId = agent.id;
  client = new GatehouseClient({ baseUrl: "http://gatehouse.test", apiKey: key, fetch: inProcessFetch });
});

describe("GatehouseClient against the agent API", () => {
  it("knows who it is and whether it is halted", async () => {
    expect((await client.whoami()).agent.name).toBe(agentName);
    expect(await client.status()).toMatchObject({ agent: { name: agentName, halted: false }, fleet: { halted: false } });
  });

  it("submits, gets an allowed answer with a token that verifies offline, and reports the result", async () => {
    const allowed = await client.submitAction({
      type: "payout.send",
      resource: "accounts/1",
      params: { amount: 5 },
      idempotencyKey: "c-1",
    });
    expect(allowed.status).toBe("allowed");
    const claims = await verifyDecisionToken(allowed.decisionToken!, await client.decisionKeys(), {
      type: "payout.send",
      resource: "accounts/1",
      params: { amount: 5 },
    });
    expect(claims.action.decision).toBe("allow");
    expect(
      (await client.submitAction({ type: "payout.send", resource: "accounts/1", params: { amount: 5 }, idempotencyKey: "c-1" })).id,
    ).toBe(allowed.id);
    const reported = await client.reportResult(allowed.id, { outcome: "succeeded", actualCost: 5 });
    expect(reported.outcome).toMatchObject({ outcome: "succeeded" });
    await expect(client.reportResult(allowed.id, { outcome: "failed" })).rejects.toMatchObject({ status: 409, code: "conflict" });
  });

  it("waits for a human's decision with decide()", async () => {
    const approver = await makeUser("approver");
    const pending = await client.submitAction({ type: "payout.send", resource: "accounts/2", params: { amount: 50 } });
    expect(pending.status).toBe("pending");
    const decided = client.getAction(pending.id, 10);
    await decideApproval(pending.approval!.id, { ...approver, groups: [] }, "approve", "fine");
    expect((await decided).status).toBe("allowed");
  });

  it("surfaces the API's errors as GatehouseError: 422 with field errors, 404, and 423 with the halted action", async () => {
    const invalid = await client.submitAction({ type: "Not A Type", resource: "x" }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(GatehouseError);
    expect(invalid).toMatchObject({ status: 422, code: "validation_failed" });
    await expect(client.getAction("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
    const { killSwitch } = await engageKillSwitch({ target: { scope: "agent", agentId }, reason: "client test" }, TEST_ACTOR);
    try {
      const halted = await client
        .submitAction({ type: "payout.send", resource: "accounts/3", params: { amount: 1 } })
        .catch((e: unknown) => e);
      expect(halted).toMatchObject({ status: 423, code: "halted", action: { status: "halted" } });
    } finally {
      await releaseKillSwitch({ id: killSwitch.id, reason: "done" }, TEST_ACTOR);
    }
  });
});
