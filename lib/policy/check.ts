import { compilePolicies } from "./compile";
import { formatPolicyError } from "./explain";
import type { PolicySet } from "./model";
import { runPolicyTests } from "./tests";
import type { PolicyError, PolicyFile, PolicyTestResult } from "./types";

// What `policies:check`, the studio's live validation and every publish run: compile the
// whole set, then run the test cases it carries. A set is publishable only when it
// compiles and every test passes.

export type SetCheck = {
  ok: boolean;
  errors: PolicyError[];
  /** Empty when the set does not compile (no test can run). */
  tests: PolicyTestResult[];
  set?: PolicySet;
};

export function checkPolicySet(files: PolicyFile[]): SetCheck {
  const compiled = compilePolicies(files);
  if (!compiled.ok) return { ok: false, errors: compiled.errors, tests: [] };
  const tests = runPolicyTests(compiled.set);
  return { ok: tests.every((t) => t.passed), errors: [], tests, set: compiled.set };
}

/** One line per problem: `file:line:col: path: message`, or `✗ policy: test name` for a failing test. */
export function describeProblems(check: SetCheck): string[] {
  if (check.errors.length) return check.errors.map(formatPolicyError);
  return check.tests
    .filter((t) => !t.passed)
    .map((t) => `${t.file}: test "${t.name}" (${t.policy}) fails: expected ${t.expected.effect}, got ${t.actual.effect}`);
}

/** The same path must not appear twice, and every path names a YAML file. */
export function fileNameProblems(files: readonly PolicyFile[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { path } of files) {
    if (!/^[A-Za-z0-9._/-]+\.ya?ml$/.test(path) || path.includes("..") || path.startsWith("/"))
      problems.push(`${path}: a policy file is a relative path of letters, digits, '.', '_', '-' and '/' ending in .yaml or .yml`);
    if (seen.has(path)) problems.push(`${path}: two files have this name`);
    seen.add(path);
  }
  return problems;
}
