import { evaluate } from "./evaluate";
import { counterFor } from "./limits";
import { COMPILED, type CompiledTest, type PolicySet } from "./model";
import type { CounterUsage, PolicyTestResult } from "./types";

// The test cases carried inside policies (`spec.tests`), run against the whole set, as
// production would decide. A case's `usage` ("the rate counter is already at 20") is
// turned into the counter keys the named limits use for that input.

export type PolicyTestCase = CompiledTest;

export function policyTests(set: PolicySet): readonly PolicyTestCase[] {
  return set[COMPILED].policies.flatMap((p) => p.tests);
}

export function usageFor(set: PolicySet, test: PolicyTestCase): CounterUsage {
  const usage: CounterUsage = {};
  for (const u of test.usage) {
    const limit = set[COMPILED].limits.find((l) => l.policy === u.policy && l.id === u.id);
    const counter = limit && counterFor(limit, test.input);
    if (counter) usage[counter.key] = { count: u.count, amount: u.amount };
  }
  return usage;
}

export function runPolicyTests(set: PolicySet): PolicyTestResult[] {
  return policyTests(set).map((test) => {
    const decision = evaluate(set, test.input, usageFor(set, test));
    const { expect } = test;
    const passed =
      decision.effect === expect.effect &&
      (expect.rule === undefined || decision.rule === expect.rule) &&
      (expect.policy === undefined || decision.policy === expect.policy);
    return {
      policy: test.policy,
      file: test.file,
      name: test.name,
      passed,
      expected: expect,
      actual: { effect: decision.effect, rule: decision.rule, policy: decision.policy },
      reasons: [...decision.reasons.map((r) => r.message), ...decision.limits.filter((l) => !l.exceeded).map((l) => l.message)],
    };
  });
}

/** `✗ customer-support: large refund needs approval: expected require_approval (rule large-refunds), got allow (rule small-refunds)` */
export function formatTestResult(r: PolicyTestResult): string {
  const head = `${r.passed ? "✓" : "✗"} ${r.policy}: ${r.name}`;
  if (r.passed) return head;
  const show = (effect: string, rule: string | null | undefined, policy: string | null | undefined) =>
    `${effect}${rule !== undefined ? ` (rule ${rule ?? "none"}${policy ? ` in ${policy}` : ""})` : ""}`;
  return [
    `${head}  [${r.file}]`,
    `    expected ${show(r.expected.effect, r.expected.rule, r.expected.policy)}, got ${show(r.actual.effect, r.actual.rule, r.actual.policy)}`,
    ...r.reasons.map((m) => `      - ${m}`),
  ].join("\n");
}
