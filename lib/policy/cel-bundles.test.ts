import { describe, expect, it, vi } from "vitest";
import type { DecisionInput } from "./types";

// Next.js bundles each route and server action separately, so cel.ts can be loaded several
// times in one process while the compiled policy set is shared between them. A condition
// compiled by one copy must evaluate a context built by another (it failed with
// "Unsupported type" when each copy had its own value classes).

async function freshCopy() {
  vi.resetModules();
  return import("./cel");
}

const input = {
  action: { type: "refund.issue", resource: "orders/1", params: { amount: 1500 }, impact: { amount: 1500 } },
  agent: { name: "support-bot", labels: {} },
  now: new Date("2026-11-30T12:00:00Z"),
} as unknown as DecisionInput;

describe("CEL across bundles", () => {
  it("a condition compiled by one copy of the module evaluates a context built by another", async () => {
    const compiling = await freshCopy();
    const evaluating = await freshCopy();
    expect(compiling).not.toBe(evaluating);
    const compiled = compiling.compileCondition('cost.amount > 0.0 && cost.currency != "USD"');
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(evaluating.runCondition(compiled.condition, evaluating.celContext(input))).toBe(false);
    const large = compiling.compileCondition("impact.amount > 1000.0 && params.amount > 1000");
    if (!large.ok) throw new Error(large.error.message);
    expect(evaluating.runCondition(large.condition, evaluating.celContext(input))).toBe(true);
  });
});
