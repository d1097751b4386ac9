// The policy engine: YAML policies → a compiled PolicySet → decisions. Pure: no I/O,
// no clock (time comes in as input.now), no framework, no database.

export { compilePolicies, type CompileResult } from "./compile";
export { DEFAULT_TEST_NOW } from "./test-cases";
export { evaluate } from "./evaluate";
export { formatPolicyError } from "./explain";
export { costReconciliation, countersFor } from "./limits";
export type { PolicySet } from "./model";
export { formatTestResult, policyTests, runPolicyTests, type PolicyTestCase } from "./tests";
export type * from "./types";
