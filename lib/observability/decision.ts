import { metrics, labelsFor } from "./metrics";
import { annotate, traced } from "./tracing";

// What the decision path records about itself, kept in one place so the path stays short:
// no database work here, only this process's counters, histograms and span attributes.

/** Runs the policy engine in its own span and times it. */
export function timedEvaluation<T>(evaluate: () => T): T {
  return traced("gatehouse.policy_evaluation", () => {
    const end = metrics().evaluationSeconds.startTimer();
    try {
      return evaluate();
    } finally {
      end();
    }
  });
}

export type DecisionRecord = {
  agent: string;
  actionId: string;
  type: string;
  effect: string;
  status: string;
  /** From the request's arrival to the committed answer. */
  seconds: number;
  cost?: { amount: number; currency: string };
};

/** Counts a committed decision (not an idempotent replay) and describes it on the decision's span. */
export function recordDecision(d: DecisionRecord) {
  const m = metrics();
  m.decisions.inc(labelsFor({ effect: d.effect, status: d.status }, d.agent));
  m.decisionSeconds.observe(d.seconds);
  if (d.status === "halted") m.actionsHalted.inc();
  if (d.status === "allowed" && d.cost) m.actionCost.inc(labelsFor({ currency: d.cost.currency }, d.agent), d.cost.amount);
  annotate({
    "gatehouse.agent": d.agent,
    "gatehouse.action.id": d.actionId,
    "gatehouse.action.type": d.type,
    "gatehouse.effect": d.effect,
    "gatehouse.status": d.status,
  });
}

/** An action's result, once recorded. */
export function recordResult(agent: string, outcome: string) {
  metrics().actionResults.inc(labelsFor({ outcome }, agent));
}
