import type { Decision, Effect } from "./types";
import { ruleRef } from "./replay";

// Shadow mode's comparison: the live decision (what the active set said) against what the
// shadow set says for the same input and counters. Pure; the decision path never waits on it.

export type ShadowDisagreement = { liveEffect: Effect; liveRule: string | null; shadowEffect: Effect; shadowRule: string | null };

/** The disagreement, or null when both sets decide the same effect by the same rule. */
export function compareWithShadow(
  live: { effect: Effect; policy: string | null; rule: string | null },
  shadow: Decision,
): ShadowDisagreement | null {
  const liveRule = ruleRef(live.policy, live.rule);
  const shadowRule = ruleRef(shadow.policy, shadow.rule);
  if (live.effect === shadow.effect && liveRule === shadowRule) return null;
  return { liveEffect: live.effect, liveRule, shadowEffect: shadow.effect, shadowRule };
}
