import { db } from "../db/client";

// Approval metrics, so policies can be tuned from how approvals actually go: per approver
// (how often and how fast they answer) and per rule (how often a human is asked, says yes,
// times out, or is not needed because a standing approval covered the action).

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

type Count = number;

/** Votes cast in the window, by approver: the most active first. */
async function approverMetrics({ from, to }: MetricsWindow): Promise<ApproverMetrics[]> {
  const rows = await db().$queryRaw<
    { email: string; votes: Count; approves: Count; rejects: Count; median: number | null; p95: number | null }[]
  >`
    SELECT u.email,
           count(*)::int AS votes,
           count(*) FILTER (WHERE v.decision = 'approve')::int AS approves,
           count(*) FILTER (WHERE v.decision = 'reject')::int AS rejects,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.created_at - s.started_at)::float8) AS median,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM v.created_at - s.started_at)::float8) AS p95
    FROM approval_votes v
    JOIN approval_steps s ON s.id = v.step_id
    JOIN users u ON u.id = v.user_id
    WHERE v.created_at >= ${from} AND v.created_at < ${to}
    GROUP BY u.email
    ORDER BY votes DESC, u.email`;
  return rows.map((r) => ({
    email: r.email,
    votes: r.votes,
    approves: r.approves,
    rejects: r.rejects,
    approveRate: r.votes ? r.approves / r.votes : null,
    medianSeconds: r.median === null ? null : Number(r.median),
    p95Seconds: r.p95 === null ? null : Number(r.p95),
  }));
}

type DecidedRow = {
  policy: string | null;
  rule: string | null;
  requests: Count;
  approved: Count;
  rejected: Count;
  expired: Count;
  cancelled: Count;
  timeouts: Count;
  median: number | null;
  p95: number | null;
};

/** Requests decided in the window, by the rule that opened them. Step timeouts are read from the audit trail, which records every one (an escalated or approved-on-timeout step does not end "timed_out"). */
async function decidedByRule({ from, to }: MetricsWindow): Promise<DecidedRow[]> {
  return db().$queryRaw<DecidedRow[]>`
    WITH decided AS (
      SELECT r.policy, r.rule, r.status, extract(epoch FROM r.decided_at - r.created_at)::float8 AS wait,
             EXISTS (SELECT 1 FROM audit_entries e
                     WHERE e.subject_type = 'action' AND e.subject_id = r.action_id::text AND e.event_type = 'approval.timed_out') AS timed_out
      FROM approval_requests r
      WHERE r.status <> 'pending' AND r.decided_at >= ${from} AND r.decided_at < ${to}
    )
    SELECT policy, rule,
           count(*)::int AS requests,
           count(*) FILTER (WHERE status = 'approved')::int AS approved,
           count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
           count(*) FILTER (WHERE status = 'expired')::int AS expired,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE timed_out)::int AS timeouts,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS median,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY wait) AS p95
    FROM decided
    GROUP BY policy, rule`;
}

/** Actions submitted in the window that the policy sent for approval and a standing approval allowed, by rule (from the stored explanation). */
async function autoApprovedByRule({ from, to }: MetricsWindow) {
  return db().$queryRaw<{ policy: string | null; rule: string | null; count: Count }[]>`
    SELECT a.decision->>'policy' AS policy, a.decision->>'rule' AS rule, count(*)::int AS count
    FROM actions a
    WHERE a.created_at >= ${from} AND a.created_at < ${to}
      AND a.effect = 'require_approval' AND a.status = 'allowed'
      AND a.decision->'reasons' @> ${JSON.stringify([{ kind: "standing_approval" }])}::jsonb
    GROUP BY 1, 2`;
}

const ruleKey = (r: { policy: string | null; rule: string | null }) => JSON.stringify([r.policy, r.rule]);

export async function approvalMetrics(
  window: Partial<MetricsWindow> = {},
): Promise<{ window: MetricsWindow; approvers: ApproverMetrics[]; rules: RuleMetrics[] }> {
  const range = metricsWindow(window);
  const [approvers, decided, auto] = await Promise.all([approverMetrics(range), decidedByRule(range), autoApprovedByRule(range)]);
  const rules = new Map<string, RuleMetrics>();
  for (const r of decided) {
    const judged = r.requests - r.cancelled;
    rules.set(ruleKey(r), {
      policy: r.policy,
      rule: r.rule,
      requests: r.requests,
      approved: r.approved,
      rejected: r.rejected,
      expired: r.expired,
      cancelled: r.cancelled,
      timeouts: r.timeouts,
      approveRate: judged > 0 ? r.approved / judged : null,
      medianWaitSeconds: r.median === null ? null : Number(r.median),
      p95WaitSeconds: r.p95 === null ? null : Number(r.p95),
      autoApproved: 0,
    });
  }
  for (const a of auto) {
    const existing = rules.get(ruleKey(a));
    if (existing) existing.autoApproved = a.count;
    else {
      rules.set(ruleKey(a), {
        policy: a.policy,
        rule: a.rule,
        requests: 0,
        approved: 0,
        rejected: 0,
        expired: 0,
        cancelled: 0,
        timeouts: 0,
        approveRate: null,
        medianWaitSeconds: null,
        p95WaitSeconds: null,
        autoApproved: a.count,
      });
    }
  }
  const sorted = [...rules.values()].sort(
    (x, y) => y.requests + y.autoApproved - (x.requests + x.autoApproved) || ruleKey(x).localeCompare(ruleKey(y)),
  );
  return { window: range, approvers, rules: sorted };
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
