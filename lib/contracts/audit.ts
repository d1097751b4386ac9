import { z } from "zod";
import { defineOperation } from "./operation";
import { queryTime, requiredQueryTime } from "./time";

// PostgreSQL text cannot hold U+0000: refused here with a 422, where the export would fail
// mid-stream after its 200 headers.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !v.includes("\0"), "must not contain a NUL character (%00)")
    .optional()
    .transform((v) => v || undefined);

/** Audit search filters (query string of GET /api/v1/audit, the Audit page and exports). */
/** Unknown parameters are refused (a typo must not silently widen a search or an export). */
export const AuditFiltersSchema = z.strictObject({
  from: queryTime("from"),
  to: queryTime("to"),
  agent: text(63).describe("agent name"),
  actor: text(320).describe("actor label (e-mail, agent name, system) or id"),
  eventType: text(100).describe("exact, or a prefix ending in * (action.*)"),
  decision: z
    .enum(["allow", "deny", "require_approval", ""])
    .optional()
    .transform((v) => v || undefined),
  subjectId: text(100),
  q: text(200).describe("free text over the entry's content"),
  before: z.coerce.bigint().optional().describe("keyset cursor: entries with a lower sequence number"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
/** Parsed filters; every filter is optional, `limit` is always set. */
export type AuditFilters = Partial<z.output<typeof AuditFiltersSchema>> & { limit: number };

export const AuditExportQuerySchema = AuditFiltersSchema.omit({ before: true, limit: true }).extend({
  format: z.enum(["jsonl", "csv"]).default("jsonl").describe("JSON Lines with inclusion proofs, or CSV"),
});

/** The longest period the console and the API build an evidence bundle for: the server holds it in memory while it zips it. */
export const EVIDENCE_MAX_DAYS = 366;

/** An evidence bundle's period (the CLI's --from and --to too): a date alone in `to` includes that day. */
export const EvidencePeriodSchema = z
  .strictObject({
    from: requiredQueryTime("from").describe("the period's start: a date (its first moment, UTC) or an ISO 8601 time"),
    to: requiredQueryTime("to", { endOfDay: true }).describe(
      "the period's end: a date (included, to its last moment, UTC) or an ISO 8601 time",
    ),
  })
  .refine((p) => p.from < p.to, { path: ["to"], message: "to must be after from" });

export const EvidenceQuerySchema = EvidencePeriodSchema.refine((p) => p.to.getTime() - p.from.getTime() <= EVIDENCE_MAX_DAYS * 86_400_000, {
  path: ["to"],
  message: `The period is at most ${EVIDENCE_MAX_DAYS} days here; build a longer one with the CLI (gatehouse evidence)`,
});

const treeSize = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .positive()
    .max(Number.MAX_SAFE_INTEGER);

export const ConsistencyQuerySchema = z
  .object({ from: treeSize("from"), to: treeSize("to") })
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must be ≤ to" });

export const ProofPathSchema = z.object({
  seq: z
    .string()
    .regex(/^\d{1,15}$/, "seq is the entry's sequence number (its leaf index), a whole number")
    .transform(Number),
});
export const ProofQuerySchema = z.strictObject({ treeSize: treeSize("treeSize").optional() });

const Hex = z.string().regex(/^[0-9a-f]*$/);
const Actor = z.object({ type: z.enum(["user", "agent", "system"]), id: z.string().nullable(), label: z.string() });

export const AuditEntryViewSchema = z.object({
  seq: z.number().int().nullable().describe("The log's sequence number: the entry's leaf index in the Merkle tree (null until integrated)"),
  id: z.number().int().describe("The row's own id (internal; has gaps)"),
  createdAt: z.iso.datetime(),
  actor: Actor,
  eventType: z.string(),
  subject: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  agent: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  decision: z.string().nullable(),
  content: z
    .unknown()
    .describe(
      "The event: time, type, actor, subject, agent, decision and its `data` (for entries written since erasure existed, what retention or erasure left of it; `removedFields` names the fields removed)",
    ),
  payloadHash: Hex,
});

export const AuditSearchResponseSchema = z.object({
  entries: z.array(AuditEntryViewSchema),
  nextBefore: z.string().nullable().describe("Pass as `before` for the next page; null on the last page"),
});

export const CheckpointResponseSchema = z.object({
  origin: z.string(),
  verifierKey: z.string().describe("The C2SP note verifier key of the key that signs checkpoints now"),
  verifierKeys: z
    .array(z.string())
    .describe(
      "Every audit key that has signed checkpoints, the current one first: a checkpoint signed before a rotation verifies with an earlier one",
    ),
  checkpoint: z.object({ treeSize: z.number().int(), rootHash: Hex, note: z.string(), createdAt: z.iso.datetime() }).nullable(),
});

const SignedHead = z.object({ treeSize: z.number().int(), rootHash: Hex, note: z.string() });

export const ConsistencyResponseSchema = z.object({ from: SignedHead, to: SignedHead, consistencyProof: z.array(Hex) });

export const InclusionProofResponseSchema = z.object({
  seq: z.number().int(),
  entryId: z.number().int(),
  leafHash: Hex,
  treeSize: z.number().int(),
  rootHash: Hex,
  checkpoint: z.string(),
  inclusionProof: z.array(Hex),
});

export const VerifyReportSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  verifiedInFull: z.number().int().describe("Entries checked byte for byte (by their payload hash, or v2 entries with all their content)"),
  verifiedByCommitment: z
    .number()
    .int()
    .describe("v2 entries some of whose content retention or erasure removed: the leaf still commits to it"),
  checkpoints: z.number().int(),
  checkpointsVerified: z.number().int(),
  signedSize: z.number().int(),
  rootHash: Hex,
  problems: z.array(
    z.object({
      kind: z.string(),
      seq: z.number().int().optional(),
      treeSize: z.number().int().optional(),
      checkpoint: z.number().int().optional(),
      message: z.string(),
    }),
  ),
  problemsOmitted: z.number().int(),
  firstBadSeq: z.number().int().optional(),
  firstBadReason: z.string().optional(),
  elapsedMs: z.number(),
  notInTree: z
    .array(z.object({ id: z.string(), message: z.string() }))
    .describe("Entries left out of the Merkle tree although later ones are in it"),
});

// ─── operations (an operator's console session, or — for reading — an API key with audit:read) ───

/** The trail, its export, checkpoint and proofs: for a SIEM's key with audit:read too. */
const auditReader = { kind: "user_or_agent", permission: "console:read", scope: "audit:read" } as const;
/** Verifying the whole trail is work for an operator's session only. */
const auditVerifier = { kind: "user", permission: "console:read" } as const;

export const searchAuditOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit",
  operationId: "searchAudit",
  summary: "Search the audit trail",
  description: "Newest first; pass `before` (the previous page's `nextBefore`) for the next page. Unknown parameters are refused.",
  access: auditReader,
  query: AuditFiltersSchema,
  response: AuditSearchResponseSchema,
  success: "A page of entries",
});

