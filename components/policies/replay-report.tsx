import Link from "next/link";
import type { z } from "zod";
import type { ReplayRunSchema } from "@/lib/contracts/policy-studio";
import { cn } from "@/components/ui/cn";

// What a replay found: the transition matrix (recorded → draft), the rules and limits that
// cause the changes with sample actions, the approvers' workload, and what is reported apart.

export type ReplayRun = z.infer<typeof ReplayRunSchema>;
const EFFECTS = ["allow", "require_approval", "deny"] as const;
const label = (e: string) => e.replace("_", " ");
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function ReplayReport({ replay, compact = false }: { replay: ReplayRun; compact?: boolean }) {
  const days = Math.max(1, replay.window.days);
  const perDay = (n: number) => (n / days).toFixed(1);
  return (
    <div data-testid="replay-report" className="space-y-4 text-sm">
      <p>
        <b data-testid="replay-changed">{replay.changed}</b> of {replay.total} recorded decisions would change ({replay.window.days} day
        {replay.window.days === 1 ? "" : "s"}
        {replay.filters.agent ? `, agent ${replay.filters.agent}` : ""}
        {replay.filters.type ? `, type ${replay.filters.type}` : ""}).
      </p>
      <table className="text-xs">
        <thead>
          <tr>
            <th className="px-2 py-1 text-left font-medium text-zinc-500">recorded ↓ / draft →</th>
            {EFFECTS.map((to) => (
              <th key={to} className="px-2 py-1 text-right font-medium text-zinc-500">
                {label(to)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {EFFECTS.map((from) => (
            <tr key={from}>
              <th className="px-2 py-1 text-left font-medium text-zinc-500">{label(from)}</th>
              {EFFECTS.map((to) => (
                <td
                  key={to}
                  data-testid={`transition-${from}-${to}`}
                  className={cn(
                    "px-2 py-1 text-right tabular-nums",
                    from !== to && (replay.transitions[`${from}->${to}`] ?? 0) > 0 && "bg-amber-50 font-semibold",
                  )}
                >
                  {replay.transitions[`${from}->${to}`] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {replay.byRule.length ? (
        <div>
          <h4 className="text-xs font-medium text-zinc-500">What causes the changes</h4>
          <ul className="mt-1 space-y-1" data-testid="replay-causes">
            {replay.byRule.map((c) => (
              <li key={c.cause}>
                <span className="font-mono">{c.cause}</span> ({c.kind}): {c.changed} —{" "}
                {Object.entries(c.transitions)
                  .map(([k, n]) => `${n} ${k.replace("->", " → ")}`)
                  .join(", ")}
                {compact ? null : (
                  <span className="ml-1 text-xs">
                    e.g.{" "}
                    {c.samples.map((id, i) => (
                      <Link key={id} href={`/actions/${id}`} className="mr-1 text-blue-700 hover:underline">
                        action {i + 1}
                      </Link>
                    ))}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div data-testid="replay-workload">
        <h4 className="text-xs font-medium text-zinc-500">Approvers&apos; workload</h4>
        <p>
          {replay.workload.before} → {replay.workload.after} approval requests ({signed(replay.workload.after - replay.workload.before)};{" "}
          {perDay(replay.workload.before)} → {perDay(replay.workload.after)} per day)
        </p>
        <ul className="text-xs text-zinc-600">
          {replay.workload.targets.map((t) => (
            <li key={t.target}>
              to {t.target}: {t.before} → {t.after}
            </li>
          ))}
        </ul>
        {compact ? null : (
          <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500">
            {replay.workload.days.map((d) => (
              <li key={d.day}>
                {d.day}: {d.before} → {d.after}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="text-xs text-zinc-500" data-testid="replay-apart">
        Reported apart: {replay.halted} halted by the kill switch; {replay.standing.total} let through by a standing approval (
        {replay.standing.transitions["require_approval->require_approval"] ?? 0} still covered by its rule, the rest decided otherwise by
        the draft).
      </p>
    </div>
  );
}
