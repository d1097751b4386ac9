import type { Condition } from "./cel";
import { checksumOf } from "./checksum";
import { agentSelector, globMatcher } from "./match";
import { COMPILED, type CompiledLimit, type CompiledPolicy, type CompiledRule, type PolicySet } from "./model";
import { errorAt, locate, parseFile, type SourceDoc } from "./parse";
import { errorMap, PolicySchema, type ApprovalDoc, type LimitDoc, type PolicyDoc, type TestDoc } from "./schema";
import { compileTests } from "./test-cases";
import type { ApprovalChainSpec, PolicyError, PolicyFile } from "./types";
import { checkDuplicateIds, checkHead, compileConditions, issueErrors } from "./validate";

// YAML files → one PolicySet, or every error found, each at its file:line:col.

export type CompileResult = { ok: true; set: PolicySet } | { ok: false; errors: PolicyError[] };

const DEFAULT_LIMIT_EFFECT = { rate: "deny", budget: "deny", cost: "deny", scope: "deny", impact: "require_approval" } as const;

export function compilePolicies(files: PolicyFile[]): CompileResult {
  const errors: PolicyError[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const policies: CompiledPolicy[] = [];
  const rawTests: { sd: SourceDoc; policy: CompiledPolicy; tests: TestDoc[] }[] = [];
  const names = new Map<string, string>();

  for (const file of sorted) {
    const parsed = parseFile(file);
    errors.push(...parsed.errors);
    for (const sd of parsed.docs) {
      if (!checkHead(sd, errors)) continue;
      // Checks on the raw document first, so that one run reports every error.
      const conditions = compileConditions(sd, errors);
      checkDuplicateIds(sd, errors);
      const rawName = (sd.data as { metadata?: { name?: unknown } }).metadata?.name;
      const first = typeof rawName === "string" ? names.get(rawName) : undefined;
      if (typeof rawName === "string" && first) {
        errors.push(
          errorAt(
            sd,
            locate(sd, ["metadata", "name"]),
            ["metadata", "name"],
            `duplicate policy name "${rawName}" (first defined at ${first})`,
          ),
        );
      } else if (typeof rawName === "string") {
        const place = errorAt(sd, locate(sd, ["metadata", "name"]), [], "");
        names.set(rawName, `${place.file}:${place.line}:${place.column}`);
      }
      const result = PolicySchema.safeParse(sd.data, { error: errorMap });
      if (!result.success) {
        errors.push(...issueErrors(sd, result.error.issues));
        continue;
      }
      if (first) continue;
      const policy = compilePolicy(sd, result.data, policies.length, conditions, errors);
      policies.push(policy);
      rawTests.push({ sd, policy, tests: result.data.spec.tests });
    }
  }
  for (const { sd, policy, tests } of rawTests) policy.tests = compileTests(sd, policy, tests, policies, errors);

  if (errors.length > 0) {
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return { ok: false, errors };
  }
  const set: PolicySet = {
    policies: policies.map((p) => ({
      name: p.name,
      description: p.description,
      file: p.file,
      rules: p.rules.length,
      limits: p.limits.length,
      tests: p.tests.length,
    })),
    checksum: checksumOf(files),
    files: sorted.map((f) => f.path),
    [COMPILED]: { policies, rules: policies.flatMap((p) => p.rules), limits: policies.flatMap((p) => p.limits), byActionType: new Map() },
  };
  return { ok: true, set };
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

/** The chain a decision carries; frozen, since every decision shares it. */
export function approvalChain(a: ApprovalDoc): ApprovalChainSpec {
  return deepFreeze({
    steps: a.steps.map((s) => ({
      approvers: { roles: s.approvers.roles, users: s.approvers.users, groups: s.approvers.groups },
      quorum: s.quorum,
      timeoutSeconds: s.timeout,
      onTimeout: s.onTimeout,
      ...(s.escalateTo ? { escalateTo: { roles: s.escalateTo.roles, users: s.escalateTo.users, groups: s.escalateTo.groups } } : {}),
    })),
    expiresInSeconds: a.expiresIn,
    barOwner: a.barOwner,
  });
}

function checkApproval(sd: SourceDoc, path: PropertyKey[], a: ApprovalDoc, errors: PolicyError[]) {
  a.steps.forEach((s, i) => {
    const at = (key: string, message: string) => {
      const p = [...path, "steps", i, key];
      errors.push(errorAt(sd, locate(sd, p), p, message));
    };
    if (s.approvers.roles.length === 0 && s.approvers.groups.length === 0 && s.quorum > s.approvers.users.length)
      at("quorum", `quorum ${s.quorum} exceeds the ${s.approvers.users.length} listed user(s)`);
    if (s.onTimeout === "escalate" && !s.escalateTo) at("escalateTo", "escalateTo is required when onTimeout is escalate");
    if (s.onTimeout !== "escalate" && s.escalateTo) at("escalateTo", "escalateTo is only used with onTimeout: escalate");
  });
}

function compilePolicy(
  sd: SourceDoc,
  doc: PolicyDoc,
  policyIndex: number,
  conditions: Map<number, Condition>,
  errors: PolicyError[],
): CompiledPolicy {
  const name = doc.metadata.name;
  const spec = doc.spec;
  const fallback = spec.defaults?.approval;
  if (fallback) checkApproval(sd, ["spec", "defaults", "approval"], fallback, errors);

  const approvalFor = (path: PropertyKey[], effect: string, approval: ApprovalDoc | undefined): ApprovalChainSpec | null => {
    if (approval && effect !== "require_approval") {
      errors.push(
        errorAt(sd, locate(sd, [...path, "approval"]), [...path, "approval"], "approval is only used with effect require_approval"),
      );
    }
    if (effect !== "require_approval") return null;
    if (approval) checkApproval(sd, [...path, "approval"], approval, errors);
    const chain = approval ?? fallback;
    if (!chain)
      errors.push(
        errorAt(sd, locate(sd, path), path, "effect require_approval needs an approval chain: set approval here or spec.defaults.approval"),
      );
    return chain ? approvalChain(chain) : null;
  };

  const rules: CompiledRule[] = spec.rules.map((r, i) => {
    const path = ["spec", "rules", i];
    return {
      kind: "rule",
      policyIndex,
      policy: name,
      id: r.id,
      effect: r.effect,
      actions: globMatcher(r.match.actions),
      resources: r.match.resources ? globMatcher(r.match.resources) : null,
      when: conditions.get(i) ?? null,
      approval: approvalFor(path, r.effect, r.approval),
    };
  });

  const limits: CompiledLimit[] = spec.limits.map((l, i) => {
    const path = ["spec", "limits", i];
    const effect = l.effect ?? DEFAULT_LIMIT_EFFECT[l.type];
    const base = {
      kind: "limit" as const,
      policyIndex,
      policy: name,
      id: l.id,
      effect,
      actions: l.match?.actions ? globMatcher(l.match.actions) : null,
      resources: l.match?.resources ? globMatcher(l.match.resources) : null,
      approval: approvalFor(path, effect, l.approval),
    };
    return { ...base, ...limitFields(l) };
  });

  return {
    name,
    description: doc.metadata.description ?? null,
    file: sd.file,
    selects: agentSelector(spec.agents.names, spec.agents.labels),
    rules,
    limits,
    tests: [],
  };
}

function limitFields(l: LimitDoc) {
  switch (l.type) {
    case "rate":
      return { type: l.type, max: l.max, windowSeconds: l.window, per: l.per, counterKeys: new Map() };
    case "budget":
      return { type: l.type, max: l.max, period: l.period, currency: l.currency ?? null, counterKeys: new Map() };
    case "cost":
      return { type: l.type, maxPerAction: l.maxPerAction, currency: l.currency ?? null };
    case "scope":
      return { type: l.type, scopeResources: l.resources ? globMatcher(l.resources) : null, environments: l.environments ?? null };
    case "impact":
      return { type: l.type, maxRecords: l.maxRecords ?? null, maxAmount: l.maxAmount ?? null };
  }
}
