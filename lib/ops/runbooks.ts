// The runbooks in docs/runbooks/ that the console links to where their situation shows:
// the kill switch page, a failed verification on the Audit page, a backlog in the inbox.
// Where they are read is a setting (GATEHOUSE_RUNBOOK_BASE_URL): the repository's docs
// path by default, or the URL of a wiki or git host that serves them.

export const RUNBOOKS = {
  runawayAgent: "runaway-agent.md",
  approvalBacklog: "approval-backlog.md",
  auditVerificationFailure: "audit-verification-failure.md",
} as const;

export type Runbook = keyof typeof RUNBOOKS;

/** A link when the base is an http(s) URL; otherwise the path to read in the repository. */
export type RunbookLink = { href: string | null; path: string };

export function runbookLink(runbook: Runbook, base: string): RunbookLink {
  const path = `${base}${RUNBOOKS[runbook]}`;
  return /^https?:\/\//.test(base) ? { href: new URL(RUNBOOKS[runbook], base).toString(), path } : { href: null, path };
}
