import { Badge } from "@/components/ui/badge";
import type { LimitCheck, Reason } from "@/lib/policy/types";

export const EFFECT_TONE = { allow: "green", deny: "red", require_approval: "amber" } as const;

/** The policy's explanation of a decision: every rule and limit that matched, and the limits checked. */
export function DecisionReasons({ reasons, limits }: { reasons: Reason[]; limits: LimitCheck[] }) {
  return (
    <>
      <ul className="space-y-1" data-testid="decision-reasons">
        {reasons.map((r, i) => (
          <li key={i} className="text-sm">
            <Badge tone={EFFECT_TONE[r.effect]} className="mr-2">
              {r.kind}
            </Badge>
            {r.message}
          </li>
        ))}
      </ul>
      {limits.length ? (
        <div>
          <p className="mb-1 text-xs font-medium text-zinc-500">Limits checked</p>
          <ul className="space-y-1">
            {limits.map((l, i) => (
              <li key={i} className="text-sm">
                {l.exceeded ? (
                  <Badge tone="red" className="mr-2">
                    exceeded
                  </Badge>
                ) : (
                  <Badge className="mr-2">ok</Badge>
                )}
                {l.message}
                {l.reconciled ? (
                  <span className="text-zinc-500" data-testid="cost-reconciled">
                    {" "}
                    · reconciled with the reported cost: {l.reconciled.actual} actual vs {l.reconciled.declared} declared (
                    {l.reconciled.delta >= 0 ? "+" : ""}
                    {l.reconciled.delta} on the budget)
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
