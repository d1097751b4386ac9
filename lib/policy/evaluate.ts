import { celContext, runCondition, type CelContext } from "./cel";
import { explainDefault, explainFailClosed, explainRule } from "./explain";
import { checkLimit, limitApplies, policySelection } from "./limits";
import { candidatesFor, COMPILED, type CompiledLimit, type CompiledRule, type PolicySet } from "./model";
import type { CounterUsage, Decision, DecisionInput, Effect, LimitCheck, Reason } from "./types";

// One decision: every matching rule and every applicable limit of every policy that
// selects the agent. deny beats require_approval beats allow; the first in precedence
// order (files by path, documents in order; rules before limits) decides among equals;
// no matching rule → deny. With `explain: false` (a replay, shadow mode) the outcome is the
// same and the reasons' messages are left empty: building them is most of the cost.

const RANK: Record<Effect, number> = { allow: 0, require_approval: 1, deny: 2 };

export type EvaluateOptions = { explain: boolean };

export function evaluate(set: PolicySet, input: DecisionInput, usage: CounterUsage, options?: EvaluateOptions): Decision {
  const explain = options?.explain ?? true;
  const c = set[COMPILED];
  const selected = policySelection(c, input.agent);
  const candidates = candidatesFor(c, input.action.type);
  const reasons: Reason[] = [];
  const limits: LimitCheck[] = [];
  let decider: CompiledRule | CompiledLimit | null = null;
  let ruleMatched = false;
  let ctx: CelContext | undefined;
  let failures: string[] | undefined;

  for (const rule of candidates.rules) {
    if (!selected(rule.policyIndex)) continue;
    if (rule.resources && !rule.resources(input.action.resource)) continue;
    let message: string;
    if (rule.when) {
      ctx ??= celContext(input);
      const result = runCondition(rule.when, ctx);
      if (result === false) continue;
      if (result === true) message = explain ? explainRule(rule, input, ctx) : "";
      else if (rule.effect === "allow") {
        // Fail closed: a condition that cannot be evaluated never allows...
        (failures ??= []).push(`rule ${rule.id}: when ${rule.when.source} failed: ${result.error}`);
        continue;
      } else message = explain ? explainFailClosed(rule, result.error) : ""; // ...and always restricts.
    } else message = explain ? explainRule(rule, input, undefined) : "";
    ruleMatched = true;
    reasons.push({ kind: "rule", policy: rule.policy, id: rule.id, effect: rule.effect, message });
    if (!decider || RANK[rule.effect] > RANK[decider.effect]) decider = rule;
  }

  for (const limit of candidates.limits) {
    if (!selected(limit.policyIndex) || !limitApplies(limit, input)) continue;
    const check = checkLimit(limit, input, usage, explain);
    limits.push(check);
    if (!check.exceeded) continue;
    reasons.push({ kind: "limit", policy: limit.policy, id: limit.id, effect: limit.effect, message: check.message });
    if (!decider || RANK[limit.effect] > RANK[decider.effect]) decider = limit;
  }

  if (!ruleMatched || !decider) {
    reasons.unshift({
      kind: "default",
      policy: null,
      id: "default-deny",
      effect: "deny",
      message: explain ? explainDefault(input, failures) : "",
    });
    return { effect: "deny", policy: null, rule: null, reasons, limits };
  }
  const decision: Decision = { effect: decider.effect, policy: decider.policy, rule: decider.id, reasons, limits };
  if (decider.effect === "require_approval" && decider.approval) decision.approval = decider.approval;
  return decision;
}
