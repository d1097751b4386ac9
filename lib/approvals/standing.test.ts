import { describe, expect, it } from "vitest";
import type { Decision } from "../policy/types";
import { allowedByStanding, describeCap, matchStandingApproval, type ActionToMatch, type StandingCandidate } from "./standing";

const NOW = new Date("2026-11-24T12:00:00Z");
const HOUR = 3_600_000;

const standing = (overrides: Partial<StandingCandidate> = {}): StandingCandidate => ({
  id: "sa-1",
  agentId: "agent-a",
  actionType: "refund.issue",
  maxAmount: 150,
  currency: "USD",
  policy: "support",
  rule: "large-refunds",
  expiresAt: new Date(NOW.getTime() + 4 * HOUR),
  revokedAt: null,
  ...overrides,
});

const refund = (overrides: Partial<ActionToMatch> = {}): ActionToMatch => ({
  agentId: "agent-a",
  type: "refund.issue",
  policy: "support",
  rule: "large-refunds",
  costAmount: 120,
  costCurrency: "USD",
  ...overrides,
});

const match = (candidates: StandingCandidate[], action: ActionToMatch, now = NOW) => matchStandingApproval(candidates, action, now)?.id;

describe("matchStandingApproval", () => {
  it("covers the same agent's same type within the cap and currency", () => {
    expect(match([standing()], refund())).toBe("sa-1");
  });

  it("covers only requests of the rule it was remembered from", () => {
    expect(match([standing()], refund({ rule: "very-large-refunds" }))).toBeUndefined();
    expect(match([standing()], refund({ policy: "another-policy" }))).toBeUndefined();
  });

  it("caps params.amount too: a small declared cost does not hide a large refund", () => {
    expect(match([standing()], refund({ costAmount: 100, paramsAmount: 5000 }))).toBeUndefined();
    // No declared cost: a cap without a currency holds params.amount.
    expect(match([standing({ currency: null })], refund({ costAmount: null, costCurrency: null, paramsAmount: 120 }))).toBe("sa-1");
    expect(match([standing({ currency: null })], refund({ costAmount: null, costCurrency: null, paramsAmount: 151 }))).toBeUndefined();
  });

  it("covers an amount exactly at the cap, and not a cent above it", () => {
    expect(match([standing()], refund({ costAmount: 150 }))).toBe("sa-1");
    expect(match([standing()], refund({ costAmount: 150.01 }))).toBeUndefined();
  });

  it("covers a zero amount under any cap, including a cap of zero", () => {
    expect(match([standing({ maxAmount: 0 })], refund({ costAmount: 0 }))).toBe("sa-1");
    expect(match([standing({ maxAmount: 0 })], refund({ costAmount: 1 }))).toBeUndefined();
  });

  it("never covers another agent", () => {
    expect(match([standing()], refund({ agentId: "agent-b" }))).toBeUndefined();
  });

  it("compares the action type exactly: no prefix, no other type", () => {
    expect(match([standing()], refund({ type: "refund.issue.partial" }))).toBeUndefined();
    expect(match([standing()], refund({ type: "refund" }))).toBeUndefined();
    expect(match([standing({ actionType: "refund.*" })], refund())).toBeUndefined();
  });

  it("is active until its expiry, exclusive", () => {
    const expiresAt = new Date(NOW.getTime() + 1000);
    expect(match([standing({ expiresAt })], refund(), new Date(expiresAt.getTime() - 1))).toBe("sa-1");
    expect(match([standing({ expiresAt })], refund(), expiresAt)).toBeUndefined();
    expect(match([standing({ expiresAt: new Date(NOW.getTime() - HOUR) })], refund())).toBeUndefined();
  });

  it("never covers once revoked, even before its expiry", () => {
    expect(match([standing({ revokedAt: new Date(NOW.getTime() - 1000) })], refund())).toBeUndefined();
  });

  it("requires the same currency when it names one", () => {
    expect(match([standing()], refund({ costCurrency: "EUR" }))).toBeUndefined();
    expect(match([standing()], refund({ costAmount: null, costCurrency: null, impactAmount: 10 }))).toBeUndefined();
  });

  it("compares a plain number when it names no currency", () => {
    expect(match([standing({ currency: null })], refund({ costCurrency: "EUR" }))).toBe("sa-1");
    expect(match([standing({ currency: null })], refund({ costCurrency: "EUR", costAmount: 151 }))).toBeUndefined();
  });

  it("covers an action without any amount only when uncapped", () => {
    const noAmount = refund({ costAmount: null, costCurrency: null });
    expect(match([standing({ currency: null })], noAmount)).toBeUndefined();
    expect(match([standing({ currency: null, maxAmount: null })], noAmount)).toBe("sa-1");
    // An uncapped one in USD still wants a USD cost.
    expect(match([standing({ maxAmount: null })], noAmount)).toBeUndefined();
  });

  it("holds every stated amount to the cap: cost and impact alike", () => {
    expect(match([standing()], refund({ impactAmount: 140 }))).toBe("sa-1");
    expect(match([standing()], refund({ impactAmount: 900 }))).toBeUndefined();
    expect(match([standing({ currency: null })], refund({ costAmount: null, costCurrency: null, impactAmount: 100 }))).toBe("sa-1");
    expect(match([standing({ currency: null })], refund({ costAmount: null, costCurrency: null, impactAmount: 200 }))).toBeUndefined();
  });

  it("an uncapped one covers any amount in its currency", () => {
    expect(match([standing({ maxAmount: null })], refund({ costAmount: 1e9 }))).toBe("sa-1");
  });

  it("of several that cover, names the tightest cap, then the earliest expiry", () => {
    const candidates = [
      standing({ id: "uncapped", maxAmount: null }),
      standing({ id: "wide", maxAmount: 1000 }),
      standing({ id: "tight-late", maxAmount: 150, expiresAt: new Date(NOW.getTime() + 5 * HOUR) }),
      standing({ id: "tight-soon", maxAmount: 150, expiresAt: new Date(NOW.getTime() + HOUR) }),
      standing({ id: "too-small", maxAmount: 100 }),
    ];
    expect(match(candidates, refund())).toBe("tight-soon");
    expect(match(candidates, refund({ costAmount: 500 }))).toBe("wide");
    expect(match(candidates, refund({ costAmount: 5000 }))).toBe("uncapped");
  });

  it("finds nothing among no candidates", () => {
    expect(match([], refund())).toBeUndefined();
  });
});

