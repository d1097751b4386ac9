import { beforeAll, describe, expect, it } from "vitest";
import { POST as createAgentRoute, GET as listAgentsRoute } from "@/app/api/agents/route";
import { POST as issueKeyRoute } from "@/app/api/agents/[id]/keys/route";
import { GET as eventsRoute } from "@/app/api/events/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as inboxRoute } from "@/app/api/inbox/route";
import { GET as approvalRoute } from "@/app/api/inbox/[id]/route";
import { GET as historyRoute } from "@/app/api/inbox/history/route";
import { DELETE as revokeKeyRoute } from "@/app/api/keys/[id]/route";
import { GET as readyRoute } from "@/app/api/ready/route";
import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { GET as checkpointRoute } from "@/app/api/v1/audit/checkpoint/route";
import { GET as consistencyRoute } from "@/app/api/v1/audit/consistency/route";
import { GET as proofRoute } from "@/app/api/v1/audit/entries/[seq]/proof/route";
import { GET as exportRoute } from "@/app/api/v1/audit/export/route";
import { POST as verifyRoute } from "@/app/api/v1/audit/verify/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { integrateAll } from "@/lib/audit/service";
import type { Role } from "@/lib/auth/permissions";
import type { RouteHandler } from "@/lib/http/route";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { sessionCookie } from "@/lib/testing/session";
import { submitAs } from "./agent-api";
import { callRoute } from "./route-call";

