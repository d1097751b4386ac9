import { metrics, labelsFor } from "./metrics";
import { annotate } from "./tracing";

// What an approval transition records, once its transaction has committed.

const OUTCOME_OF_EVENT: Record<string, string> = {
  "approval.approved": "approved",
  "approval.rejected": "rejected",
  "approval.expired": "expired",
  "approval.cancelled": "cancelled",
  "approval.timed_out": "timed_out",
  "approval.escalated": "escalated",
};

export type SettledApproval = { status: string; waitSeconds: number; agent: string; cost: { amount: number; currency: string } | null };

/** Counts the transition's events; a decided request also observes its wait and, when approved, the action's declared cost. */
export function recordApprovalTransition(events: { type: string }[], settled: SettledApproval | null) {
  const m = metrics();
  for (const e of events) {
    const outcome = OUTCOME_OF_EVENT[e.type];
    if (outcome) m.approvals.inc({ outcome });
  }
  if (!settled) return;
  m.approvalWaitSeconds.observe({ outcome: settled.status }, settled.waitSeconds);
  if (settled.status === "approved" && settled.cost)
    m.actionCost.inc(labelsFor({ currency: settled.cost.currency }, settled.agent), settled.cost.amount);
}

/** Describes the transition on the active span. */
export function annotateTransition(requestId: string, status: string, events: { type: string }[]) {
  annotate({
    "gatehouse.approval.id": requestId,
    "gatehouse.approval.status": status,
    "gatehouse.approval.events": events.map((e) => e.type).join(","),
  });
}
