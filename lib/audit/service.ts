import type { Tx } from "../db/transaction";
import { toAuditRecord, type AuditEvent } from "./entry";

/** The one way into the audit trail. Call it inside the transaction that made the change. */
export async function appendAudit(tx: Tx, event: AuditEvent, at: Date = new Date()) {
  await tx.auditEntry.create({ data: toAuditRecord(event, at) });
}
