import { describe, expect, it } from "vitest";
import type { ApprovalChainSpec } from "../policy/types";
import { chain, step } from "../testing/approval-chains";
import {
  ApprovalError,
  cancel,
  describeStep,
  mayVote,
  nextDeadline,
  openApproval,
  tick,
  vote,
  type ApprovalState,
  type Voter,
} from "./machine";

const T0 = new Date("2025-01-06T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const alice: Voter = { id: "u-alice", role: "approver" };
const bob: Voter = { id: "u-bob", role: "approver" };
const carol: Voter = { id: "u-carol", role: "approver" };
const dana: Voter = { id: "u-dana", role: "admin" };
const owner: Voter = { id: "u-owner", role: "approver" };
const viewer: Voter = { id: "u-vic", role: "viewer" };

function thrown(fn: () => unknown): ApprovalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApprovalError);
    return e as ApprovalError;
  }
  throw new Error("expected an ApprovalError");
}

describe("openApproval", () => {
  it("activates step 0 with a deadline and leaves the others waiting", () => {
    const s = openApproval(chain([step(), step({ timeoutSeconds: 60 })]), T0, "u-owner");
    expect(s).toMatchObject({
      status: "pending",
      currentStep: 0,
      expiresAt: at(3600),
      barOwner: false,
      ownerId: "u-owner",
      version: 0,
      votes: [],
    });
    expect(s.steps[0]).toMatchObject({ index: 0, status: "active", startedAt: T0, dueAt: at(600), escalated: false });
    expect(s.steps[1]).toMatchObject({ index: 1, status: "waiting", escalated: false });
    expect(s.steps[1]?.startedAt).toBeUndefined();
    expect(s.steps[1]?.dueAt).toBeUndefined();
  });

  it.each([
    ["no steps", chain([])],
    ["zero expiry", chain([step()], { expiresInSeconds: 0 })],
    ["zero timeout", chain([step({ timeoutSeconds: 0 })])],
    ["zero quorum", chain([step({ quorum: 0 })])],
  ])("refuses a chain with %s", (_name, c) => {
    expect(thrown(() => openApproval(c, T0, null))).toMatchObject({ code: "invalid_chain", status: 422 });
  });

  it("does not share arrays with the spec", () => {
    const spec = chain([step()]);
    const s = openApproval(spec, T0, null);
    s.steps[0]!.approvers.roles.push("admin");
    expect(spec.steps[0]!.approvers.roles).toEqual(["approver"]);
  });
});

