// `npm run bench:policy`: the policy engine alone, in process. A generated 50-rule set
// (10 policies × 5 rules) decides BENCH_DECISIONS (default 100k) mixed inputs; the same
// logic written as Cedar policies decides the same inputs through @cedar-policy/cedar-wasm
// (pre-parsed policy set, stateful calls). Both answers are compared, then per-decision
// latency (each call timed after a warm-up) is shown side by side.
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { compilePolicies, evaluate, type DecisionInput, type Effect } from "../lib/policy/index";

const N = Number(process.env.BENCH_DECISIONS ?? 100_000);
const WARMUP = 20_000;
const FAMILIES = ["support", "billing", "data", "deploy", "crm", "infra", "marketing", "finance", "hr", "security"];
const LIMIT = (i: number) => 50 + i * 25; // per-family threshold for "small" updates

// ---- the policy set, as Gatehouse YAML and as Cedar --------------------------------

function gatehouseYaml(): string {
  return FAMILIES.map(
    (f, i) => `apiVersion: gatehouse.dev/v1
kind: Policy
metadata: { name: ${f} }
spec:
  agents: { names: ["${f}-*"] }
  rules:
    - id: ${f}-reads
      match: { actions: ["${f}.read", "${f}.list"] }
      effect: allow
    - id: ${f}-small-updates
      match: { actions: ["${f}.update"], resources: ["${f}/*"] }
      when: "params.amount <= ${LIMIT(i)}"
      effect: allow
    - id: ${f}-large-updates
      match: { actions: ["${f}.update"], resources: ["${f}/*"] }
      when: "params.amount > ${LIMIT(i)}"
      effect: require_approval
      approval: { steps: [{ approvers: { roles: [approver] }, timeout: 30m }] }
    - id: ${f}-no-prod
      match: { actions: ["${f}.*"], resources: ["prod/**"] }
      effect: deny
    - id: ${f}-staging-exports
      match: { actions: ["${f}.export"] }
      when: 'has(params.env) && params.env == "staging"'
      effect: allow
`,
  ).join("---\n");
}

/**
 * Same logic; require_approval is a permit carrying @effect("require_approval"). A CEL
 * condition that cannot be evaluated (missing params.amount) counts as true for a
 * require_approval rule (fail closed), hence the `!(context has amount) ||`.
 */
function cedarPolicies(): Record<string, string> {
  const out: Record<string, string> = {};
  FAMILIES.forEach((f, i) => {
    const agent = `context.agent like "${f}-*"`;
    out[`${f}/${f}-reads`] =
      `permit (principal, action, resource) when { ${agent} && (context.type == "${f}.read" || context.type == "${f}.list") };`;
    out[`${f}/${f}-small-updates`] =
      `permit (principal, action, resource) when { ${agent} && context.type == "${f}.update" && context.resource like "${f}/*" && context has amount && context.amount <= ${LIMIT(i)} };`;
    out[`${f}/${f}-large-updates`] =
      `@effect("require_approval") permit (principal, action, resource) when { ${agent} && context.type == "${f}.update" && context.resource like "${f}/*" && (!(context has amount) || context.amount > ${LIMIT(i)}) };`;
    out[`${f}/${f}-no-prod`] =
      `forbid (principal, action, resource) when { ${agent} && context.type like "${f}.*" && context.resource like "prod/*" };`;
    out[`${f}/${f}-staging-exports`] =
      `permit (principal, action, resource) when { ${agent} && context.type == "${f}.export" && context has env && context.env == "staging" };`;
  });
  return out;
}

// ---- inputs ------------------------------------------------------------------------

function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

type Sample = { input: DecisionInput; call: cedar.StatefulAuthorizationCall };

function samples(count: number): Sample[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const now = new Date("2025-01-08T10:30:00Z");
  return Array.from({ length: count }, () => {
    const family = rand() < 0.1 ? "guest" : pick(FAMILIES);
    const agent = `${family}-bot-${Math.floor(rand() * 20)}`;
    const actionFamily = rand() < 0.8 ? family : pick(FAMILIES);
    const type = `${actionFamily}.${pick(["read", "list", "update", "update", "export", "delete"])}`;
    const n = Math.floor(rand() * 1000);
    const resource = pick([`${actionFamily}/${n}`, `${actionFamily}/${n}`, `prod/db/${n}`, `other/${n}`]);
    const params: Record<string, unknown> = {};
    if (rand() < 0.9) params.amount = Math.floor(rand() * 400);
    if (rand() < 0.6) params.env = pick(["staging", "prod"]);
    const context: Record<string, cedar.CedarValueJson> = { agent, type, resource, ...(params as Record<string, cedar.CedarValueJson>) };
    return {
      input: { agent: { name: agent, labels: {} }, action: { type, resource, params }, now },
      call: {
        principal: { type: "Agent", id: agent },
        action: { type: "Action", id: type },
        resource: { type: "Resource", id: resource },
        context,
        preparsedPolicySetId: "bench",
        entities: [],
      },
    };
  });
}

