import { db } from "../db/client";
import {
  metricsWindow,
  ruleMetrics,
  type ApproverMetrics,
  type AutoApprovedRow,
  type DecidedRow,
  type MetricsWindow,
  type RuleMetrics,
} from "./metrics";

// The approval metrics' queries: votes by approver, decided requests by rule (with step
// timeouts from the audit trail), and actions standing approvals let through.

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
  return db().$queryRaw<AutoApprovedRow[]>`
    SELECT a.decision->>'policy' AS policy, a.decision->>'rule' AS rule, count(*)::int AS count
    FROM actions a
    WHERE a.created_at >= ${from} AND a.created_at < ${to}
      AND a.effect = 'require_approval' AND a.status = 'allowed'
      AND a.decision->'reasons' @> ${JSON.stringify([{ kind: "standing_approval" }])}::jsonb
    GROUP BY 1, 2`;
}

export async function approvalMetrics(
  window: Partial<MetricsWindow> = {},
): Promise<{ window: MetricsWindow; approvers: ApproverMetrics[]; rules: RuleMetrics[] }> {
  const range = metricsWindow(window);
  const [approvers, decided, auto] = await Promise.all([approverMetrics(range), decidedByRule(range), autoApprovedByRule(range)]);
  return { window: range, approvers, rules: ruleMetrics(decided, auto) };
}
