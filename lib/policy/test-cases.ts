import { errorAt, locate, type SourceDoc } from "./parse";
import type { CompiledLimit, CompiledPolicy, CompiledTest } from "./model";
import type { TestDoc } from "./schema";
import type { PolicyError } from "./types";

// spec.tests → runnable cases: inputs as DecisionInputs, `usage` resolved to limits.

/** When a test case gives no `now`: a Monday at noon UTC (inside business hours). */
export const DEFAULT_TEST_NOW = "2025-01-06T12:00:00Z";

export function compileTests(
  sd: SourceDoc,
  policy: CompiledPolicy,
  tests: TestDoc[],
  all: CompiledPolicy[],
  errors: PolicyError[],
): CompiledTest[] {
  return tests.map((t, i) => {
    const path = ["spec", "tests", i];
    const usage = Object.entries(t.input.usage ?? {}).flatMap(([ref, u]) => {
      const limit = resolveLimit(ref, policy, all);
      if (typeof limit === "string") {
        const p = [...path, "input", "usage", ref];
        errors.push(errorAt(sd, locate(sd, p, { key: true }), p, limit));
        return [];
      }
      return [{ policy: limit.policy, id: limit.id, count: u.count, amount: u.amount }];
    });
    const a = t.input.action;
    return {
      policy: policy.name,
      file: sd.file,
      name: t.name,
      input: {
        agent: { name: t.input.agent.name, labels: t.input.agent.labels },
        action: {
          type: a.type,
          resource: a.resource,
          params: a.params,
          ...(a.cost ? { cost: a.cost } : {}),
          ...(a.impact ? { impact: a.impact } : {}),
          ...(a.context ? { context: a.context } : {}),
        },
        now: new Date(t.input.now ?? DEFAULT_TEST_NOW),
      },
      usage,
      expect: t.expect,
    };
  });
}

/** "limit-id" (this policy's) or "policy/limit-id"; a rate or budget limit, or why not. */
function resolveLimit(ref: string, policy: CompiledPolicy, all: CompiledPolicy[]): CompiledLimit | string {
  const slash = ref.indexOf("/");
  const owner = slash < 0 ? policy : all.find((p) => p.name === ref.slice(0, slash));
  const id = slash < 0 ? ref : ref.slice(slash + 1);
  const limit = owner?.limits.find((l) => l.id === id);
  if (!limit) return `unknown limit "${ref}": expected a limit id of this policy or "<policy>/<limit id>"`;
  if (limit.type !== "rate" && limit.type !== "budget")
    return `limit "${ref}" is a ${limit.type} limit; only rate and budget limits have counters`;
  return limit;
}
