import type { DashboardFilters } from "../contracts/dashboard";

// Links from a dashboard figure to the list of exactly the rows it counted. The lists
// take an inclusive `to`, the dashboard's buckets end exclusively: timestamps are kept to
// the millisecond, so the list ends one millisecond before the bucket does.

export type Selection = { filters: DashboardFilters; from: Date; to: Date };

const inclusiveEnd = (to: Date) => new Date(to.getTime() - 1).toISOString();

function query(params: Record<string, string | undefined>) {
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
}

/** The Actions list of this selection, narrowed by `extra` (status, decidedBy, outcome, currency, deniedBy). */
export function actionsHref({ filters, from, to }: Selection, extra: Record<string, string>): string {
  return `/actions?${query({ agent: filters.agent, type: filters.type, policy: filters.policy, ...extra, from: from.toISOString(), to: inclusiveEnd(to) })}`;
}

/** The Audit list of this selection (it filters by agent and time, not by type or policy). */
export function auditHref({ filters, from, to }: Selection, extra: Record<string, string>): string {
  return `/audit?${query({ agent: filters.agent, ...extra, from: from.toISOString(), to: inclusiveEnd(to) })}`;
}