describe("voting", () => {
  it("single step: one approval approves the request", () => {
    const s0 = openApproval(chain([step()]), T0, null);
    const { state, events } = vote(s0, alice, "approve", undefined, at(10));
    expect(state).toMatchObject({ status: "approved", decidedAt: at(10), version: 1 });
    expect(state.steps[0]).toMatchObject({ status: "approved", completedAt: at(10) });
    expect(state.votes).toEqual([{ stepIndex: 0, userId: "u-alice", decision: "approve", at: at(10) }]);
    expect(events.map((e) => e.type)).toEqual(["approval.voted", "approval.step_approved", "approval.approved"]);
    expect(events[0]?.data).toMatchObject({ step: 0, userId: "u-alice", decision: "approve", approvals: 1, quorum: 1 });
  });

  it("quorum 2: the first vote keeps it pending at 1 of 2, the second approves", () => {
    const s0 = openApproval(chain([step({ quorum: 2 })]), T0, null);
    expect(describeStep(s0)).toBe("approver, 0 of 2");
    const r1 = vote(s0, alice, "approve", "looks fine", at(10));
    expect(r1.state).toMatchObject({ status: "pending", currentStep: 0, version: 1 });
    expect(r1.state.steps[0]?.status).toBe("active");
    expect(r1.state.votes[0]?.comment).toBe("looks fine");
    expect(r1.events.map((e) => e.type)).toEqual(["approval.voted"]);
    expect(describeStep(r1.state)).toBe("approver, 1 of 2");
    const r2 = vote(r1.state, bob, "approve", undefined, at(20));
    expect(r2.state).toMatchObject({ status: "approved", version: 2, decidedAt: at(20) });
    expect(r2.events.map((e) => e.type)).toEqual(["approval.voted", "approval.step_approved", "approval.approved"]);
  });

  it("multi-step: approving a step activates the next with its own deadline", () => {
    const s0 = openApproval(
      chain([step(), step({ approvers: { roles: ["admin"], users: [], groups: [] }, timeoutSeconds: 120 })]),
      T0,
      null,
    );
    const r1 = vote(s0, alice, "approve", undefined, at(30));
    expect(r1.state).toMatchObject({ status: "pending", currentStep: 1, version: 1 });
    expect(r1.state.steps[0]).toMatchObject({ status: "approved", completedAt: at(30) });
    expect(r1.state.steps[1]).toMatchObject({ status: "active", startedAt: at(30), dueAt: at(150) });
    expect(r1.events.map((e) => e.type)).toEqual(["approval.voted", "approval.step_approved"]);
    // An approver of step 1 is not one of step 2.
    expect(thrown(() => vote(r1.state, bob, "approve", undefined, at(40)))).toMatchObject({ code: "not_eligible", status: 403 });
    const r2 = vote(r1.state, dana, "approve", undefined, at(40));
    expect(r2.state).toMatchObject({ status: "approved", currentStep: 1, version: 2 });
    expect(r2.state.votes.map((v) => [v.stepIndex, v.userId])).toEqual([
      [0, "u-alice"],
      [1, "u-dana"],
    ]);
  });

  it("a rejection with a comment rejects the whole request, whatever the quorum", () => {
    const s0 = openApproval(chain([step({ quorum: 3 }), step()]), T0, null);
    const r1 = vote(s0, alice, "approve", undefined, at(5));
    const r2 = vote(r1.state, bob, "reject", "  refund is a duplicate  ", at(6));
    expect(r2.state).toMatchObject({ status: "rejected", reason: "refund is a duplicate", decidedAt: at(6), version: 2 });
    expect(r2.state.steps[0]).toMatchObject({ status: "rejected", completedAt: at(6) });
    expect(r2.state.steps[1]?.status).toBe("waiting");
    expect(r2.events.map((e) => e.type)).toEqual(["approval.voted", "approval.rejected"]);
    expect(r2.events[1]?.data).toMatchObject({ by: "u-bob", reason: "refund is a duplicate" });
    expect(nextDeadline(r2.state)).toBeUndefined();
  });

  it.each([undefined, "", "   "])("a rejection without a comment (%j) is refused with 422", (comment) => {
    const s0 = openApproval(chain([step()]), T0, null);
    expect(thrown(() => vote(s0, alice, "reject", comment, at(5)))).toMatchObject({ code: "comment_required", status: 422 });
  });

  it("never mutates the state it is given", () => {
    const s0 = openApproval(chain([step({ quorum: 2 }), step()]), T0, null);
    const before = structuredClone(s0);
    vote(s0, alice, "approve", undefined, at(5));
    tick(s0, at(600));
    tick(s0, at(3600));
    cancel(s0, "halt", at(5));
    expect(s0).toEqual(before);
  });
});

describe("eligibility", () => {
  const named = chain([step({ approvers: { roles: ["policy_admin"], users: ["u-alice", "carol@example.com"], groups: [] } })]);

  it.each<[string, Voter, boolean]>([
    ["a voter with an approver role", { id: "u-x", role: "policy_admin" }, true],
    ["a named user by id, whatever the role", { id: "u-alice", role: "viewer" }, true],
    ["a named user by email (any case)", { id: "u-carol", role: "viewer", email: "Carol@Example.com" }, true],
    ["a role not in the step", { id: "u-x", role: "approver" }, false],
    ["a viewer not named", viewer, false],
    ["an admin not named (admins are not implicit approvers)", dana, false],
  ])("%s", (_name, voter, ok) => {
    const s = openApproval(named, T0, null);
    const r = mayVote(s, voter, at(1));
    if (ok) expect(r).toEqual({ ok: true });
    else
      expect(r).toMatchObject({
        ok: false,
        code: "not_eligible",
        status: 403,
        message: expect.stringContaining("policy_admin or u-alice or carol@example.com"),
      });
  });

  it("a group admits its members and names itself in the refusal", () => {
    const finance = chain([step({ approvers: { roles: [], users: [], groups: ["finance"] } })]);
    const s = openApproval(finance, T0, null);
    expect(mayVote(s, { id: "u-f", role: "approver", groups: ["ops", "finance"] }, at(1))).toEqual({ ok: true });
    expect(mayVote(s, { id: "u-g", role: "admin", groups: ["ops"] }, at(1))).toMatchObject({
      ok: false,
      code: "not_eligible",
      message: expect.stringContaining("group finance"),
    });
    expect(describeStep(s)).toBe("group finance, 0 of 1");
  });

  it("escalation adds the escalation group to the step's approvers", () => {
    const spec = chain([
      step({
        approvers: { roles: ["approver"], users: [], groups: [] },
        onTimeout: "escalate",
        escalateTo: { roles: [], users: [], groups: ["leads"] },
      }),
    ]);
    const s0 = openApproval(spec, T0, null);
    const lead = { id: "u-lead", role: "viewer" as const, groups: ["leads"] };
    expect(mayVote(s0, lead, at(1))).toMatchObject({ ok: false, code: "not_eligible" });
    const escalated = tick(s0, at(spec.steps[0]!.timeoutSeconds + 1)).state;
    expect(mayVote(escalated, lead, at(spec.steps[0]!.timeoutSeconds + 2))).toEqual({ ok: true });
  });

  it("vote throws 403 for an ineligible role", () => {
    const s = openApproval(chain([step()]), T0, null);
    expect(thrown(() => vote(s, viewer, "approve", undefined, at(1)))).toMatchObject({ code: "not_eligible", status: 403 });
  });
});

