import { explainCondition, type CelContext } from "./cel";
import type { CompiledRule } from "./model";
import type { DecisionInput, PolicyError } from "./types";

// The human side of a decision: every reason says what matched, with the values seen.

/** `rule large-refunds matched: params.amount (250) > 100` */
export function explainRule(rule: CompiledRule, input: DecisionInput, ctx: CelContext | undefined): string {
  if (rule.when && ctx) return `rule ${rule.id} matched: ${explainCondition(rule.when, ctx)}`;
  const on = rule.resources ? ` on ${input.action.resource} (${rule.resources.patterns.join(", ")})` : ` on ${input.action.resource}`;
  return `rule ${rule.id} matched: ${input.action.type}${on}`;
}

export function explainFailClosed(rule: CompiledRule, error: string): string {
  return `rule ${rule.id} matched: when ${rule.when?.source ?? ""} could not be evaluated (${error}), counted as true for a ${rule.effect} rule (fail closed)`;
}

/** `no rule allows refund.issue on orders/1 for agent support-bot` */
export function explainDefault(input: DecisionInput, failures: string[] | undefined): string {
  const base = `no rule allows ${input.action.type} on ${input.action.resource} for agent ${input.agent.name}`;
  return failures ? `${base} (${failures.join("; ")})` : base;
}

/** `policies/devops.yaml:14:13: spec.rules[2].when: CEL syntax error …` */
export function formatPolicyError(e: PolicyError): string {
  return e.path ? `${e.file}:${e.line}:${e.column}: ${e.path}: ${e.message}` : `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