describe("allowedByStanding", () => {
  const pending: Decision = {
    effect: "require_approval",
    policy: "support",
    rule: "large-refunds",
    reasons: [{ kind: "rule", policy: "support", id: "large-refunds", effect: "require_approval", message: "rule large-refunds matched" }],
    limits: [],
    approval: { steps: [], expiresInSeconds: 60, barOwner: false },
  };

  it("allows, keeps the rule that asked and explains who approved in advance, up to what and until when", () => {
    const decision = allowedByStanding(pending, {
      ...standing({ expiresAt: new Date("2026-11-24T16:00:00Z") }),
      authorEmail: "alice@example.test",
    });
    expect(decision).toMatchObject({ effect: "allow", policy: "support", rule: "large-refunds" });
    expect(decision.approval).toBeUndefined();
    expect(decision.reasons).toHaveLength(2);
    expect(decision.reasons[1]).toEqual({
      kind: "standing_approval",
      policy: null,
      id: "sa-1",
      effect: "allow",
      message:
        "auto-approved by standing approval sa-1 from alice@example.test for rule large-refunds (up to 150 USD, until 2026-11-24 16:00 UTC)",
    });
  });

  it("describes caps", () => {
    expect(describeCap(150, "USD")).toBe("up to 150 USD");
    expect(describeCap(150, null)).toBe("up to 150");
    expect(describeCap(null, "EUR")).toBe("any amount in EUR");
    expect(describeCap(null, null)).toBe("any amount");
  });
});
