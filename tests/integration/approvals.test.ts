import { beforeAll, describe, expect, it } from "vitest";
import { verifyDecisionToken } from "@/lib/decision-token/verify";
import { applyDueTimers, decideApproval } from "@/lib/approvals/service";
import { searchAudit } from "@/lib/audit/store";
import { db } from "@/lib/db/client";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { getKeys, readAs, submitAs } from "./agent-api";

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: approvals-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: big-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
    - id: wire-transfers
      match: { actions: ["wire.send"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
`;

async function pendingAction() {
  const { key } = await makeAgentWithKey();
  const res = await submitAs(key, { type: "refund.issue", resource: "orders/1", params: { amount: 500 } });
  const body = await res.json();
  expect(body.status).toBe("pending");
  return { key, action: body as { id: string; approval: { id: string } } };
}

const voterOf = (u: { id: string; role: "viewer" | "approver" | "policy_admin" | "admin"; email: string }) => ({
  id: u.id,
  role: u.role,
  email: u.email,
  groups: [],
});

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/approvals-test.yaml", content: POLICY }], "approval tests", TEST_ACTOR);
});

describe("approvals service", () => {
  it("an approver's approval allows the action and wakes the waiting agent", async () => {
    const { key, action } = await pendingAction();
    const approver = await makeUser("approver");
    const waiting = readAs(key, action.id, 20);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await decideApproval(action.approval.id, voterOf(approver), "approve", "looks right");
    const answer = await (await waiting).json();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer).toMatchObject({ status: "allowed", approval: { status: "approved" } });
    expect(answer.reasons.at(-1)).toMatchObject({ kind: "approval", effect: "allow" });
    // The approved answer carries a token that a tool verifies offline for exactly this action.
    const jwks = await (await getKeys()).json();
    const claims = await verifyDecisionToken(answer.decisionToken, jwks, {
      type: "refund.issue",
      resource: "orders/1",
      params: { amount: 500 },
    });
    expect(claims.action).toMatchObject({ decision: "allow", approvalId: action.approval.id });
    await expect(
      verifyDecisionToken(answer.decisionToken, jwks, { type: "refund.issue", resource: "orders/1", params: { amount: 501 } }),
    ).rejects.toThrow();
    const events = await db().auditEntry.findMany({ where: { subjectId: action.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(expect.arrayContaining(["approval.voted", "approval.approved"]));
  });

  it("labels a two-step chain's approvals allow: a search for denials finds none of them", async () => {
    const { key } = await makeAgentWithKey();
    const action = await (await submitAs(key, { type: "wire.send", resource: "accounts/9", params: {} })).json();
    expect(action.status).toBe("pending");
    for (const approver of [await makeUser("approver"), await makeUser("approver")]) {
      await decideApproval(action.approval.id, voterOf(approver), "approve", undefined);
    }
    const search = (decision?: "allow" | "deny") => searchAudit({ subjectId: action.id, decision, limit: 50 });
    expect((await search("deny")).entries).toEqual([]);
    const labelled = (await search()).entries.map((e) => [e.eventType, e.decision]);
    expect(labelled).toEqual(
      expect.arrayContaining([
        ["approval.step_approved", "allow"],
        ["approval.step_approved", "allow"],
        ["approval.approved", "allow"],
      ]),
    );
    expect(labelled.filter(([type]) => type === "approval.step_approved")).toHaveLength(2);
  });

  it("refuses a viewer, and a rejection without a comment", async () => {
    const { action } = await pendingAction();
    const viewer = await makeUser("viewer");
    await expect(decideApproval(action.approval.id, voterOf(viewer), "approve", undefined)).rejects.toMatchObject({ status: 403 });
    const approver = await makeUser("approver");
    await expect(decideApproval(action.approval.id, voterOf(approver), "reject", "  ")).rejects.toMatchObject({ status: 422 });
    await decideApproval(action.approval.id, voterOf(approver), "reject", "not this customer");
    const stored = await db().action.findUniqueOrThrow({ where: { id: action.id } });
    expect(stored.status).toBe("denied");
    expect(stored.decisionToken).toBeNull();
  });

  it("two approvers at the same moment produce exactly one outcome; the slower one gets a clear conflict", async () => {
    const { action } = await pendingAction();
    const [a, b] = [await makeUser("approver"), await makeUser("approver")];
    const results = await Promise.allSettled([
      decideApproval(action.approval.id, voterOf(a), "approve", undefined),
      decideApproval(action.approval.id, voterOf(b), "reject", "no"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason.status).toBe(409);
    expect(await db().approvalVote.count({ where: { requestId: action.approval.id } })).toBe(1);
  });

  it("denies on timeout (fail safe) and refuses a vote afterwards", async () => {
    const { action } = await pendingAction();
    expect(await applyDueTimers(new Date(Date.now() + 31 * 60_000))).toBeGreaterThanOrEqual(1);
    const stored = await db().action.findUniqueOrThrow({ where: { id: action.id }, include: { approval: true } });
    expect(stored.status).toBe("denied");
    expect(stored.approval?.status).toBe("rejected");
    const approver = await makeUser("approver");
    await expect(decideApproval(action.approval.id, voterOf(approver), "approve", undefined)).rejects.toMatchObject({ status: 409 });
  });
});
