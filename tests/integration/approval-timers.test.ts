import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { approvalTimerJob, decideApproval } from "@/lib/approvals/service";
import { db } from "@/lib/db/client";
import { stopJobs, startWorkers } from "@/lib/jobs/queue";
import { engageKillSwitch } from "@/lib/killswitch/service";
import { publishPolicyVersion } from "@/lib/policy/store";
import { prepareBackgroundJobs } from "@/lib/server/jobs";
import { makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { readAs, submitAs } from "./agent-api";

// Timers fire through the real job queue (pg-boss workers polling this run's database),
// not by calling the timer function by hand.

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: approval-timers-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: escalating
      match: { actions: ["timer.escalate"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { users: [nobody@example.test] }
            timeout: 3s
            onTimeout: escalate
            escalateTo: { roles: [admin] }
        expiresIn: 1h
    - id: expiring
      match: { actions: ["timer.expire"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 1h
            onTimeout: approve
        expiresIn: 2s
    - id: denying
      match: { actions: ["timer.deny"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 2s
            onTimeout: deny
        expiresIn: 1h
    - id: manual
      match: { actions: ["timer.manual"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 1h
            onTimeout: deny
        expiresIn: 1h
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(key: string, type: string) {
  const body = await (await submitAs(key, { type, resource: "things/1" })).json();
  expect(body.status).toBe("pending");
  return body as { id: string; approval: { id: string } };
}

const waitFor = (key: string, id: string, seconds: number) => readAs(key, id, seconds).then((r) => r.json());

async function auditTypes(actionId: string) {
  const rows = await db().auditEntry.findMany({ where: { subjectId: actionId }, orderBy: { id: "asc" }, select: { eventType: true } });
  return rows.map((r) => r.eventType);
}

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/approval-timers-test.yaml", content: POLICY }], "approval timer tests", TEST_ACTOR);
});

afterEach(async () => {
  // Each test starts its own workers; stop them so a test's jobs do not leak into the next.
  await stopJobs();
  await prepareBackgroundJobs();
});

describe("approval timers through the job queue", () => {
  it("escalates on a short timeout: the step widens to the escalation approvers", async () => {
    await startWorkers([approvalTimerJob]);
    const { key } = await makeAgentWithKey();
    const admin = await makeUser("admin"); // before the request: hashing a password can take seconds on a busy machine
    const action = await post(key, "timer.escalate");
    await expect(decideApproval(action.approval.id, { ...admin, groups: [] }, "approve", undefined)).rejects.toMatchObject({
      code: "not_eligible",
    });

    // Escalated at 3 s; a second timeout 3 s later would deny, so vote as soon as the escalation shows (a busy machine is slow to get there).
    const escalated = async () => (await db().approvalStep.findFirstOrThrow({ where: { requestId: action.approval.id } })).escalated;
    for (let waited = 0; waited < 5500 && !(await escalated()); waited += 100) await sleep(100);
    const step = await db().approvalStep.findFirstOrThrow({ where: { requestId: action.approval.id } });
    expect(step.escalated).toBe(true);
    expect(await auditTypes(action.id)).toContain("approval.escalated");

    await decideApproval(action.approval.id, { ...admin, groups: [] }, "approve", undefined);
    expect((await db().action.findUniqueOrThrow({ where: { id: action.id } })).status).toBe("allowed");
  });

  it("denies at expiry (fail safe) and the waiting agent is told within the wait", async () => {
    await startWorkers([approvalTimerJob]);
    const { key } = await makeAgentWithKey();
    const action = await post(key, "timer.expire");
    const started = Date.now();
    const answer = await waitFor(key, action.id, 20);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(answer).toMatchObject({ status: "denied", approval: { status: "expired" } });
    expect(answer.reasons.at(-1)).toMatchObject({ kind: "approval", effect: "deny" });
    expect(await auditTypes(action.id)).toContain("approval.expired");
  });

  it("a timer due while no server runs fires after the restart", async () => {
    const { key } = await makeAgentWithKey();
    const action = await post(key, "timer.deny"); // due in 2 s; no workers are running
    await stopJobs(); // the process "stops": its queue connection goes away, the job row stays
    await sleep(2500);
    expect((await db().action.findUniqueOrThrow({ where: { id: action.id } })).status).toBe("pending");

    await startWorkers([approvalTimerJob]); // a new process: fresh queue, same database
    const answer = await waitFor(key, action.id, 10);
    expect(answer).toMatchObject({ status: "denied", approval: { status: "rejected" } });
    expect(await auditTypes(action.id)).toEqual(expect.arrayContaining(["approval.timed_out", "approval.rejected"]));
  });

  it("the kill switch's auto-reject cancels pending approvals through the state machine; a later vote is refused", async () => {
    const { key, agent } = await makeAgentWithKey();
    const action = await post(key, "timer.manual");
    const waiting = waitFor(key, action.id, 20);
    const { rejected } = await engageKillSwitch(
      { target: { scope: "agent", agentId: agent.id }, reason: "runaway loop", autoReject: true },
      TEST_ACTOR,
    );
    expect(rejected).toBe(1);
    const answer = await waiting;
    expect(answer).toMatchObject({ status: "denied", approval: { status: "cancelled" } });
    expect(answer.reasons.at(-1)).toMatchObject({ kind: "kill_switch", effect: "deny" });
    expect(await auditTypes(action.id)).toContain("approval.cancelled");

    const approver = await makeUser("approver");
    await expect(decideApproval(action.approval.id, { ...approver, groups: [] }, "approve", undefined)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("kill switch"),
    });
  });
});
