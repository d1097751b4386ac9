import { eventContent } from "./leaf";
import type { AuditRow } from "./store";

/** An audit row as JSON: bigints as numbers/strings, the event with its data (what retention or erasure left of it). */
export function presentAuditRow(row: AuditRow) {
  return {
    /** The log's sequence number: the entry's leaf index in the Merkle tree (null until integrated). */
    seq: row.leafIndex === null ? null : Number(row.leafIndex),
    /** The row's own id (internal; has gaps). */
    id: Number(row.id),
    createdAt: row.createdAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    eventType: row.eventType,
    subject: row.subjectType ? { type: row.subjectType, id: row.subjectId } : null,
    agent: row.agentId ? { id: row.agentId, name: row.agentName } : null,
    decision: row.decision,
    content: eventContent(row),
    payloadHash: row.payloadHash,
  };
}