describe("separation of duties", () => {
  it("whoever approved step 1 cannot vote on step 2", () => {
    const s0 = openApproval(chain([step(), step()]), T0, null);
    const r1 = vote(s0, alice, "approve", undefined, at(1));
    const refusal = mayVote(r1.state, alice, at(2));
    expect(refusal).toMatchObject({ ok: false, code: "already_voted", status: 403 });
    expect(refusal.ok === false && refusal.message).toMatch(/already voted.*step 1/);
    expect(thrown(() => vote(r1.state, alice, "approve", undefined, at(2)))).toMatchObject({ code: "already_voted", status: 403 });
    expect(vote(r1.state, bob, "approve", undefined, at(2)).state.status).toBe("approved");
  });

  it("nobody votes twice on the same step", () => {
    const s0 = openApproval(chain([step({ quorum: 2 })]), T0, null);
    const r1 = vote(s0, alice, "approve", undefined, at(1));
    expect(thrown(() => vote(r1.state, alice, "approve", undefined, at(2)))).toMatchObject({ code: "already_voted" });
    expect(thrown(() => vote(r1.state, alice, "reject", "changed my mind", at(2)))).toMatchObject({ code: "already_voted" });
  });

  it("barOwner: the agent's owner is refused, others are fine", () => {
    const s = openApproval(chain([step()], { barOwner: true }), T0, "u-owner");
    expect(mayVote(s, owner, at(1))).toMatchObject({
      ok: false,
      code: "owner_barred",
      status: 403,
      message: expect.stringMatching(/own this agent/),
    });
    expect(thrown(() => vote(s, owner, "approve", undefined, at(1)))).toMatchObject({ code: "owner_barred", status: 403 });
    expect(mayVote(s, alice, at(1))).toEqual({ ok: true });
  });

  it("barOwner false lets the owner vote", () => {
    const s = openApproval(chain([step()], { barOwner: false }), T0, "u-owner");
    expect(vote(s, owner, "approve", undefined, at(1)).state.status).toBe("approved");
  });

  it("barOwner with no owner bars nobody", () => {
    const s = openApproval(chain([step()], { barOwner: true }), T0, null);
    expect(mayVote(s, owner, at(1))).toEqual({ ok: true });
  });
});