// The operators' routes as the console calls them, with a signed-in session: each 2xx is
// checked against its operation's response schema (GATEHOUSE_CHECK_RESPONSES, set by the
// suite's setup), each refusal is a JSON error.

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: console-api-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: routine
      match: { actions: ["report.send"] }
      effect: allow
    - id: ask-a-human
      match: { actions: ["refund.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 10m
            onTimeout: deny
        expiresIn: 1h
`;

const sessions = new Map<Role, string>();
const as = (role: Role | null, handler: RouteHandler, url: string, init: RequestInit = {}) =>
  callRoute(handler, url, { ...init, headers: { ...(role ? { cookie: sessions.get(role)! } : {}), ...init.headers } });
const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  for (const role of ["viewer", "approver", "admin"] as const) sessions.set(role, await sessionCookie(await makeUser(role)));
  await publishPolicyVersion([{ path: "console-api.yaml", content: POLICY }], "console api test", TEST_ACTOR);
});

describe("operator routes with a console session", () => {
  it("refuses without a session (401) and a role without the permission (403), as JSON", async () => {
    const anonymous = await as(null, listAgentsRoute, "/api/agents");
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthorized");
    const viewer = await as("viewer", createAgentRoute, "/api/agents", json({ name: uniq("nope") }));
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.message).toContain("viewer");
    // A session older than GATEHOUSE_SESSION_HOURS is over for routes too, however it was used.
    const stale = await sessionCookie(await makeUser("admin"), Date.now() - 1000 * 3_600_000);
    expect((await callRoute(listAgentsRoute, "/api/agents", { headers: { cookie: stale } })).status).toBe(401);
  });

  it("registers an agent, issues and revokes a key; revoking twice is a 409", async () => {
    const created = await as("admin", createAgentRoute, "/api/agents", json({ name: uniq("console") }));
    expect(created.status).toBe(201);
    const { agent } = await created.json();
    const issued = await as("admin", issueKeyRoute, `/api/agents/${agent.id}/keys`, json({ name: "ci" }));
    expect(issued.status).toBe(201);
    const { key, apiKey } = await issued.json();
    expect(key).toMatch(/^gatehouse_/);
    const listed = await as("viewer", listAgentsRoute, "/api/agents");
    expect((await listed.json()).agents.find((a: { id: string }) => a.id === agent.id)).toMatchObject({ activeKeys: 1 });
    const revoked = await as("admin", revokeKeyRoute, `/api/keys/${apiKey.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).apiKey.revokedAt).toBeTruthy();
    expect((await as("admin", revokeKeyRoute, `/api/keys/${apiKey.id}`, { method: "DELETE" })).status).toBe(409);
    const badId = await as("admin", issueKeyRoute, "/api/agents/not-a-uuid/keys", json({ name: "ci" }));
    expect(badId.status).toBe(422);
  });

  it("searches, proves, verifies and exports the audit trail", async () => {
    const { key } = await makeAgentWithKey();
    expect((await submitAs(key, { type: "report.send", resource: "reports/1" })).status).toBe(201);
    await integrateAll();
    const search = await as("viewer", auditRoute, "/api/v1/audit?limit=5&eventType=action.*");
    expect(search.status).toBe(200);
    const { entries } = await search.json();
    expect(entries.length).toBeGreaterThan(0);
    expect((await as("viewer", auditRoute, "/api/v1/audit?colour=blue")).status).toBe(422);

    const checkpoint = await (await as("viewer", checkpointRoute, "/api/v1/audit/checkpoint")).json();
    const size = checkpoint.checkpoint.treeSize as number;
    const proof = await as("viewer", proofRoute, `/api/v1/audit/entries/0/proof?treeSize=${size}`);
    expect(proof.status).toBe(200);
    expect((await as("viewer", proofRoute, "/api/v1/audit/entries/x1/proof")).status).toBe(422);
    expect((await as("viewer", consistencyRoute, `/api/v1/audit/consistency?from=${size}&to=${size}`)).status).toBe(200);
    expect((await as("viewer", consistencyRoute, `/api/v1/audit/consistency?from=${size + 1}&to=${size}`)).status).toBe(422);
    const verified = await as("viewer", verifyRoute, "/api/v1/audit/verify", { method: "POST" });
    expect((await verified.json()).ok).toBe(true);
    const exported = await as("viewer", exportRoute, "/api/v1/audit/export?eventType=action.submitted");
    expect(exported.headers.get("content-type")).toContain("application/x-ndjson");
    expect((await exported.text()).trim().split("\n").length).toBeGreaterThan(0);
  });

  it("serves the inbox, one request and the history; a forged history cursor is a 422", async () => {
    const { key } = await makeAgentWithKey();
    const asked = await (await submitAs(key, { type: "refund.issue", resource: "orders/9" })).json();
    expect(asked.status).toBe("pending");
    const inbox = await (await as("approver", inboxRoute, "/api/inbox")).json();
    expect(inbox.items.map((i: { requestId: string }) => i.requestId)).toContain(asked.approval.id);
    const view = await as("viewer", approvalRoute, `/api/inbox/${asked.approval.id}`);
    expect((await view.json()).vote.ok).toBe(false);
    expect((await as("viewer", approvalRoute, "/api/inbox/not-a-uuid")).status).toBe(404);
    expect((await as("viewer", inboxRoute, "/api/inbox")).status).toBe(403);
    expect((await as("viewer", historyRoute, "/api/inbox/history?limit=5")).status).toBe(200);
    const forged = await as(
      "viewer",
      historyRoute,
      "/api/inbox/history?cursor=2026-13-45T10:00:00.000Z_00000000-0000-4000-8000-000000000000",
    );
    expect(forged.status).toBe(422);
    expect((await forged.json()).error.details.fieldErrors.cursor).toBeDefined();
  });

  it("answers health, readiness, the OpenAPI document and the live event stream", async () => {
    expect(await (await as(null, healthRoute, "/api/health")).json()).toEqual({ status: "ok" });
    expect((await (await as(null, readyRoute, "/api/ready")).json()).status).toBe("ready");
    const doc = await (await as(null, openApiRoute, "/api/v1/openapi.json")).json();
    expect(doc.paths["/api/v1/actions"].post.operationId).toBe("submitAction");
    const abort = new AbortController();
    const events = await as("viewer", eventsRoute, "/api/events", { signal: abort.signal });
    expect(events.headers.get("content-type")).toContain("text/event-stream");
    abort.abort();
    await events.body?.cancel();
  });
});
