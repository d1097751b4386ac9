import { describe, expect, it } from "vitest";
import type { Reason } from "../policy/types";
import { chain, step } from "../testing/approval-chains";
import { explanationOf, riskOf } from "./explain";
import { BulkDecideSchema, DecideSchema } from "../contracts/approvals";
import { batchOf, decidedByOf, deadlineOf } from "./inbox-view";
import { cancel, openApproval, tick, vote, type Voter } from "./machine";

const T0 = new Date("2026-03-02T09:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const rule = (id: string, effect: Reason["effect"], message: string, kind: Reason["kind"] = "rule"): Reason => ({
  kind,
  policy: "customer-support",
  id,
  effect,
  message,
});
const decision = (deciding: string, reasons: Reason[]) => ({
  effect: "require_approval",
  policy: "customer-support",
  rule: deciding,
  reasons,
  limits: [],
});

const alice: Voter = { id: "u-alice", role: "approver" };
const bob: Voter = { id: "u-bob", role: "approver", groups: ["finance"] };

describe("explanationOf", () => {
  it("quotes the reason of the rule that asked for approval, not the first rule that matched", () => {
    const d = decision("large-refunds", [
      rule("audit-refunds", "allow", "refunds are logged"),
      rule("large-refunds", "require_approval", "params.amount (250) > 100"),
    ]);
    expect(explanationOf(d)).toEqual({ policy: "customer-support", rule: "large-refunds", message: "params.amount (250) > 100" });
  });

  it("says something sensible when the stored decision has no reasons (the fallback chain)", () => {
    expect(explanationOf({})).toEqual({ policy: null, rule: null, message: "The policy asked for a human decision" });
  });
});

describe("riskOf and batchOf", () => {
  const plain = decision("large-refunds", [rule("large-refunds", "require_approval", "amount > 100")]);

  it("one approver under a rule is low risk, and such requests of one agent, type and rule share a batch", () => {
    const state = openApproval(chain([step()]), T0, null);
    const risk = riskOf(state, plain);
    expect(risk.level).toBe("low");
    const explanation = explanationOf(plain);
    expect(batchOf("agent-1", "refund.issue", explanation, risk)).toBe(batchOf("agent-1", "refund.issue", explanation, risk));
    expect(batchOf("agent-1", "refund.issue", explanation, risk)).not.toBe(batchOf("agent-2", "refund.issue", explanation, risk));
    expect(batchOf("agent-1", "refund.issue", explanation, risk)).not.toBe(batchOf("agent-1", "refund.void", explanation, risk));
    expect(batchOf("agent-1", "refund.issue", explanation, risk)).not.toBe(
      batchOf("agent-1", "refund.issue", { ...explanation, rule: "other" }, risk),
    );
  });

  it("a multi-step chain, an owner bar or a limit that asked for approval is high risk, and never batched", () => {
    const twoSteps = riskOf(
      openApproval(chain([step(), step({ approvers: { roles: [], users: [], groups: ["finance"] } })]), T0, null),
      plain,
    );
    expect(twoSteps).toEqual({ level: "high", why: "the policy wants 2 levels of approval" });
    expect(riskOf(openApproval(chain([step()], { barOwner: true }), T0, "owner"), plain).level).toBe("high");
    const byLimit = decision("bulk-export", [rule("bulk-export", "require_approval", "impact.records 5000 > 1000", "limit")]);
    expect(riskOf(openApproval(chain([step()]), T0, null), byLimit)).toEqual({ level: "high", why: "over the limit bulk-export" });
    // A rule with the same effect decided first; the exceeded limit still makes it high risk.
    const ruleThenLimit = decision("exports", [
      rule("exports", "require_approval", "data.export"),
      rule("huge-exports", "require_approval", "impact.records 5000000 > 1000", "limit"),
    ]);
    expect(riskOf(openApproval(chain([step()]), T0, null), ruleThenLimit)).toEqual({ level: "high", why: "over the limit huge-exports" });
    expect(batchOf("agent-1", "refund.issue", explanationOf(plain), twoSteps)).toBeNull();
  });
});

