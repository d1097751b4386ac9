import { beforeAll, describe, expect, it } from "vitest";
import { bulkDecide, decide } from "@/lib/approvals/inbox-service";
import { getApprovalView, listHistory, listInbox } from "@/lib/approvals/inbox-store";
import type { ApproverPrincipal as InboxUser } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";

// The approver's side against a real database: what each person's inbox holds, the full
// view of one request, the history, bulk decisions and "approve and remember".

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: inbox-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 100"
      effect: allow
    - id: one-approver
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100 && params.amount <= 1000"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 10m
            onTimeout: deny
        expiresIn: 2h
    - id: approver-then-finance
      match: { actions: ["refund.issue"] }
      when: "params.amount > 1000"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
            onTimeout: deny
          - approvers: { groups: [finance] }
            timeout: 1h
            onTimeout: deny
        expiresIn: 4h
`;

async function ask(key: string, amount: number, resource = "orders/1") {
  const res = await submitAs(key, {
    type: "refund.issue",
    resource,
    params: { amount },
    cost: { amount, currency: "USD" },
    context: { reasoning: "customer asked" },
  });
  return (await res.json()) as { id: string; status: string; approval?: { id: string } };
}

async function person(role: Role, groups: string[] = []): Promise<InboxUser> {
  const user = await makeUser(role);
  await db().user.update({ where: { id: user.id }, data: { groups } });
  return { id: user.id, role, email: user.email, groups };
}

const mine = async (user: InboxUser, requestIds: string[]) => (await listInbox(user)).items.filter((i) => requestIds.includes(i.requestId));

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/inbox-test.yaml", content: POLICY }], "inbox tests", TEST_ACTOR);
});

describe("approval inbox", () => {
  it("lists what each person may decide now, most urgent first, and moves a two-step request from the approver to finance", async () => {
    const { key, agent } = await makeAgentWithKey();
    const approver = await person("approver");
    const finance = await person("approver", ["finance"]);
    const viewer = await person("viewer");
    await ask(key, 50, "orders/earlier"); // allowed: part of the agent's recent history
    const big = await ask(key, 2500, "orders/big");
    const medium = await ask(key, 300, "orders/medium");
    const ids = [big.approval!.id, medium.approval!.id];

    const first = await mine(approver, ids);
    // The one-approver request times out in 10 minutes, the two-step one in 30: it comes first.
    expect(first.map((i) => i.requestId)).toEqual([medium.approval!.id, big.approval!.id]);
    expect(first[1]).toMatchObject({
      agent: { id: agent.id, name: agent.name },
      type: "refund.issue",
      resource: "orders/big",
      amount: { amount: 2500, currency: "USD" },
      step: "approver, 0 of 1 — step 1 of 2",
      explanation: { policy: "inbox-test", rule: "approver-then-finance" },
      risk: { level: "high" },
      batch: null,
      deadline: { then: "deny" },
    });
    expect(first[1]!.explanation.message).toContain("2500");
    expect(first[0]).toMatchObject({ risk: { level: "low" } });
    expect(first[0]!.batch).not.toBeNull();
    expect(await mine(viewer, ids)).toEqual([]);

    await decide({ requestId: big.approval!.id, decision: "approve" }, approver);
    expect((await mine(approver, ids)).map((i) => i.requestId)).toEqual([medium.approval!.id]);
    const [forFinance] = (await mine(finance, ids)).filter((i) => i.requestId === big.approval!.id);
    expect(forFinance?.step).toBe("group finance, 0 of 1 — step 2 of 2");

    const view = await getApprovalView(big.approval!.id, approver);
    expect(view.vote).toEqual({ ok: false, message: expect.stringContaining("You already voted") });
    expect(view.action).toMatchObject({ resource: "orders/big", params: { amount: 2500 }, context: { reasoning: "customer asked" } });
    expect(view.chain.map((s) => [s.status, s.votes.map((v) => `${v.email}:${v.decision}`)])).toEqual([
      ["approved", [`${approver.email}:approve`]],
      ["active", []],
    ]);
    expect(view.chain[1]!.approvers.groups).toEqual(["finance"]);
    expect(view.recent.actions.map((a) => a.resource)).toEqual(expect.arrayContaining(["orders/earlier", "orders/medium"]));
    expect(view.recent.actions.map((a) => a.resource)).not.toContain("orders/big");
    expect((await getApprovalView(big.approval!.id, finance)).vote).toEqual({ ok: true });

    const done = await decide({ requestId: big.approval!.id, decision: "approve", comment: "budget ok" }, finance);
    expect(done.status).toBe("approved");
    const { entries } = await listHistory({ limit: 100 });
    expect(entries.find((e) => e.requestId === big.approval!.id)).toMatchObject({
      outcome: "approved",
      decidedBy: [approver.email, finance.email],
      agent: { name: agent.name },
      amount: { amount: 2500, currency: "USD" },
    });
  });

  it("refuses a rejection without a comment on the server; a rejection with one reaches the history with its reason", async () => {
    const { key } = await makeAgentWithKey();
    const approver = await person("approver");
    const action = await ask(key, 400);
    await expect(decide({ requestId: action.approval!.id, decision: "reject" }, approver)).rejects.toMatchObject({ status: 422 });
    await decide({ requestId: action.approval!.id, decision: "reject", comment: "duplicate refund" }, approver);
    const { entries } = await listHistory({ limit: 100 });
    expect(entries.find((e) => e.requestId === action.approval!.id)).toMatchObject({
      outcome: "rejected",
      reason: "duplicate refund",
      decidedBy: [approver.email],
    });
  });

  it("pages the history with a cursor, newest decision first", async () => {
    const first = await listHistory({ limit: 1 });
    expect(first.entries).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await listHistory({ limit: 1, cursor: first.nextCursor! });
    expect(second.entries[0]!.requestId).not.toBe(first.entries[0]!.requestId);
    expect(second.entries[0]!.decidedAt <= first.entries[0]!.decidedAt).toBe(true);
    // A forged cursor is a 422 (ZodError → respond.ts), never a database error.
    for (const cursor of ["notadate_00000000-0000-4000-8000-000000000000", `${first.entries[0]!.decidedAt}_${"-".repeat(36)}`]) {
      await expect(listHistory({ cursor })).rejects.toMatchObject({
        name: "ZodError",
        issues: [expect.objectContaining({ path: ["cursor"] })],
      });
    }
  });

  it("decides identical low-risk requests in bulk, reports each, and refuses a batch that is not identical", async () => {
    const { key } = await makeAgentWithKey();
    const approver = await person("approver");
    const other = await person("approver");
    const a = await ask(key, 200, "orders/a");
    const b = await ask(key, 250, "orders/b");
    const big = await ask(key, 1500, "orders/c");
    await expect(bulkDecide({ requestIds: [a.approval!.id, big.approval!.id], decision: "approve" }, approver)).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      bulkDecide({ requestIds: [a.approval!.id, "00000000-0000-4000-8000-000000000000"], decision: "approve" }, approver),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Unknown approval request"),
    });

    await decide({ requestId: b.approval!.id, decision: "approve" }, other); // decided a moment before the batch
    const results = await bulkDecide({ requestIds: [a.approval!.id, b.approval!.id], decision: "approve" }, approver);
    expect(results).toEqual([
      { requestId: a.approval!.id, ok: true, message: "approved" },
      { requestId: b.approval!.id, ok: false, message: expect.stringContaining("already approved") },
    ]);
    expect((await db().action.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("allowed");
  });

  it("approves and remembers: the approval first, then a standing approval that lets the next one through; refused before voting without the permission", async () => {
    const { key } = await makeAgentWithKey();
    const approver = await person("approver");
    const admin = await person("admin");
    const first = await ask(key, 150, "orders/first");
    const remember = { maxAmount: 150, currency: "USD", durationMinutes: 240 };

    await expect(decide({ requestId: first.approval!.id, decision: "approve", remember }, approver)).rejects.toMatchObject({ status: 403 });
    expect((await db().approvalRequest.findUniqueOrThrow({ where: { id: first.approval!.id } })).status).toBe("pending");

    const result = await decide({ requestId: first.approval!.id, decision: "approve", remember }, admin);
    expect(result.status).toBe("approved");
    expect(result.standing).toMatchObject({ ok: true });
    const standing = await db().standingApproval.findUniqueOrThrow({ where: { id: (result.standing as { id: string }).id } });
    expect(standing).toMatchObject({
      actionType: "refund.issue",
      currency: "USD",
      sourceApprovalId: first.approval!.id,
      createdById: admin.id,
    });
    expect(standing.maxAmount?.toNumber()).toBe(150);

    expect((await ask(key, 140, "orders/second")).status).toBe("allowed");
    expect((await ask(key, 160, "orders/third")).status).toBe("pending");
  });
});
