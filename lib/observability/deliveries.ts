import { metrics } from "./metrics";
import { annotate } from "./tracing";

/** How an attempt went: delivered, retrying (failed, the queue tries again) or failed (given up). */
export type AttemptOutcome = "delivered" | "retrying" | "failed";

/** Counts one delivery attempt: callbacks apart from approver notifications (by channel). */
export function recordDeliveryAttempt(kind: "callback" | "slack" | "email", outcome: AttemptOutcome, responseStatus: number | null) {
  const m = metrics();
  if (kind === "callback") m.callbackDeliveries.inc({ outcome });
  else m.notifications.inc({ channel: kind, outcome });
  annotate({
    "gatehouse.delivery.kind": kind,
    "gatehouse.delivery.outcome": outcome,
    ...(responseStatus ? { "http.response.status_code": responseStatus } : {}),
  });
}
