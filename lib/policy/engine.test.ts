import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checksumOf } from "./checksum";
import {
  compilePolicies,
  countersFor,
  evaluate,
  formatPolicyError,
  formatTestResult,
  policyTests,
  runPolicyTests,
  type DecisionInput,
  type PolicyFile,
  type PolicySet,
} from "./index";
import { sourceOffset } from "./parse";
import { parseDuration } from "./schema";

const HEAD = "apiVersion: gatehouse.dev/v1\nkind: Policy\n";
const now = new Date("2025-01-06T12:00:00Z");
const input = (type: string, resource: string, params: Record<string, unknown> = {}, agent = "bot"): DecisionInput => ({
  agent: { name: agent, labels: {} },
  action: { type, resource, params },
  now,
});

function compile(...contents: string[]): PolicySet {
  const result = compilePolicies(contents.map((content, i) => ({ path: `p${i}.yaml`, content })));
  if (!result.ok) throw new Error(result.errors.map(formatPolicyError).join("\n"));
  return result.set;
}

describe("CEL numbers from JSON", () => {
  const set = compile(`${HEAD}metadata: { name: n }
spec:
  agents: { names: ["*"] }
  rules:
    - { id: int, match: { actions: [int] }, when: "params.amount > 100", effect: allow }
    - { id: double, match: { actions: [double] }, when: "params.amount > 100.0", effect: allow }
    - { id: sum, match: { actions: [sum] }, when: "params.a + params.b == 3", effect: allow }
`);
  const cases: [string, string, boolean][] = [
    ["int", '{"amount": 250}', true],
    ["int", '{"amount": 250.5}', true],
    ["int", '{"amount": 100}', false],
    ["int", '{"amount": 100.0}', false],
    ["int", '{"amount": 100.01}', true],
    ["double", '{"amount": 250}', true],
    ["double", '{"amount": 250.5}', true],
    ["double", '{"amount": 99}', false],
    ["sum", '{"a": 1, "b": 2}', true],
  ];
  it.each(cases)("%s: params %s → %s", (type, json, allowed) => {
    const params = JSON.parse(json) as Record<string, unknown>;
    expect(evaluate(set, input(type, "r", params), {}).effect).toBe(allowed ? "allow" : "deny");
  });
  it("shows the value as the agent sent it", () => {
    expect(evaluate(set, input("int", "r", { amount: 250 }), {}).reasons[0]?.message).toBe("rule int matched: params.amount (250) > 100");
    expect(evaluate(set, input("int", "r", { amount: 250.5 }), {}).reasons[0]?.message).toBe(
      "rule int matched: params.amount (250.5) > 100",
    );
  });
});

