import { describe, expect, it } from "vitest";
import { compilePolicies } from "./compile";
import { createReplay, type RecordedAction } from "./replay";
import { compareWithShadow } from "./shadow";
import type { PolicySet } from "./model";

const DRAFT = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata: { name: refunds }
spec:
  agents: { names: ["*"] }
  rules:
    - id: small
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 50"
      effect: allow
    - id: large
      match: { actions: ["refund.issue"] }
      when: "params.amount > 50"
      effect: require_approval
      approval: { steps: [{ approvers: { roles: [approver] }, timeout: 1h }] }
  limits:
    - { id: per-hour, type: rate, max: 2, window: 1h, match: { actions: ["refund.issue"] } }
`;

const compile = (content: string): PolicySet => {
  const result = compilePolicies([{ path: "p.yaml", content }]);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.set;
};

let n = 0;
const recorded = (amount: number, effect: RecordedAction["effect"], extra: Partial<RecordedAction> = {}): RecordedAction => ({
  id: `a${++n}`,
  input: {
    agent: { name: "bot", labels: {} },
    action: { type: "refund.issue", resource: "orders/1", params: { amount } },
    now: new Date(`2026-01-0${1 + (n % 2)}T10:00:00Z`),
  },
  halted: false,
  effect,
  rule: effect === "allow" ? "refunds/small" : null,
  standing: false,
  usage: { "rate:refunds/per-hour:3600s:agent=bot": { count: 0, amount: 0 } },
  approvers: null,
  ...extra,
});

describe("replaying a draft against recorded actions", () => {
  it("counts transitions and their causes, with samples", () => {
    const replay = createReplay(compile(DRAFT));
    replay.add(recorded(40, "allow"));
    replay.add(recorded(80, "allow"));
    replay.add(recorded(90, "allow"));
    replay.add(recorded(80, "deny"));
    const report = replay.report();
    expect(report.total).toBe(4);
    expect(report.changed).toBe(3);
    expect(report.transitions["allow->allow"]).toBe(1);
    expect(report.transitions["allow->require_approval"]).toBe(2);
    expect(report.transitions["deny->require_approval"]).toBe(1);
    expect(report.byRule).toEqual([
      {
        cause: "refunds/large",
        kind: "rule",
        changed: 3,
        transitions: { "allow->require_approval": 2, "deny->require_approval": 1 },
        samples: ["a2", "a3", "a4"],
      },
    ]);
    expect(report.samples[0]).toMatchObject({
      actionId: "a2",
      from: "allow",
      to: "require_approval",
      was: "refunds/small",
      now: "refunds/large",
    });
    expect(report.workload.after).toBe(3);
    expect(report.workload.targets).toEqual([{ target: "role approver", before: 0, after: 3 }]);
  });

  it("decides with the usage recorded then, and reports halted and standing-approved actions apart", () => {
    const replay = createReplay(compile(DRAFT));
    replay.add(recorded(10, "allow", { usage: { "rate:refunds/per-hour:3600s:agent=bot": { count: 2, amount: 0 } } })); // the limit was full then
    replay.add(recorded(10, "deny", { halted: true }));
    replay.add(recorded(80, "require_approval", { standing: true }));
    const report = replay.report();
    expect(report.transitions["allow->deny"]).toBe(1);
    expect(report.byRule[0]).toMatchObject({ cause: "refunds/per-hour", kind: "limit" });
    expect(report.halted).toBe(1);
    expect(report.standing.total).toBe(1);
    expect(report.standing.transitions["require_approval->require_approval"]).toBe(1);
    expect(report.total).toBe(1);
  });

  it("rebuilds a counter the live set never recorded from the replayed actions", () => {
    const replay = createReplay(compile(DRAFT));
    for (let i = 0; i < 3; i++)
      replay.add(recorded(10, "allow", { usage: {}, input: { ...recorded(10, "allow").input, now: new Date("2026-01-01T10:00:00Z") } }));
    expect(replay.report().transitions).toMatchObject({ "allow->allow": 2, "allow->deny": 1 });
  });
});

describe("shadow comparison", () => {
  it("disagrees on a different effect or deciding rule only", () => {
    const shadow = { effect: "require_approval" as const, policy: "refunds", rule: "large", reasons: [], limits: [] };
    expect(compareWithShadow({ effect: "require_approval", policy: "refunds", rule: "large" }, shadow)).toBeNull();
    expect(compareWithShadow({ effect: "allow", policy: "refunds", rule: "small" }, shadow)).toEqual({
      liveEffect: "allow",
      liveRule: "refunds/small",
      shadowEffect: "require_approval",
      shadowRule: "refunds/large",
    });
  });
});
