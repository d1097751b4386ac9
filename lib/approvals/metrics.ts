// Approval metrics, so policies can be tuned from how approvals actually go: per approver
// (how often and how fast they answer) and per rule (how often a human is asked, says yes,
// times out, or is not needed because a standing approval covered the action). The numbers
// are read in metrics-store.ts; judging them is here.

export type MetricsWindow = { from: Date; to: Date };

export type ApproverMetrics = {
  email: string;
  votes: number;
  approves: number;
  rejects: number;
  /** approves / votes. */
  approveRate: number | null;
  /** From the step becoming active to this approver's vote. */
  medianSeconds: number | null;
  p95Seconds: number | null;
};

export type RuleMetrics = {
  /** The policy and rule (or limit) that asked for approval; null when none was named. */
  policy: string | null;
  rule: string | null;
  /** Decided approval requests. */
  requests: number;
  approved: number;
  rejected: number;
  expired: number;
  cancelled: number;
  /** Requests in which a step timed out (whatever happened then: escalate, approve or deny). */
  timeouts: number;
  /** approved / (requests − cancelled): a cancellation (e.g. the kill switch) is nobody's judgement. */
  approveRate: number | null;
  /** From the request's opening to its decision. */
  medianWaitSeconds: number | null;
  p95WaitSeconds: number | null;
  /** Actions this rule sent for approval that a standing approval let through instead. */
  autoApproved: number;
};

export const DEFAULT_WINDOW_DAYS = 30;

export function metricsWindow(window: Partial<MetricsWindow> = {}, now = new Date()): MetricsWindow {
  const to = window.to ?? now;
  return { from: window.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000), to };
}

const ruleKey = (r: { policy: string | null; rule: string | null }) => JSON.stringify([r.policy, r.rule]);

/** Requests decided in the window, by the rule that opened them (SQL aggregates, before judging). */
export type DecidedRow = {
  policy: string | null;
  rule: string | null;
  requests: number;
  approved: number;
  rejected: number;
  expired: number;
  cancelled: number;
  timeouts: number;
  median: number | null;
  p95: number | null;
};
export type AutoApprovedRow = { policy: string | null; rule: string | null; count: number };

/** One row per rule: its decided requests and how many actions standing approvals let through, the busiest first. */
export function ruleMetrics(decided: DecidedRow[], auto: AutoApprovedRow[]): RuleMetrics[] {
  const rules = new Map<string, RuleMetrics>();
  const empty = (r: { policy: string | null; rule: string | null }): RuleMetrics => ({
    policy: r.policy,
    rule: r.rule,
    requests: 0,
    approved: 0,
    rejected: 0,
    expired: 0,
    cancelled: 0,
    timeouts: 0,
    approveRate: null,
    medianWaitSeconds: null,
    p95WaitSeconds: null,
    autoApproved: 0,
  });
  for (const r of decided) {
    const judged = r.requests - r.cancelled;
    rules.set(ruleKey(r), {
      ...empty(r),
      requests: r.requests,
      approved: r.approved,
      rejected: r.rejected,
      expired: r.expired,
      cancelled: r.cancelled,
      timeouts: r.timeouts,
      approveRate: judged > 0 ? r.approved / judged : null,
      medianWaitSeconds: r.median === null ? null : Number(r.median),
      p95WaitSeconds: r.p95 === null ? null : Number(r.p95),
    });
  }
  for (const a of auto) {
    const row = rules.get(ruleKey(a)) ?? empty(a);
    row.autoApproved = a.count;
    rules.set(ruleKey(a), row);
  }
  return [...rules.values()].sort(
    (x, y) => y.requests + y.autoApproved - (x.requests + x.autoApproved) || ruleKey(x).localeCompare(ruleKey(y)),
  );
}

/** Fewer judged requests than this say too little to tune from. */
export const MIN_SAMPLE = 10;
const QUICK_SECONDS = 15 * 60;

/** What the numbers suggest changing in the policy, if anything (one hint, the strongest). */
export function tuningHint(r: RuleMetrics): string | null {
  const judged = r.requests - r.cancelled;
  if (r.autoApproved >= MIN_SAMPLE && r.autoApproved > r.requests) {
    return "Mostly let through by standing approvals: if that is the lasting intent, write it into the policy (allow with a limit).";
  }
  if (judged < MIN_SAMPLE || r.approveRate === null) return null;
  if (r.approveRate === 1 && r.medianWaitSeconds !== null && r.medianWaitSeconds <= QUICK_SECONDS) {
    return "Always approved, and quickly: a candidate for allow with a limit (cost, rate or budget).";
  }
  if (r.timeouts / r.requests >= 0.2) return "Often times out: add approvers or a group, escalate, or lengthen the timeout.";
  if (r.approveRate <= 0.05) return "Almost always refused: a candidate for deny.";
  if (r.approveRate >= 0.95) return "Almost always approved: consider allowing the common case under a tighter condition.";
  return null;
}