// ---- run ---------------------------------------------------------------------------

function timeEach<T>(items: T[], fn: (item: T) => unknown): { perCallNs: Float64Array; totalNs: number } {
  for (let i = 0; i < WARMUP; i++) fn(items[i % items.length]!);
  const perCallNs = new Float64Array(items.length);
  const start = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) {
    const t0 = process.hrtime.bigint();
    fn(items[i]!);
    perCallNs[i] = Number(process.hrtime.bigint() - t0);
  }
  return { perCallNs, totalNs: Number(process.hrtime.bigint() - start) };
}

function stats({ perCallNs, totalNs }: { perCallNs: Float64Array; totalNs: number }) {
  const sorted = Float64Array.from(perCallNs).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! / 1000;
  return { median: q(0.5), p99: q(0.99), perSecond: (perCallNs.length / totalNs) * 1e9 };
}

function main() {
  const yaml = gatehouseYaml();
  const t0 = performance.now();
  const compiled = compilePolicies([{ path: "bench/policies.yaml", content: yaml }]);
  const compileMs = performance.now() - t0;
  if (!compiled.ok) throw new Error(`bench policies do not compile: ${JSON.stringify(compiled.errors[0])}`);
  const set = compiled.set;
  const rules = set.policies.reduce((n, p) => n + p.rules, 0);

  const policies = cedarPolicies();
  const approvalIds = new Set(Object.keys(policies).filter((id) => policies[id]!.startsWith("@effect")));
  const t1 = performance.now();
  const parsed = cedar.preparsePolicySet("bench", { staticPolicies: policies });
  const cedarCompileMs = performance.now() - t1;
  if (parsed.type !== "success") throw new Error(`cedar policies do not parse: ${JSON.stringify(parsed.errors)}`);

  const cedarEffect = (call: cedar.StatefulAuthorizationCall): Effect => {
    const answer = cedar.statefulIsAuthorized(call);
    if (answer.type !== "success") throw new Error(JSON.stringify(answer.errors));
    const { decision, diagnostics } = answer.response;
    if (decision === "deny") return "deny";
    return diagnostics.reason.some((id) => approvalIds.has(id)) ? "require_approval" : "allow";
  };

  const data = samples(N);
  let agree = 0;
  const counts: Record<Effect, number> = { allow: 0, deny: 0, require_approval: 0 };
  const mismatches: string[] = [];
  for (const s of data) {
    const ours = evaluate(set, s.input, {}).effect;
    const theirs = cedarEffect(s.call);
    counts[ours]++;
    if (ours === theirs) agree++;
    else if (mismatches.length < 5)
      mismatches.push(
        `  ${s.input.agent.name} ${s.input.action.type} ${s.input.action.resource} ${JSON.stringify(s.input.action.params)}: gatehouse ${ours}, cedar ${theirs}`,
      );
  }

  const ours = stats(timeEach(data, (s) => evaluate(set, s.input, {})));
  const theirs = stats(timeEach(data, (s) => cedarEffect(s.call)));

  const fmt = (n: number, d = 2) => n.toFixed(d).padStart(10);
  const rate = (n: number) => Math.round(n).toLocaleString("en-US").padStart(13);
  console.log(
    `Policy engine benchmark: ${rules} rules in ${set.policies.length} policies, ${N.toLocaleString("en-US")} decisions (warm-up ${WARMUP.toLocaleString("en-US")}), Node ${process.version}`,
  );
  console.log(
    `compile: gatehouse ${compileMs.toFixed(1)} ms (YAML + ${rules} rules, CEL type-checked), cedar ${cedarCompileMs.toFixed(1)} ms (preparse ${Object.keys(policies).length} policies)`,
  );
  console.log(`effects: allow ${counts.allow}, require_approval ${counts.require_approval}, deny ${counts.deny}`);
  console.log(`agreement: ${agree}/${N} decisions identical (allow / deny / require_approval)`);
  for (const m of mismatches) console.log(m);
  console.log("");
  console.log(`${"engine".padEnd(26)}${"median µs".padStart(10)}${"p99 µs".padStart(10)}${"decisions/s".padStart(13)}`);
  console.log(`${"gatehouse (yaml + cel-js)".padEnd(26)}${fmt(ours.median)}${fmt(ours.p99)}${rate(ours.perSecond)}`);
  console.log(`${`cedar-wasm ${cedar.getCedarVersion()}`.padEnd(26)}${fmt(theirs.median)}${fmt(theirs.p99)}${rate(theirs.perSecond)}`);
  const x = (r: number, w = 10) => `${r.toFixed(1)}x`.padStart(w);
  console.log(
    `${"ratio cedar / gatehouse".padEnd(26)}${x(theirs.median / ours.median)}${x(theirs.p99 / ours.p99)}${x(ours.perSecond / theirs.perSecond, 13)}`,
  );
  if (agree !== N) process.exitCode = 1;
}

main();