describe("step timeouts", () => {
  it("approve: the step is approved at its deadline and the next one starts", () => {
    const s0 = openApproval(chain([step({ onTimeout: "approve" }), step({ timeoutSeconds: 300 })]), T0, null);
    expect(tick(s0, at(599)).state).toBe(s0);
    const { state, events } = tick(s0, at(600));
    expect(state).toMatchObject({ status: "pending", currentStep: 1, version: 1 });
    expect(state.steps[0]).toMatchObject({ status: "approved", completedAt: at(600) });
    expect(state.steps[1]).toMatchObject({ status: "active", startedAt: at(600), dueAt: at(900) });
    expect(events.map((e) => e.type)).toEqual(["approval.timed_out", "approval.step_approved"]);
    expect(events[0]?.data).toMatchObject({ step: 0, onTimeout: "approve", outcome: "approve" });
    expect(events[1]?.data).toMatchObject({ step: 0, by: "timeout" });
  });

  it("approve on the last step approves the request", () => {
    const s0 = openApproval(chain([step({ onTimeout: "approve" })]), T0, null);
    const { state, events } = tick(s0, at(700));
    expect(state).toMatchObject({ status: "approved", decidedAt: at(700) });
    expect(events.map((e) => e.type)).toEqual(["approval.timed_out", "approval.step_approved", "approval.approved"]);
  });

  it("deny: the request is rejected with reason 'timed out'", () => {
    const s0 = openApproval(chain([step({ onTimeout: "deny" })]), T0, null);
    const { state, events } = tick(s0, at(600));
    expect(state).toMatchObject({ status: "rejected", reason: "timed out", decidedAt: at(600), version: 1 });
    expect(state.steps[0]).toMatchObject({ status: "timed_out", completedAt: at(600) });
    expect(events.map((e) => e.type)).toEqual(["approval.timed_out", "approval.rejected"]);
  });

  it("escalate: once, widening eligibility and restarting the clock; a second timeout denies", () => {
    const spec = chain([
      step({
        onTimeout: "escalate",
        approvers: { roles: [], users: ["finance", "alice"], groups: [] },
        escalateTo: { roles: ["admin"], users: [], groups: [] },
      }),
    ]);
    const s0 = openApproval(spec, T0, null);
    expect(mayVote(s0, dana, at(1))).toMatchObject({ ok: false, code: "not_eligible" });
    expect(describeStep(s0)).toBe("finance or alice, 0 of 1");

    const r1 = tick(s0, at(650));
    expect(r1.state).toMatchObject({ status: "pending", version: 1 });
    expect(r1.state.steps[0]).toMatchObject({ status: "active", escalated: true, dueAt: at(1250) });
    expect(r1.events.map((e) => e.type)).toEqual(["approval.timed_out", "approval.escalated"]);
    expect(r1.events[1]?.data).toMatchObject({ step: 0, escalateTo: { roles: ["admin"], users: [], groups: [] }, dueAt: at(1250) });
    expect(describeStep(r1.state)).toBe("finance or alice, 0 of 1 (escalated to admin)");
    expect(mayVote(r1.state, dana, at(700))).toEqual({ ok: true });
    expect(nextDeadline(r1.state)).toEqual(at(1250));
    expect(tick(r1.state, at(1249)).state).toBe(r1.state);

    const r2 = tick(r1.state, at(1250));
    expect(r2.state).toMatchObject({ status: "rejected", reason: "timed out", version: 2 });
    expect(r2.state.steps[0]?.status).toBe("timed_out");
    expect(r2.events.map((e) => e.type)).toEqual(["approval.timed_out", "approval.rejected"]);
    expect(r2.events[0]?.data).toMatchObject({ onTimeout: "escalate", outcome: "deny", escalated: true });
  });

  it("an escalated approver's vote completes the step", () => {
    const s0 = openApproval(chain([step({ onTimeout: "escalate", escalateTo: { roles: [], users: ["u-dana"], groups: [] } })]), T0, null);
    const r1 = tick(s0, at(600));
    expect(vote(r1.state, { id: "u-dana", role: "viewer" }, "approve", undefined, at(601)).state.status).toBe("approved");
  });

  it("escalate without escalateTo gives the same approvers one more period", () => {
    const s0 = openApproval(chain([step({ onTimeout: "escalate" })]), T0, null);
    const r1 = tick(s0, at(600));
    expect(r1.state.steps[0]).toMatchObject({ escalated: true, dueAt: at(1200) });
    expect(describeStep(r1.state)).toBe("approver, 0 of 1 (escalated)");
    expect(mayVote(r1.state, dana, at(601))).toMatchObject({ ok: false, code: "not_eligible" });
  });

  it("a vote after a due, un-ticked deadline sees the timer applied first", () => {
    const s0 = openApproval(chain([step({ onTimeout: "deny" })]), T0, null);
    expect(mayVote(s0, alice, at(600))).toMatchObject({ ok: false, code: "not_pending", status: 409 });
    expect(thrown(() => vote(s0, alice, "approve", undefined, at(600)))).toMatchObject({ code: "not_pending" });

    const esc = openApproval(chain([step({ onTimeout: "escalate", escalateTo: { roles: ["admin"], users: [], groups: [] } })]), T0, null);
    const r = vote(esc, dana, "approve", undefined, at(601));
    expect(r.events.map((e) => e.type)).toEqual([
      "approval.timed_out",
      "approval.escalated",
      "approval.voted",
      "approval.step_approved",
      "approval.approved",
    ]);
    expect(r.state.version).toBe(1);
  });
});

