import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  compilePolicies,
  countersFor,
  DEFAULT_TEST_NOW,
  evaluate,
  formatPolicyError,
  formatTestResult,
  runPolicyTests,
  type DecisionInput,
  type PolicySet,
} from "./index";

// Table-driven: the cases are YAML under testdata/.
//   valid/*.yaml      policy sets whose own spec.tests must all pass
//   errors/*.yaml     broken files; each `# expect: file:line:col: path: message` line is
//                     the prefix of exactly one reported error, and nothing else is reported
//   decisions.yaml    exact decisions (reasons, limits, counters, approval) against valid/

const DIR = path.join(import.meta.dirname, "testdata");
const rel = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/");
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();

function compileFile(file: string) {
  return compilePolicies([{ path: rel(file), content: readFileSync(file, "utf8") }]);
}

const sets = new Map<string, PolicySet>();
function setFor(name: string): PolicySet {
  let set = sets.get(name);
  if (!set) {
    const result = compileFile(path.join(DIR, "valid", name));
    if (!result.ok) throw new Error(result.errors.map(formatPolicyError).join("\n"));
    set = result.set;
    sets.set(name, set);
  }
  return set;
}

describe("testdata/valid: policy sets pass their own tests", () => {
  it.each(yamlFiles(path.join(DIR, "valid")))("%s", (name) => {
    const results = runPolicyTests(setFor(name));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});

describe("testdata/errors: every error at its file:line:col", () => {
  it.each(yamlFiles(path.join(DIR, "errors")))("%s", (name) => {
    const file = path.join(DIR, "errors", name);
    const expected = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("# expect: "))
      .map((l) => l.slice("# expect: ".length));
    expect(expected.length).toBeGreaterThan(0);
    const result = compileFile(file);
    expect(result.ok).toBe(false);
    const got = result.ok ? [] : result.errors.map(formatPolicyError);
    expect(got).toHaveLength(expected.length);
    for (const prefix of expected)
      expect(
        got.filter((g) => g.startsWith(prefix)),
        `${prefix}\n  in\n${got.join("\n")}`,
      ).toHaveLength(1);
  });
});

type Case = {
  name: string;
  set: string;
  input: {
    agent: string | { name: string; labels?: Record<string, string> };
    action: Omit<DecisionInput["action"], "params"> & { params?: Record<string, unknown> };
    now?: string;
  };
  usage?: Record<string, { count: number; amount: number }>;
  expect: {
    effect: string;
    policy?: string | null;
    rule?: string | null;
    reasons?: string[];
    limits?: string[];
    counters?: { key: string; windowStart: string; windowSeconds: number; measure: string; increment: number }[];
    approval?: unknown;
  };
};

const cases = parse(readFileSync(path.join(DIR, "decisions.yaml"), "utf8")) as Case[];

describe("testdata/decisions.yaml: exact decisions", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const set = setFor(c.set);
    const agent =
      typeof c.input.agent === "string"
        ? { name: c.input.agent, labels: {} }
        : { name: c.input.agent.name, labels: c.input.agent.labels ?? {} };
    const input: DecisionInput = { agent, action: { params: {}, ...c.input.action }, now: new Date(c.input.now ?? DEFAULT_TEST_NOW) };
    const decision = evaluate(set, input, c.usage ?? {});
    const want = c.expect;
    expect(decision.effect).toBe(want.effect);
    if ("policy" in want) expect(decision.policy).toBe(want.policy);
    if ("rule" in want) expect(decision.rule).toBe(want.rule);
    if (want.reasons) expect(decision.reasons.map((r) => r.message)).toEqual(want.reasons);
    if (want.limits) expect(decision.limits.map((l) => l.message)).toEqual(want.limits);
    if (want.counters)
      expect(countersFor(set, input).map((r) => ({ ...r, windowStart: r.windowStart.toISOString() }))).toEqual(want.counters);
    if ("approval" in want) expect(decision.approval).toEqual(want.approval);
    else if (decision.effect !== "require_approval") expect(decision.approval).toBeUndefined();
    // Without explanations (a replay, shadow mode): the same decision, every message left empty.
    const blank = <T extends { message: string }>(xs: T[]) => xs.map((x) => ({ ...x, message: "" }));
    expect(evaluate(set, input, c.usage ?? {}, { explain: false })).toEqual({
      ...decision,
      reasons: blank(decision.reasons),
      limits: blank(decision.limits),
    });
  });
});
