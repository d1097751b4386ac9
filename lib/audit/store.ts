import { db } from "../db/client";
import { empty, join, sql } from "../db/generated/client";
import type { AuditFilters } from "../contracts/audit";

// Reading the audit trail: filtered search with keyset pagination (newest first, by
// sequence number, never OFFSET) and free text over the canonical content.

export type AuditRow = {
  id: bigint;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  eventType: string;
  subjectType: string | null;
  subjectId: string | null;
  agentId: string | null;
  agentName: string | null;
  decision: string | null;
  canonical: string;
  payloadHash: string;
  leafIndex: bigint | null;
  leafHash: string | null;
};

export function auditWhere(f: Omit<AuditFilters, "limit">, after?: bigint) {
  const conditions = [
    after !== undefined ? sql`e.id > ${after}` : empty,
    f.from ? sql`e.created_at >= ${f.from}` : empty,
    f.to ? sql`e.created_at <= ${f.to}` : empty,
    f.agent ? sql`a.name = ${f.agent}` : empty,
    f.actor ? sql`(e.actor_label = ${f.actor} OR e.actor_id = ${f.actor})` : empty,
    f.eventType
      ? f.eventType.endsWith("*")
        ? sql`e.event_type LIKE ${f.eventType.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`) + "%"}`
        : sql`e.event_type = ${f.eventType}`
      : empty,
    f.decision ? sql`e.decision = ${f.decision}` : empty,
    f.subjectId ? sql`e.subject_id = ${f.subjectId}` : empty,
    f.q ? sql`to_tsvector('simple', e.canonical) @@ plainto_tsquery('simple', ${f.q})` : empty,
    f.before !== undefined ? sql`e.id < ${f.before}` : empty,
  ].filter((c) => c !== empty);
  return conditions.length ? sql`WHERE ${join(conditions, " AND ")}` : empty;
}

const SELECT = sql`
  SELECT e.id, e.created_at AS "createdAt", e.actor_type::text AS "actorType", e.actor_id AS "actorId", e.actor_label AS "actorLabel",
         e.event_type AS "eventType", e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.agent_id::text AS "agentId",
         a.name AS "agentName", e.decision, e.canonical, e.payload_hash AS "payloadHash", l.leaf_index AS "leafIndex", l.leaf_hash AS "leafHash"
  FROM audit_entries e
  LEFT JOIN agents a ON a.id = e.agent_id
  LEFT JOIN audit_leaves l ON l.entry_id = e.id`;

export async function searchAudit(filters: AuditFilters) {
  const rows = await db().$queryRaw<AuditRow[]>`${SELECT} ${auditWhere(filters)} ORDER BY e.id DESC LIMIT ${filters.limit + 1}`;
  const page = rows.slice(0, filters.limit);
  return { entries: page, nextBefore: rows.length > filters.limit ? page.at(-1)?.id : undefined };
}

export async function getAuditEntry(id: bigint) {
  const [row] = await db().$queryRaw<AuditRow[]>`${SELECT} WHERE e.id = ${id}`;
  return row;
}

/** Streams matching entries oldest first, in pages, for exports (constant memory). */
export async function* streamAudit(filters: Omit<AuditFilters, "limit" | "before">, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = -1n;
  for (;;) {
    const rows = await db().$queryRaw<AuditRow[]>`${SELECT} ${auditWhere({ ...filters, before: undefined }, after)} ORDER BY e.id ASC LIMIT ${pageSize}`;
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