describe("overall expiry (fail safe)", () => {
  it("expires at expiresAt, closing the active step", () => {
    const s0 = openApproval(chain([step({ timeoutSeconds: 7200 })]), T0, null);
    expect(tick(s0, at(3599)).state).toBe(s0);
    const { state, events } = tick(s0, at(3600));
    expect(state).toMatchObject({ status: "expired", reason: "expired", decidedAt: at(3600), version: 1 });
    expect(state.steps[0]).toMatchObject({ status: "timed_out", completedAt: at(3600) });
    expect(events).toEqual([{ type: "approval.expired", at: at(3600), data: { step: 0, expiresAt: at(3600) } }]);
  });

  it.each(["approve", "escalate", "deny"] as const)("beats a due step timeout with onTimeout %s", (onTimeout) => {
    const s0 = openApproval(
      chain([step({ onTimeout, escalateTo: { roles: ["admin"], users: [], groups: [] } })], { expiresInSeconds: 300 }),
      T0,
      null,
    );
    const { state, events } = tick(s0, at(900));
    expect(state.status).toBe("expired");
    expect(events.map((e) => e.type)).toEqual(["approval.expired"]);
  });

  it("refuses a vote past expiry even before the tick, and after it", () => {
    const s0 = openApproval(chain([step({ timeoutSeconds: 7200 })]), T0, null);
    const message = /expired at 2025-01-06T13:00:00.000Z; votes are closed and the action is denied/;
    expect(mayVote(s0, alice, at(3600))).toMatchObject({
      ok: false,
      code: "expired",
      status: 409,
      message: expect.stringMatching(message),
    });
    expect(thrown(() => vote(s0, alice, "approve", undefined, at(3600)))).toMatchObject({ code: "expired", status: 409 });
    const expired = tick(s0, at(3600)).state;
    expect(thrown(() => vote(expired, alice, "approve", undefined, at(3700)))).toMatchObject({
      code: "expired",
      status: 409,
      message: expect.stringMatching(message),
    });
  });
});

describe("finished requests refuse votes, with the right code and message", () => {
  const s0 = () => openApproval(chain([step({ quorum: 2 })]), T0, null);
  const approved = () => vote(vote(s0(), alice, "approve", undefined, at(1)).state, bob, "approve", undefined, at(2)).state;
  const rejected = () => vote(s0(), alice, "reject", "no", at(1)).state;
  const expired = () => tick(s0(), at(3600)).state;
  const cancelled = () => cancel(s0(), "kill switch engaged", at(1)).state;

  it.each<[string, () => ApprovalState, string, RegExp]>([
    ["approved", approved, "not_pending", /already approved; votes are closed/],
    ["rejected", rejected, "not_pending", /already rejected \(no\); votes are closed/],
    ["expired", expired, "expired", /expired at .*votes are closed/],
    ["cancelled", cancelled, "not_pending", /cancelled \(kill switch engaged\); votes are closed/],
  ])("%s", (_name, make, code, message) => {
    const state = make();
    expect(mayVote(state, carol, at(10))).toMatchObject({ ok: false, code, status: 409, message: expect.stringMatching(message) });
    const err = thrown(() => vote(state, carol, "approve", undefined, at(10)));
    expect(err).toMatchObject({ code, status: 409 });
    expect(err.message).toMatch(message);
  });

  it.each<[string, () => ApprovalState]>([
    ["approved", approved],
    ["rejected", rejected],
    ["expired", expired],
    ["cancelled", cancelled],
  ])("tick on a %s request changes nothing", (_name, make) => {
    const state = make();
    const r = tick(state, at(100_000));
    expect(r.state).toBe(state);
    expect(r.events).toEqual([]);
    expect(nextDeadline(state)).toBeUndefined();
  });

  it("a vote the moment the request expires is refused: expired", () => {
    const s = openApproval(chain([step({ timeoutSeconds: 7200 })]), T0, null);
    expect(mayVote(s, alice, at(3600))).toMatchObject({ ok: false, code: "expired" });
    expect(mayVote(s, alice, at(3599))).toEqual({ ok: true });
  });
});

