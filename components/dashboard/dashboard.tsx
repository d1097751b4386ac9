"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { getJson } from "@/components/approvals/queries";
import { Notice } from "@/components/ui/alert";
import type { DashboardView } from "@/lib/dashboard/view";
import { utcMinute } from "@/lib/format/time";
import { DashboardFilters } from "./filters";
import { CostSection, EventsList, RankedSection, VolumeSection, WaitSection } from "./sections";
import { Tiles } from "./tiles";
import { useDashboardState } from "./use-dashboard-state";

/** At most this often while the page is open (and on focus). */
export const REFRESH_MS = 15_000;

/**
 * The dashboard for the URL's range and filters; on an agent's page, for that agent
 * (`agent`). Refreshes while open; every figure links to the rows it counted.
 */
export function Dashboard({ agents, policies, agent }: { agents: string[]; policies: string[]; agent?: string }) {
  const { state, query, update } = useDashboardState(agent ? { agent } : {});
  const result = useQuery({
    queryKey: ["dashboard", query],
    queryFn: () => getJson<DashboardView>(`/api/dashboard?${query}`),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const view = result.data;
  return (
    <div data-testid="dashboard">
      <DashboardFilters state={state} update={update} agents={agents} policies={policies} fixedAgent={Boolean(agent)} />
      {result.error ? (
        <Notice tone="error" className="mb-4" data-testid="dashboard-error">
          {(result.error as Error).message}
        </Notice>
      ) : null}
      {!view ? (
        <p className="py-10 text-center text-sm text-zinc-500">Loading…</p>
      ) : (
        <>
          <p className="mb-3 text-xs text-zinc-500" data-testid="dashboard-window">
            <Link href={view.totals.href} className="font-medium text-zinc-800 hover:underline" data-testid="dashboard-total">
              {view.totals.actions.toLocaleString("en-US")} actions
            </Link>{" "}
            from {utcMinute(new Date(view.window.from))} to {utcMinute(new Date(view.window.to))} · refreshes every {REFRESH_MS / 1000} s
            {result.isFetching ? " · updating…" : ""}
          </p>
          <Tiles tiles={view.tiles} />
          <div className="grid gap-4 xl:grid-cols-2">
            <div className="xl:col-span-2">
              <VolumeSection view={view} />
              <EventsList view={view} />
            </div>
            <WaitSection view={view} />
            <CostSection view={view} />
            <RankedSection
              testId="chart-denials"
              title="Most frequent denying rules and limits"
              keyLabel="Rule or limit"
              name="denials"
              color="#dc2626"
              description="Rules and limits that denied actions (an action denied by two counts for both). Click for those actions."
              rows={view.denials}
              empty="No policy denied an action in this range. The rules and limits that deny most will be listed here."
            />
            {agent ? null : (
              <>
                <RankedSection
                  testId="chart-top-volume"
                  title="Top agents by volume"
                  keyLabel="Agent"
                  name="actions"
                  description="Actions submitted per agent."
                  rows={view.topAgents.byVolume}
                  empty="No agent submitted an action in this range."
                />
                <RankedSection
                  testId="chart-top-denials"
                  title="Top agents by denials"
                  keyLabel="Agent"
                  name="denied"
                  color="#dc2626"
                  description="Denied actions per agent (by policy or by people)."
                  rows={view.topAgents.byDenials}
                  empty="No action was denied in this range."
                />
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