export const exportAuditOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit/export",
  operationId: "exportAudit",
  summary: "Export the filtered trail: JSON Lines with inclusion proofs (verify offline with npm run audit:verify-export), or CSV",
  access: auditReader,
  query: AuditExportQuerySchema,
  produces: "application/x-ndjson",
  success: "A streamed file (text/csv for format=csv)",
});

export const evidenceBundleOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit/evidence",
  operationId: "auditEvidenceBundle",
  summary: "An evidence bundle for auditors as a zip archive (verify offline with gatehouse evidence verify FILE.zip --key KEY)",
  description:
    "The period's audit entries with inclusion proofs, checkpoints, a full verification report, policy versions and diffs, approvals, kill switches, user and role changes, key rotations and retention runs, and a manifest of their SHA-256 recorded in the trail (`evidence.bundle_created`, by the caller) under a signed checkpoint. " +
    `\`from\` and \`to\` are dates (a date alone in \`to\` includes that day, UTC) or ISO 8601 times; at most ${EVIDENCE_MAX_DAYS} days.`,
  access: auditReader,
  query: EvidenceQuerySchema,
  produces: "application/zip",
  success: "A streamed zip archive (Content-Disposition: attachment)",
  responses: { 503: "The bundle's audit entry is not yet under a signed checkpoint (or the database is away): try again" },
});

export const checkpointOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit/checkpoint",
  operationId: "auditCheckpoint",
  summary: "The latest signed checkpoint (C2SP signed note) and the verifier key",
  access: auditReader,
  response: CheckpointResponseSchema,
  success: "The checkpoint (null before the first one)",
});

export const inclusionProofOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit/entries/{seq}/proof",
  operationId: "auditInclusionProof",
  summary: "Inclusion proof of the entry with sequence number {seq} against a checkpoint (default: the latest)",
  access: auditReader,
  params: ProofPathSchema,
  query: ProofQuerySchema,
  response: InclusionProofResponseSchema,
  success: "The proof",
  responses: { 404: "No such entry or checkpoint", 409: "Not yet covered by that checkpoint" },
});

export const consistencyProofOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit/consistency",
  operationId: "auditConsistencyProof",
  summary: "Consistency proof between the checkpoints of sizes `from` and `to`",
  access: auditReader,
  query: ConsistencyQuerySchema,
  response: ConsistencyResponseSchema,
  success: "The proof",
  responses: { 404: "No checkpoint of that size" },
});

export const verifyAuditOperation = defineOperation({
  method: "POST",
  path: "/api/v1/audit/verify",
  operationId: "auditVerify",
  summary: "Verify the live trail: every entry re-hashed, the tree rebuilt, every checkpoint checked",
  access: auditVerifier,
  response: VerifyReportSchema,
  success: "The verification report",
});