describe("cancel", () => {
  it("cancels a pending request with the reason", () => {
    const s0 = openApproval(chain([step(), step()]), T0, null);
    const { state, events } = cancel(s0, "kill switch: agent halted", at(5));
    expect(state).toMatchObject({ status: "cancelled", reason: "kill switch: agent halted", decidedAt: at(5), version: 1 });
    expect(state.steps[0]).toMatchObject({ status: "rejected", completedAt: at(5) });
    expect(state.steps[1]?.status).toBe("waiting");
    expect(events).toEqual([{ type: "approval.cancelled", at: at(5), data: { step: 0, reason: "kill switch: agent halted" } }]);
  });

  it("an empty reason becomes 'cancelled'", () => {
    expect(cancel(openApproval(chain([step()]), T0, null), " ", at(5)).state.reason).toBe("cancelled");
  });

  it("refuses a finished request with 409", () => {
    const done = vote(openApproval(chain([step()]), T0, null), alice, "approve", undefined, at(1)).state;
    expect(thrown(() => cancel(done, "halt", at(2)))).toMatchObject({
      code: "not_pending",
      status: 409,
      message: expect.stringMatching(/already approved/),
    });
  });
});

describe("tick idempotence and versions", () => {
  it("repeated ticks at the same moment change nothing after the first", () => {
    const s0 = openApproval(
      chain([step({ onTimeout: "escalate", escalateTo: { roles: ["admin"], users: [], groups: [] } }), step()]),
      T0,
      null,
    );
    const r1 = tick(s0, at(600));
    const r2 = tick(r1.state, at(600));
    expect(r2.state).toBe(r1.state);
    expect(r2.events).toEqual([]);
    const r3 = tick(r2.state, at(601));
    expect(r3.state).toBe(r1.state);
  });

  it("bumps version once per transition and never otherwise", () => {
    let s = openApproval(chain([step({ quorum: 2 }), step({ onTimeout: "escalate" })]), T0, null);
    const versions = [s.version];
    s = vote(s, alice, "approve", undefined, at(1)).state;
    versions.push(s.version);
    s = tick(s, at(2)).state; // nothing due
    versions.push(s.version);
    s = vote(s, bob, "approve", undefined, at(3)).state; // step 1 approved, step 2 active
    versions.push(s.version);
    s = tick(s, at(603)).state; // escalated
    versions.push(s.version);
    s = tick(s, at(1203)).state; // second timeout: denied
    versions.push(s.version);
    expect(versions).toEqual([0, 1, 1, 2, 3, 4]);
    expect(s.status).toBe("rejected");
  });
});

describe("nextDeadline", () => {
  it.each<[string, ApprovalChainSpec, number]>([
    ["the step's dueAt when earlier", chain([step({ timeoutSeconds: 600 })]), 600],
    ["expiresAt when earlier", chain([step({ timeoutSeconds: 7200 })]), 3600],
    ["expiresAt when equal", chain([step({ timeoutSeconds: 3600 })]), 3600],
  ])("is %s", (_name, spec, seconds) => {
    expect(nextDeadline(openApproval(spec, T0, null))).toEqual(at(seconds));
  });

  it("follows the current step", () => {
    const s = vote(openApproval(chain([step(), step({ timeoutSeconds: 60 })]), T0, null), alice, "approve", undefined, at(100)).state;
    expect(nextDeadline(s)).toEqual(at(160));
  });
});

describe("describeStep", () => {
  it.each<[string, () => ApprovalState, string]>([
    ["single step", () => openApproval(chain([step()]), T0, null), "approver, 0 of 1"],
    [
      "roles and users",
      () => openApproval(chain([step({ approvers: { roles: ["approver", "admin"], users: ["alice"], groups: [] }, quorum: 2 })]), T0, null),
      "approver or admin or alice, 0 of 2",
    ],
    [
      "multi-step",
      () =>
        vote(
          openApproval(chain([step(), step({ approvers: { roles: ["admin"], users: [], groups: [] } })]), T0, null),
          alice,
          "approve",
          undefined,
          at(1),
        ).state,
      "admin, 0 of 1 — step 2 of 2",
    ],
    ["approved", () => vote(openApproval(chain([step()]), T0, null), alice, "approve", undefined, at(1)).state, "approved"],
    ["rejected", () => vote(openApproval(chain([step()]), T0, null), alice, "reject", "too big", at(1)).state, "rejected: too big"],
    ["timed out", () => tick(openApproval(chain([step()]), T0, null), at(600)).state, "rejected: timed out"],
  ])("%s", (_name, make, text) => {
    expect(describeStep(make())).toBe(text);
  });
});