describe("compile", () => {
  it("reports a CEL type error at load, inside the expression", () => {
    const result = compilePolicies([
      {
        path: "x.yaml",
        content: `${HEAD}metadata: { name: x }\nspec:\n  agents: { names: ["*"] }\n  rules:\n    - id: r\n      match: { actions: [a] }\n      when: "params.amount > 1 && action.resource > 3"\n      effect: deny\n`,
      },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(formatPolicyError(result.errors[0]!)).toBe(
      "x.yaml:9:35: spec.rules[0].when: CEL type error at col 22: no such overload: string > int",
    );
  });

  it("rejects an unknown key with the keys it expected", () => {
    const result = compilePolicies([
      { path: "x.yaml", content: `${HEAD}metadata: { name: x }\nspec:\n  agents: { names: ["*"] }\n  rulez: []\n` },
    ]);
    expect(!result.ok && result.errors.map(formatPolicyError)).toEqual([
      'x.yaml:6:3: spec.rulez: unknown key "rulez"; expected one of: agents, defaults, rules, limits, tests',
    ]);
  });

  it("accepts an empty set, and skips empty documents", () => {
    const empty = compilePolicies([]);
    expect(empty.ok && empty.set.policies).toEqual([]);
    const set = compile(`# only a comment\n---\n${HEAD}metadata: { name: a }\nspec:\n  agents: { names: ["*"] }\n---\n`);
    expect(set.policies.map((p) => p.name)).toEqual(["a"]);
    if (empty.ok) expect(evaluate(empty.set, input("a", "b"), {}).effect).toBe("deny");
  });

  it("summarises policies in file order, with the store's checksum", () => {
    const files: PolicyFile[] = [
      {
        path: "policies/b.yaml",
        content: `${HEAD}metadata: { name: b, description: "Bee" }\nspec:\n  agents: { names: ["*"] }\n  rules: [{ id: r, match: { actions: [a] }, effect: allow }]\n`,
      },
      {
        path: "policies/a.yaml",
        content: `${HEAD}metadata: { name: a }\nspec:\n  agents: { labels: { x: y } }\n  limits: [{ id: l, type: cost, maxPerAction: 1 }]\n`,
      },
    ];
    const result = compilePolicies(files);
    if (!result.ok) throw new Error("does not compile");
    expect(result.set.policies).toEqual([
      { name: "a", description: null, file: "policies/a.yaml", rules: 0, limits: 1, tests: 0 },
      { name: "b", description: "Bee", file: "policies/b.yaml", rules: 1, limits: 0, tests: 0 },
    ]);
    const storeChecksum = createHash("sha256")
      .update(JSON.stringify(files.map((f) => [f.path, f.content])))
      .digest("hex");
    expect(result.set.checksum).toBe(storeChecksum);
  });
});

describe("checksum", () => {
  it("checksumOf is order-sensitive like the store's", () => {
    const a = { path: "a", content: "1" };
    const b = { path: "b", content: "2" };
    expect(checksumOf([a, b])).not.toBe(checksumOf([b, a]));
  });
});

describe("helpers", () => {
  it("formats errors with and without a path", () => {
    expect(
      formatPolicyError({
        file: "policies/devops.yaml",
        line: 14,
        column: 13,
        path: "spec.rules[2].when",
        message: "CEL syntax error at col 14: x",
      }),
    ).toBe("policies/devops.yaml:14:13: spec.rules[2].when: CEL syntax error at col 14: x");
    expect(formatPolicyError({ file: "a.yaml", line: 1, column: 2, path: "", message: "YAML error: bad" })).toBe(
      "a.yaml:1:2: YAML error: bad",
    );
  });

  it.each([
    ["30m", 1800],
    ["1h30m", 5400],
    ["24h", 86_400],
    ["2d", 172_800],
    ["45s", 45],
    ["0m", undefined],
    ["30", undefined],
    ["1.5h", undefined],
    ["30 m", undefined],
    ["", undefined],
  ])("duration %s → %s", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it("maps an expression offset into plain, quoted and folded scalars", () => {
    const plain = "when: a > b";
    expect(sourceOffset(plain, 6, plain.length, "a > b", 4)).toBe(10);
    const single = "when: 'it''s > 1'";
    expect(single[sourceOffset(single, 6, single.length, "it's > 1", 5)!]).toBe(">");
    const folded = "when: >-\n  a &&\n  b.c\n";
    const at = sourceOffset(folded, 6, folded.length, "a && b.c", 7)!;
    expect(folded.slice(at, at + 1)).toBe("c");
    expect(sourceOffset(plain, 6, plain.length, "a > b", 5)).toBe(11); // end of input
  });
});

describe("policy tests runner", () => {
  const set = compile(`${HEAD}metadata: { name: t }
spec:
  agents: { names: ["*"] }
  rules: [{ id: ok, match: { actions: [a] }, effect: allow }]
  limits: [{ id: rl, type: rate, max: 1, window: 1h }]
  tests:
    - { name: passes, input: { agent: x, action: { type: a, resource: r } }, expect: { effect: allow, rule: ok } }
    - { name: wrong effect, input: { agent: x, action: { type: b, resource: r } }, expect: { effect: allow, rule: ok } }
    - { name: uses usage, input: { agent: x, action: { type: a, resource: r }, usage: { rl: { count: 1 } } }, expect: { effect: deny, rule: rl } }
`);

  it("lists the cases with usage mapped to limits", () => {
    expect(policyTests(set).map((t) => [t.name, t.usage])).toEqual([
      ["passes", []],
      ["wrong effect", []],
      ["uses usage", [{ policy: "t", id: "rl", count: 1, amount: 0 }]],
    ]);
  });

  it("reports expected vs actual", () => {
    const results = runPolicyTests(set);
    expect(results.map((r) => r.passed)).toEqual([true, false, true]);
    expect(results[1]?.actual).toEqual({ effect: "deny", rule: null, policy: null });
    expect(formatTestResult(results[1]!)).toContain("expected allow (rule ok), got deny (rule none)");
    expect(formatTestResult(results[1]!)).toContain("no rule allows b on r for agent x");
    expect(formatTestResult(results[0]!)).toBe("✓ t: passes");
  });
});

describe("decisions", () => {
  const set = compile(`${HEAD}metadata: { name: d }
spec:
  agents: { names: ["*"] }
  rules:
    - id: big
      match: { actions: [pay] }
      when: "params.amount > 10"
      effect: require_approval
      approval: { steps: [{ approvers: { roles: [admin] }, timeout: 5m }] }
  limits:
    - { id: a, type: rate, max: 5, window: 10m, per: agent }
    - { id: b, type: rate, max: 5, window: 10m, per: action_type }
    - { id: c, type: rate, max: 5, window: 10m, per: agent_and_action_type, match: { actions: [refund] } }
`);

  it("is pure: same input, same decision; the input is not changed", () => {
    const i = input("pay", "r", { amount: 50, nested: { list: [1, 2.5] } });
    const before = JSON.stringify(i);
    const first = evaluate(set, i, {});
    expect(evaluate(set, i, {})).toEqual(first);
    expect(JSON.stringify(i)).toBe(before);
  });

  it("shares a frozen approval chain", () => {
    const decision = evaluate(set, input("pay", "r", { amount: 50 }), {});
    expect(decision.approval?.steps[0]?.timeoutSeconds).toBe(300);
    expect(Object.isFrozen(decision.approval) && Object.isFrozen(decision.approval?.steps[0]?.approvers.roles)).toBe(true);
  });

  it("names counters deterministically, sorted by key, with fixed windows", () => {
    const i = { ...input("pay", "r"), now: new Date("2025-01-06T12:34:56Z") };
    const counters = countersFor(set, i);
    expect(counters.map((c) => [c.key, c.windowStart.toISOString(), c.windowSeconds])).toEqual([
      ["rate:d/a:600s:agent=bot", "2025-01-06T12:30:00.000Z", 600],
      ["rate:d/b:600s:type=pay", "2025-01-06T12:30:00.000Z", 600],
    ]);
    expect(countersFor(set, i)).toEqual(counters);
  });

  it("keys each counter by its own agent and type, whatever was decided before (keys are remembered per limit)", () => {
    const keys = (type: string, agent: string) => countersFor(set, input(type, "r", {}, agent)).map((c) => c.key);
    expect(keys("refund", "bot")).toEqual(["rate:d/a:600s:agent=bot", "rate:d/b:600s:type=refund", "rate:d/c:600s:agent=bot;type=refund"]);
    expect(keys("refund", "a b")).toEqual([
      "rate:d/a:600s:agent=a%20b",
      "rate:d/b:600s:type=refund",
      "rate:d/c:600s:agent=a%20b;type=refund",
    ]);
    expect(keys("pay", "a b")).toEqual(["rate:d/a:600s:agent=a%20b", "rate:d/b:600s:type=pay"]);
    expect(keys("refund", "bot")).toEqual(["rate:d/a:600s:agent=bot", "rate:d/b:600s:type=refund", "rate:d/c:600s:agent=bot;type=refund"]);
  });
});

describe("resource patterns shared by several rules", () => {
  const set = compile(`apiVersion: gatehouse.dev/v1
kind: Policy
metadata: { name: s }
spec:
  agents: { names: ["*"] }
  rules:
    - { id: small, match: { actions: [refund], resources: ["orders/*"] }, when: "params.amount <= 10", effect: allow }
    - id: large
      match: { actions: [refund], resources: ["orders/*"] }
      when: "params.amount > 10"
      effect: require_approval
      approval: { steps: [{ approvers: { roles: [admin] }, timeout: 5m }] }
`);

  it("match each decision's own resource (a matcher remembers only its last answer)", () => {
    const decide = (resource: string, amount: number) => evaluate(set, input("refund", resource, { amount }), {}).rule;
    expect([decide("orders/1", 5), decide("users/1", 5), decide("orders/2", 50), decide("orders/2", 5), decide("x/orders/3", 50)]).toEqual([
      "small",
      null,
      "large",
      "small",
      null,
    ]);
  });
});

describe("the shipped policies/", () => {
  it("compile and pass all their tests", () => {
    const dir = path.join(import.meta.dirname, "..", "..", "policies");
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => ({ path: `policies/${f}`, content: readFileSync(path.join(dir, f), "utf8") }));
    const result = compilePolicies(files);
    if (!result.ok) throw new Error(result.errors.map(formatPolicyError).join("\n"));
    expect(result.set.policies.map((p) => p.name)).toEqual([
      "baseline",
      "customer-support",
      "data-analysis",
      "devops",
      "prod-data-protection",
    ]);
    const results = runPolicyTests(result.set);
    expect(results.length).toBeGreaterThanOrEqual(30);
    expect(results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});