describe("deadlineOf", () => {
  it("is the step's timeout and what happens then, or the expiry when that comes first", () => {
    const state = openApproval(
      chain([step({ timeoutSeconds: 600, onTimeout: "escalate", escalateTo: { roles: ["admin"], users: [], groups: [] } })]),
      T0,
      null,
    );
    expect(deadlineOf(state)).toEqual({ at: at(600).toISOString(), then: "escalate" });
    const escalated = tick(state, at(600)).state;
    // A second timeout after escalation denies.
    expect(deadlineOf(escalated)).toEqual({ at: at(1200).toISOString(), then: "deny" });
    const short = openApproval(chain([step({ timeoutSeconds: 7200 })]), T0, null);
    expect(deadlineOf(short)).toEqual({ at: at(3600).toISOString(), then: "expire" });
  });

  it("is null once the request is decided", () => {
    expect(deadlineOf(vote(openApproval(chain([step()]), T0, null), alice, "approve", undefined, at(5)).state)).toBeNull();
  });
});

describe("decidedByOf", () => {
  const email = (id: string) => `${id.slice(2)}@example.test`;

  it("names every approver of a two-step chain", () => {
    const s0 = openApproval(chain([step(), step({ approvers: { roles: [], users: [], groups: ["finance"] } })]), T0, null);
    const s1 = vote(s0, alice, "approve", undefined, at(10)).state;
    const s2 = vote(s1, bob, "approve", "fine", at(20)).state;
    expect(s2.status).toBe("approved");
    expect(decidedByOf(s2, email)).toEqual(["alice@example.test", "bob@example.test"]);
  });

  it("names the rejecter, or says the timeout, the expiry or the kill switch did it", () => {
    const s0 = openApproval(chain([step({ onTimeout: "deny" })]), T0, null);
    expect(decidedByOf(vote(s0, alice, "reject", "duplicate", at(10)).state, email)).toEqual(["alice@example.test"]);
    expect(decidedByOf(tick(s0, at(600)).state, email)).toEqual(["timeout"]);
    expect(decidedByOf(tick(s0, at(3600)).state, email)).toEqual(["expired"]);
    expect(decidedByOf(cancel(s0, "kill switch: runaway", at(30)).state, email)).toEqual(["kill switch"]);
  });

  it("says when a step was approved by its timeout rather than a person", () => {
    const s0 = openApproval(chain([step({ onTimeout: "approve" })]), T0, null);
    expect(decidedByOf(tick(s0, at(600)).state, email)).toEqual(["timeout (auto-approved)"]);
  });
});

describe("decision input", () => {
  const requestId = "6f1c1f0e-8a4b-4c5e-9d3a-2b7e4f1a0c11";

  it("refuses a rejection without a comment, single or bulk", () => {
    const single = DecideSchema.safeParse({ requestId, decision: "reject", comment: "   " });
    expect(single.success).toBe(false);
    expect(single.error?.issues[0]).toMatchObject({ path: ["comment"] });
    expect(BulkDecideSchema.safeParse({ requestIds: [requestId], decision: "reject" }).success).toBe(false);
    expect(DecideSchema.safeParse({ requestId, decision: "reject", comment: "duplicate refund" }).success).toBe(true);
    expect(DecideSchema.safeParse({ requestId, decision: "approve" }).success).toBe(true);
  });

  it("remembers only an approval, within the standing approval's own bounds", () => {
    const remember = { maxAmount: 150, currency: "USD", durationMinutes: 240 };
    expect(DecideSchema.safeParse({ requestId, decision: "approve", remember }).success).toBe(true);
    expect(DecideSchema.safeParse({ requestId, decision: "reject", comment: "no", remember }).success).toBe(false);
    expect(
      DecideSchema.safeParse({ requestId, decision: "approve", remember: { ...remember, durationMinutes: 60 * 24 * 30 } }).success,
    ).toBe(false);
    expect(DecideSchema.safeParse({ requestId, decision: "approve", remember: { ...remember, maxAmount: -1 } }).success).toBe(false);
  });
});
