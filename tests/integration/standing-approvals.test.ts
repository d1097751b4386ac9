import { beforeAll, describe, expect, it } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { decideApproval } from "@/lib/approvals/service";
import { createStandingApproval, revokeStandingApproval } from "@/lib/approvals/standing-service";
import { listStandingApprovals } from "@/lib/approvals/standing-store";
import { db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: standing-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: refunds-need-approval
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 5000"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 30m
            onTimeout: deny
        expiresIn: 2h
    - id: huge-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 5000"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 30m
          - approvers: { roles: [admin] }
            timeout: 30m
        expiresIn: 2h
    - id: no-refunds-on-blocked-orders
      match: { actions: ["refund.issue"], resources: ["blocked/*"] }
      effect: deny
  limits:
    - id: many-records
      type: impact
      match: { actions: ["refund.issue"] }
      maxRecords: 1000
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 30m
        expiresIn: 2h
`;

type ActionBody = {
  id: string;
  status: string;
  reasons: { kind: string; id: string; effect: string; message: string }[];
  approval?: { id: string };
};

async function refund(key: string, amount: number, resource = "orders/1"): Promise<ActionBody> {
  const res = await submitAs(key, { type: "refund.issue", resource, params: { amount }, cost: { amount, currency: "USD" } });
  expect(res.status).toBeLessThan(300);
  return res.json();
}

const upTo150 = (agentId: string, sourceApprovalId: string) => ({
  agentId,
  actionType: "refund.issue",
  maxAmount: 150,
  currency: "USD",
  durationMinutes: 240,
  note: "known customer backlog",
  sourceApprovalId,
});

let admin: Awaited<ReturnType<typeof makeUser>>;

/** A refund of this agent's that the admin approved in full: where "approve and remember" starts. */
async function approvedRequest(key: string, amount = 1000) {
  const source = await refund(key, amount, "orders/source");
  await decideApproval(source.approval!.id, { ...admin, groups: [] }, "approve", undefined);
  return source.approval!.id;
}

/** Approve one of the agent's refunds and remember it: up to 150 USD for 4 hours. */
const remember = async (agentId: string, key: string) => createStandingApproval(upTo150(agentId, await approvedRequest(key)), admin);

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/standing-test.yaml", content: POLICY }], "standing approval tests", TEST_ACTOR);
  admin = await makeUser("admin");
});

describe("standing approvals in the decision path", () => {
  it("auto-approves the agent's covered refund at once, explains it, opens no request and audits the use", async () => {
    const { agent: a, key } = await makeAgentWithKey();
    const { id, expiresAt } = await remember(a.id, key);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(239 * 60_000);

    const allowed = await refund(key, 120);
    expect(allowed.status).toBe("allowed");
    expect(allowed.approval).toBeUndefined();
    const reason = allowed.reasons.at(-1)!;
    expect(reason).toMatchObject({ kind: "standing_approval", id, effect: "allow" });
    expect(reason.message).toContain(
      `auto-approved by standing approval ${id} from ${admin.email} for rule refunds-need-approval (up to 150 USD, until ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`,
    );

    const row = await db().action.findUniqueOrThrow({ where: { id: allowed.id }, include: { approval: true } });
    expect(row.approval).toBeNull();
    expect(row.effect).toBe("require_approval"); // what the policy said; the standing approval decided
    expect(row.decision).toMatchObject({ effect: "allow", policy: "standing-test", rule: "refunds-need-approval" });

    const used = await db().auditEntry.findFirstOrThrow({ where: { eventType: "standing_approval.used", subjectId: id } });
    expect(entryData(used)).toMatchObject({ actionId: allowed.id, actionType: "refund.issue", maxAmount: 150 });
    const evaluated = await db().auditEntry.findFirstOrThrow({ where: { eventType: "policy.evaluated", subjectId: allowed.id } });
    expect(evaluated.decision).toBe("allow");
  });

  it("leaves amounts above the cap, other agents and denied refunds alone", async () => {
    const { agent: a, key: keyA } = await makeAgentWithKey();
    const { key: keyB } = await makeAgentWithKey();
    await remember(a.id, keyA);

    const above = await refund(keyA, 200);
    expect(above.status).toBe("pending");
    expect(above.approval?.id).toBeTruthy();
    expect(above.reasons.some((r) => r.kind === "standing_approval")).toBe(false);

    expect((await refund(keyB, 120)).status).toBe("pending");

    // Over a limit that asks for approval: never covered, even within the cap.
    const manyRecords = await submitAs(keyA, {
      type: "refund.issue",
      resource: "orders/8",
      params: { amount: 120 },
      cost: { amount: 120, currency: "USD" },
      impact: { records: 5000 },
    });
    expect((await manyRecords.json()).status).toBe("pending");

    // A refund under another rule (two steps) is not covered, whatever its declared cost.
    const res = await submitAs(keyA, {
      type: "refund.issue",
      resource: "orders/9",
      params: { amount: 9000 },
      cost: { amount: 100, currency: "USD" },
    });
    expect((await res.json()).status).toBe("pending");

    const blocked = await refund(keyA, 120, "blocked/7");
    expect(blocked.status).toBe("denied");
    expect(blocked.reasons.some((r) => r.kind === "standing_approval")).toBe(false);
  });

  it("the kill switch still wins", async () => {
    const { agent: a, key } = await makeAgentWithKey();
    await remember(a.id, key);
    const { killSwitch } = await engageKillSwitch({ target: { scope: "agent", agentId: a.id }, reason: "incident" }, TEST_ACTOR);
    const res = await submitAs(key, {
      type: "refund.issue",
      resource: "orders/1",
      params: { amount: 120 },
      cost: { amount: 120, currency: "USD" },
    });
    expect(res.status).toBe(423);
    await releaseKillSwitch({ id: killSwitch.id, reason: "over" }, TEST_ACTOR);
    expect((await refund(key, 120)).status).toBe("allowed");
  });

  it("after a revoke the same refund waits for a human again; revoking twice is a clear conflict", async () => {
    const { agent: a, key } = await makeAgentWithKey();
    const { id } = await remember(a.id, key);
    expect((await refund(key, 120)).status).toBe("allowed");

    await revokeStandingApproval(id, admin);
    expect((await refund(key, 120)).status).toBe("pending");

    const again = await revokeStandingApproval(id, admin).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toContain(`already revoked`);
    expect(again.message).toContain(admin.email);

    const revoked = await db().auditEntry.findFirstOrThrow({ where: { eventType: "standing_approval.revoked", subjectId: id } });
    expect(revoked.actorId).toBe(admin.id);
    const row = await db().standingApproval.findUniqueOrThrow({ where: { id } });
    expect(row.revokedById).toBe(admin.id);
  });

  it("an expired standing approval does not match, and cannot be revoked", async () => {
    const { agent: a, key } = await makeAgentWithKey();
    const { id } = await remember(a.id, key);
    await db().standingApproval.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refund(key, 120)).status).toBe("pending");
    await expect(revokeStandingApproval(id, admin)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("creating, revoking and listing standing approvals", () => {
  it("only a role with approvals:remember may create or revoke one", async () => {
    const { agent, key } = await makeAgentWithKey();
    const approver = await makeUser("approver");
    const source = await approvedRequest(key);
    await expect(createStandingApproval(upTo150(agent.id, source), approver)).rejects.toBeInstanceOf(ForbiddenError);
    const { id } = await createStandingApproval(upTo150(agent.id, source), admin);
    await expect(revokeStandingApproval(id, approver)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().standingApproval.count({ where: { agentId: agent.id } })).toBe(1);
  });

  it("validates the duration, the amount and the exact action type", async () => {
    const { agent, key } = await makeAgentWithKey();
    const source = await approvedRequest(key);
    const invalid = async (override: Partial<ReturnType<typeof upTo150>>) => {
      const error = await createStandingApproval({ ...upTo150(agent.id, source), ...override }, admin).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors;
    };
    expect(await invalid({ durationMinutes: 4 })).toEqual({ durationMinutes: ["At least 5 minutes"] });
    expect(Object.keys(await invalid({ durationMinutes: 7 * 24 * 60 + 1 }))).toEqual(["durationMinutes"]);
    expect(Object.keys(await invalid({ maxAmount: -1 }))).toEqual(["maxAmount"]);
    expect((await invalid({ actionType: "refund.*" })).actionType).toContain(
      "A standing approval covers one exact action type, not a pattern",
    );
    expect(Object.keys(await invalid({ currency: "dollars" }))).toEqual(["currency"]);
    await expect(createStandingApproval(upTo150("00000000-0000-4000-8000-000000000000", source), admin)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(Object.keys(await invalid({ sourceApprovalId: "nope" }))).toEqual(["sourceApprovalId"]);
    expect(await db().standingApproval.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("made from a request approved in full, of that request's agent and type; creation is audited", async () => {
    const { agent: a, key } = await makeAgentWithKey();
    const { agent: b } = await makeAgentWithKey();
    const pending = await refund(key, 500);
    const notYet = await createStandingApproval(upTo150(a.id, pending.approval!.id), admin).catch((e) => e);
    expect(notYet).toBeInstanceOf(ValidationError);
    expect(notYet.message).toBe("Only a request approved in full can be remembered");
    await decideApproval(pending.approval!.id, { ...admin, groups: [] }, "approve", undefined);
    await expect(createStandingApproval(upTo150(b.id, pending.approval!.id), admin)).rejects.toBeInstanceOf(ValidationError);
    const { id } = await createStandingApproval(upTo150(a.id, pending.approval!.id), admin);
    const created = await db().auditEntry.findFirstOrThrow({ where: { eventType: "standing_approval.created", subjectId: id } });
    expect(created.actorId).toBe(admin.id);
    expect(created.agentId).toBe(a.id);
    expect(entryData(created)).toMatchObject({
      actionType: "refund.issue",
      rule: "refunds-need-approval",
      maxAmount: 150,
      currency: "USD",
      durationMinutes: 240,
      sourceApprovalId: pending.approval!.id,
    });
  });

  it("a request of a multi-step chain cannot be remembered: those stay with humans each time", async () => {
    const { agent, key } = await makeAgentWithKey();
    const huge = await refund(key, 9000);
    for (const voter of [await makeUser("approver"), admin])
      await decideApproval(huge.approval!.id, { ...voter, groups: [] }, "approve", undefined);
    expect((await db().approvalRequest.findUniqueOrThrow({ where: { id: huge.approval!.id } })).status).toBe("approved");
    const refused = await createStandingApproval(upTo150(agent.id, huge.approval!.id), admin).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.message).toContain("Only a low-risk request can be remembered");
  });

  it("lists active ones first with agent and author; expired and revoked ones only when asked", async () => {
    const { agent, key } = await makeAgentWithKey();
    const active = await remember(agent.id, key);
    const revoked = await createStandingApproval(
      { ...upTo150(agent.id, await approvedRequest(key)), maxAmount: null, currency: null },
      admin,
    );
    await revokeStandingApproval(revoked.id, admin);

    const current = (await listStandingApprovals()).filter((s) => s.agent.id === agent.id);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({
      id: active.id,
      state: "active",
      agent: { name: agent.name },
      createdBy: admin.email,
      maxAmount: 150,
      currency: "USD",
      note: "known customer backlog",
    });

    const all = await listStandingApprovals({ includeExpired: true });
    const mine = all.filter((s) => s.agent.id === agent.id);
    expect(mine.map((s) => s.state)).toEqual(["active", "revoked"]);
    expect(mine[1]).toMatchObject({ revokedBy: admin.email, maxAmount: null });
    expect(all.findIndex((s) => s.state !== "active")).toBeGreaterThan(all.findLastIndex((s) => s.state === "active"));
  });
});
