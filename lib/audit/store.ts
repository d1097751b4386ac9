import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AuditFilters } from "../contracts/audit";
import type { Actor } from "./entry";
import { eventContent, isV2, type EntryContent } from "./leaf";
import { formatExportLine } from "./export-format";
import { ProofIndex } from "./proof-index";

// Reading the audit trail: filtered search with keyset pagination (newest first, by
// sequence number, never OFFSET) and free text over the canonical content.

export type AuditRow = {
  id: bigint;
  createdAt: Date;
  actorType: Actor["type"];
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
  /** v2: the fields the canonical JSON commits to (null once all removed). */
  content: EntryContent | null;
  leafIndex: bigint | null;
  leafHash: string | null;
};

const { empty, join, sql } = Prisma;

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
    // Same expression as the index (migration erasable_audit_content): punctuation splits words, so
    // "refund 250" finds "refund.issue" with "amount":250 and an e-mail matches its parts.
    f.q
      ? sql`to_tsvector('simple', regexp_replace(e.canonical || ' ' || coalesce(e.content::text, ''), '[^[:alnum:]]+', ' ', 'g')) @@ plainto_tsquery('simple', regexp_replace(${f.q}, '[^[:alnum:]]+', ' ', 'g'))`
      : empty,
    f.before !== undefined ? sql`e.id < ${f.before}` : empty,
  ].filter((c) => c !== empty);
  return conditions.length ? sql`WHERE ${join(conditions, " AND ")}` : empty;
}

const SELECT = sql`
  SELECT e.id, e.created_at AS "createdAt", e.actor_type::text AS "actorType", e.actor_id AS "actorId", e.actor_label AS "actorLabel",
         e.event_type AS "eventType", e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.agent_id::text AS "agentId",
         a.name AS "agentName", e.decision, e.canonical, e.payload_hash AS "payloadHash", e.content, l.leaf_index AS "leafIndex", l.leaf_hash AS "leafHash"
  FROM audit_entries e
  LEFT JOIN agents a ON a.id = e.agent_id
  LEFT JOIN audit_leaves l ON l.entry_id = e.id`;

export async function searchAudit(filters: AuditFilters) {
  const rows = await db().$queryRaw<AuditRow[]>`${SELECT} ${auditWhere(filters)} ORDER BY e.id DESC LIMIT ${filters.limit + 1}`;
  const page = rows.slice(0, filters.limit);
  return { entries: page, nextBefore: rows.length > filters.limit ? page.at(-1)?.id : undefined };
}

/** By row id (console links). */
export async function getAuditEntry(id: bigint) {
  const [row] = await db().$queryRaw<AuditRow[]>`${SELECT} WHERE e.id = ${id}`;
  return row;
}

/** By sequence number: the entry's leaf index in the Merkle tree. */
export async function getAuditEntryBySeq(seq: bigint) {
  const [row] = await db().$queryRaw<AuditRow[]>`${SELECT} WHERE l.leaf_index = ${seq}`;
  return row;
}

/** Streams matching entries oldest first, in pages, for exports (constant memory). */
export async function* streamAudit(filters: Omit<AuditFilters, "limit" | "before">, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = -1n;
  for (;;) {
    const rows = await db().$queryRaw<
      AuditRow[]
    >`${SELECT} ${auditWhere({ ...filters, before: undefined }, after)} ORDER BY e.id ASC LIMIT ${pageSize}`;
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${(/^[=+\-@\t]/.test(s) ? "'" : "") + s.replace(/"/g, '""')}"` : s;
};

export const CSV_HEADER = [
  "seq",
  "entry_id",
  "created_at",
  "event_type",
  "actor_type",
  "actor",
  "agent",
  "subject_type",
  "subject_id",
  "decision",
  "payload_hash",
  "content",
];

/**
 * Export lines for a filter, streamed. JSON Lines carries, first, the checkpoint every
 * entry is proven against, then each entry with its inclusion proof (verifiable offline
 * with npm run audit:verify-export); CSV is for spreadsheets (formula-like cells are
 * quoted so they cannot run as formulas).
 */
export async function* exportAudit(filters: Omit<AuditFilters, "limit" | "before">, format: "jsonl" | "csv"): AsyncGenerator<string> {
  if (format === "csv") {
    yield CSV_HEADER.join(",") + "\n";
    for await (const r of streamAudit(filters)) {
      yield (
        [
          r.leafIndex,
          r.id,
          r.createdAt.toISOString(),
          r.eventType,
          r.actorType,
          r.actorLabel,
          r.agentName,
          r.subjectType,
          r.subjectId,
          r.decision,
          r.payloadHash,
          JSON.stringify(eventContent(r)),
        ]
          .map(csvCell)
          .join(",") + "\n"
      );
    }
    return;
  }
  const checkpoint = await db().auditCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
  if (!checkpoint) return;
  const size = Number(checkpoint.treeSize);
  const leaves = await db().$queryRaw<
    { leaf_hash: string }[]
  >`SELECT leaf_hash FROM audit_leaves WHERE leaf_index < ${size} ORDER BY leaf_index`;
  const index = new ProofIndex(leaves.map((l) => Buffer.from(l.leaf_hash, "hex")));
  yield formatExportLine({ type: "checkpoint", note: checkpoint.note });
  for await (const r of streamAudit(filters)) {
    if (r.leafIndex === null || Number(r.leafIndex) >= size) continue; // not yet under this checkpoint
    const seq = Number(r.leafIndex);
    yield formatExportLine({
      type: "entry",
      seq,
      createdAt: r.createdAt.toISOString(),
      eventType: r.eventType,
      canonical: r.canonical,
      payloadHash: r.payloadHash,
      leafHash: r.leafHash!,
      inclusionProof: index.inclusionProof(seq, size).map((h) => h.toString("hex")),
      ...(isV2(r.canonical) ? { content: r.content } : {}),
    });
  }
}
