"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { getJson } from "@/components/approvals/queries";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ShadowStatusSchema } from "@/lib/contracts/policy-studio";
import { startShadowAction, stopShadowAction } from "@/app/(console)/policies/actions";

// Shadow mode, live: the running shadow set's disagreements with live decisions, by
// transition, and the latest disagreeing actions (refreshed every two seconds).

type ShadowStatus = z.infer<typeof ShadowStatusSchema>;
export const shadowKey = ["policies", "shadow"] as const;

export function ShadowPanel({
  draftId,
  canWrite,
  beforeStart,
}: {
  draftId?: string;
  canWrite: boolean;
  beforeStart?: () => Promise<void>;
}) {
  const client = useQueryClient();
  const { data, error } = useQuery({
    queryKey: shadowKey,
    queryFn: () => getJson<ShadowStatus>("/api/policies/shadow"),
    refetchInterval: 2000,
  });
  const start = useServerAction(startShadowAction);
  const stop = useServerAction(stopShadowAction);
  const refresh = () => void client.invalidateQueries({ queryKey: shadowKey });
  const run = data?.run;
  return (
    <div className="space-y-3 text-sm" data-testid="shadow-panel">
      <p className="text-xs text-zinc-500">
        A set in shadow is evaluated on every live decision beside the active one. It never changes an outcome; where it would decide
        otherwise, that is recorded here.
      </p>
      {run?.running && data ? (
        <div className="space-y-2">
          <p>
            <Badge tone="violet">in shadow</Badge> <b>{run.label}</b>, started by {run.startedBy ?? "system"}:{" "}
            <span data-testid="shadow-evaluated">{run.evaluated}</span> live decisions seen,{" "}
            <b data-testid="shadow-disagreements">{run.disagreements}</b> disagreement(s).
          </p>
          {Object.keys(data.transitions).length ? (
            <ul className="text-xs">
              {Object.entries(data.transitions).map(([k, n]) => (
                <li key={k}>
                  {n} live {k.replace("->", " → shadow ")}
                </li>
              ))}
            </ul>
          ) : null}
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-xs">
            {data.latest.map((d) => (
              <li key={d.actionId} className="flex gap-2 px-3 py-1.5">
                <Link href={`/actions/${d.actionId}`} className="text-blue-700 hover:underline">
                  {d.type} {d.resource}
                </Link>
                <span className="text-zinc-500">{d.agent}</span>
                <span>
                  live {d.live.effect} ({d.live.rule ?? "default deny"}) · shadow {d.shadow.effect} ({d.shadow.rule ?? "default deny"})
                </span>
              </li>
            ))}
          </ul>
          {canWrite ? (
            <Button variant="secondary" size="sm" disabled={stop.pending} onClick={() => stop.run({}, refresh)}>
              Stop shadow
            </Button>
          ) : null}
        </div>
      ) : (
        <div className="space-y-2">
          <p className="text-zinc-600">
            {run
              ? `Nothing runs in shadow (the last one, ${run.label}, saw ${run.evaluated} decisions and ${run.disagreements} disagreements).`
              : "Nothing runs in shadow."}
          </p>
          {canWrite && draftId ? (
            <Button
              size="sm"
              disabled={start.pending}
              onClick={async () => {
                await beforeStart?.();
                start.run({ draftId }, refresh);
              }}
            >
              Start this draft in shadow
            </Button>
          ) : null}
        </div>
      )}
      {start.error || stop.error || error ? <Notice tone="error">{start.error ?? stop.error ?? (error as Error).message}</Notice> : null}
    </div>
  );
}
