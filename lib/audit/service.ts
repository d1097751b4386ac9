import { insertStatement } from "../db/batch-transaction";
import { readRows } from "../db/bulk-read";
import { copyFields, copyLines } from "../db/copy-read";
import { db } from "../db/client";
import type { Tx } from "../db/transaction";
import { afterCommit, transaction } from "../db/transaction";
import { metrics } from "../observability/metrics";
import { env } from "../env";
import { defineJob } from "../jobs/queue";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { loadSigner, signCheckpoint, type NoteSigner } from "./checkpoint";
import { publishedKeys, signingKey } from "../signing-keys/service";
import { toAuditRecord, type AuditEvent } from "./entry";
import { FLAT_CONTENT_SQL } from "./leaf";
import { entriesInLeafOrder, type EntryRow, type LeafRow } from "./leaf-order";
import { parseRedactPaths, redact, type Redaction } from "./redact";
import { randomBytes } from "node:crypto";
import { CompactRange, consistencyProof, inclusionProof, leafHashHex } from "./merkle";
import { verifyLogAsync, type LogEntryInput, type VerifyLogReport } from "./verify-log";

// The audit trail in the database. Appending is cheap (one insert in the caller's
// transaction); a single-writer sequencer then integrates new entries into the Merkle
// tree in batches and signs a checkpoint after each, as transparency logs do.

// Parsed once per setting, not on every append (the decision path appends on every call).
let erasure: { spec: string | undefined; paths: string[][] } | undefined;
const erasurePaths = () => {
  const spec = env().GATEHOUSE_ERASURE_PATHS;
  if (!erasure || erasure.spec !== spec) erasure = { spec, paths: parseRedactPaths(spec) };
  return erasure.paths;
};

const recordsOf = (events: AuditEvent | AuditEvent[], at: Date, redaction: Redaction | null) => {
  const paths = erasurePaths();
  return (Array.isArray(events) ? events : [events]).map((e) =>
    toAuditRecord(redaction ? { ...e, data: redact(e.data, redaction) } : e, at, { erasurePaths: paths }),
  );
};

/** The one way into the audit trail. Call it inside the transaction that made the change: its entries go in one statement. */
export async function appendAudit(tx: Tx, events: AuditEvent | AuditEvent[], at: Date = new Date()) {
  const records = recordsOf(events, at, await redactionFor(tx));
  await tx.auditEntry.createMany({ data: records });
  afterCommit(tx, () => metrics().auditEntries.inc(records.length));
}

/** The redaction appendAudit applies (read once per process), for auditInsert: await it before opening a batch transaction. */
export async function auditRedaction(): Promise<Redaction | null> {
  const cached = redactionCache.get();
  return cached !== undefined ? cached : transaction((tx) => redactionFor(tx));
}

/**
 * appendAudit for a batch transaction (lib/db/batch-transaction.ts): the one INSERT of these
 * entries, to send with the change, and what to count once that transaction commits.
 */
export function auditInsert(events: AuditEvent[], at: Date, redaction: Redaction | null): { sql: string; committed: () => void } {
  const records = recordsOf(events, at, redaction);
  return { sql: insertStatement("audit_entries", records), committed: () => metrics().auditEntries.inc(records.length) };
}

// ─── redaction ──────────────────────────────────────────────────────────────

/** Creates the redaction salt at start-up, outside any request's transaction. */
export const prepareRedaction = () => transaction((tx) => redactionFor(tx));

const redactionCache = processSlot<Redaction | null>("audit-redaction");

/** GATEHOUSE_AUDIT_REDACT's paths with the salt (GATEHOUSE_AUDIT_REDACT_SALT, else generated once and kept). */
async function redactionFor(tx: Tx): Promise<Redaction | null> {
  const cached = redactionCache.get();
  if (cached !== undefined) return cached;
  const { GATEHOUSE_AUDIT_REDACT: spec, GATEHOUSE_AUDIT_REDACT_SALT: configured } = env();
  const paths = parseRedactPaths(spec);
  let redaction: Redaction | null = null;
  if (paths.length) {
    const stored = configured ? null : await tx.setting.findUnique({ where: { key: "audit_redaction_salt" } });
    if (!configured && !stored) {
      // Created inside the caller's transaction: not cached until a later call reads it back committed.
      const salt = randomBytes(32).toString("hex");
      await tx.setting.create({ data: { key: "audit_redaction_salt", value: salt } });
      return { paths, salt };
    }
    redaction = { paths, salt: configured ?? stored!.value };
  }
  redactionCache.set(redaction);
  return redaction;
}

// ─── signing key ────────────────────────────────────────────────────────────

const signerSlot = processSlot<{ pem: string; signer: NoteSigner }>("audit-signer");

/**
 * The checkpoint signer: the audit key of the key ring (GATEHOUSE_AUDIT_SIGNING_KEY, else a key
 * generated once and kept in the database, shared by replicas; `keys rotate audit` replaces it).
 * Make the first call outside any transaction: it may write.
 */
export async function auditSigner(): Promise<NoteSigner> {
  const { pem } = await signingKey("audit");
  const cached = signerSlot.get();
  if (cached?.pem === pem) return cached.signer;
  const signer = loadSigner(env().GATEHOUSE_AUDIT_ORIGIN, pem);
  signerSlot.set({ pem, signer });
  return signer;
}

/** The verifier keys of every audit key that has signed checkpoints, the signing one first. */
export async function auditVerifierKeys(): Promise<string[]> {
  const signer = await auditSigner();
  const published = (await publishedKeys("audit")).map((k) => k.publicKey);
  return [signer.verifierKey, ...published.filter((k) => k !== signer.verifierKey)];
}

export async function auditPublicKey() {
  const signer = await auditSigner();
  return {
    origin: env().GATEHOUSE_AUDIT_ORIGIN,
    verifierKey: signer.verifierKey,
    publicKey: signer.publicKey.toString("base64"),
    verifierKeys: await auditVerifierKeys(),
  };
}

// ─── sequencer ──────────────────────────────────────────────────────────────

/** Transactions time out after 10 s, so an entry id older than this has committed or never will. */
const STRAGGLER_GRACE = "1 minute";

/**
 * Integrates up to `max` new entries into the tree and signs a checkpoint. Only one
 * process integrates at a time (advisory lock); the others return 0 at once.
 */
export async function integrateBatch(max = 5000): Promise<number> {
  const signer = await auditSigner();
  return transaction(
    async (tx) => {
      const [{ locked } = { locked: false }] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(hashtext('gatehouse.audit.sequencer')) AS locked`;
      if (!locked) return 0;
      const last = await tx.auditCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
      const range = last ? CompactRange.fromJSON(last.frontier as never) : new CompactRange();
      const lastId = last?.lastEntryId ?? 0n;
      const [{ low } = { low: 0n }] = await tx.$queryRaw<{ low: bigint }[]>`
      SELECT coalesce(max(last_entry_id), 0) AS low FROM audit_checkpoints WHERE created_at < now() - ${STRAGGLER_GRACE}::interval`;
      // New entries, plus stragglers: lower ids whose transactions committed after a later id was integrated.
      const pending = await tx.$queryRaw<{ id: bigint; canonical: string }[]>`
      SELECT e.id, e.canonical FROM audit_entries e
      WHERE e.id > ${low} AND (e.id > ${lastId} OR NOT EXISTS (SELECT 1 FROM audit_leaves l WHERE l.entry_id = e.id))
      ORDER BY e.id LIMIT ${max}`;
      if (pending.length === 0) return 0;
      const start = range.size;
      const hashes = pending.map((e) => leafHashHex(e.canonical));
      for (const h of hashes) range.append(Buffer.from(h, "hex"));
      await tx.$executeRaw`
      INSERT INTO audit_leaves (leaf_index, entry_id, leaf_hash)
      SELECT * FROM unnest(${pending.map((_, i) => String(start + i))}::text[]::bigint[], ${pending.map((e) => String(e.id))}::text[]::bigint[], ${hashes}::text[])`;
      const root = range.root();
      const note = signCheckpoint(signer, { origin: signer.name, treeSize: range.size, rootHash: root });
      const maxId = pending.reduce((m, e) => (e.id > m ? e.id : m), lastId);
      await tx.auditCheckpoint.create({
        data: {
          treeSize: BigInt(range.size),
          rootHash: root.toString("hex"),
          note,
          keyId: signer.keyId.toString("hex"),
          frontier: range.toJSON() as object,
          lastEntryId: maxId,
        },
      });
      return pending.length;
    },
    { timeoutMs: 60_000 },
  );
}

/**
 * Integrates everything committed before the call: batch after batch while they come back
 * full. A batch that is not full took every entry pending at that moment, so under steady
 * traffic the sequencer signs one checkpoint per tick instead of spinning one per handful
 * of entries (which cost more than the decisions it sequenced).
 */
export async function integrateAll(max = 5000): Promise<number> {
  let total = 0;
  let n: number;
  do {
    n = await integrateBatch(max);
    total += n;
  } while (n === max);
  return total;
}

const sequencerTimer = processSlot<NodeJS.Timeout>("audit-sequencer");

/** Runs the sequencer in the background of a server process. */
export function startSequencer(intervalMs = 500) {
  if (sequencerTimer.get()) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    integrateAll()
      .catch((error) => log.error("audit sequencer failed", { err: error }))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  sequencerTimer.set(timer);
}

export function stopSequencer() {
  clearInterval(sequencerTimer.get());
  sequencerTimer.set(undefined);
}

export type SequencerLag = { treeSize: number; unsequencedEntries: number; checkpointAt: Date | null };

/** How far the tree is behind the trail: its size, the entries appended after its last checkpoint, and when that was signed. */
export async function sequencerLag(): Promise<SequencerLag> {
  const [row] = await db().$queryRaw<{ treeSize: number | null; checkpointAt: Date | null; unsequenced: number }[]>`
    WITH last AS (SELECT tree_size, created_at, last_entry_id FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1)
    SELECT (SELECT tree_size::float8 FROM last) AS "treeSize", (SELECT created_at FROM last) AS "checkpointAt",
           (SELECT count(*)::float8 FROM audit_entries WHERE id > coalesce((SELECT last_entry_id FROM last), 0)) AS unsequenced`;
  return { treeSize: row?.treeSize ?? 0, unsequencedEntries: row?.unsequenced ?? 0, checkpointAt: row?.checkpointAt ?? null };
}

// ─── proofs and verification ────────────────────────────────────────────────

async function leafHashesUpTo(size: number): Promise<Buffer[]> {
  const rows = await db().$queryRaw<
    { leaf_hash: string }[]
  >`SELECT leaf_hash FROM audit_leaves WHERE leaf_index < ${size} ORDER BY leaf_index`;
  return rows.map((r) => Buffer.from(r.leaf_hash, "hex"));
}

export async function latestCheckpoint() {
  return db().auditCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
}

export async function checkpointAt(size: bigint) {
  return db().auditCheckpoint.findUnique({ where: { treeSize: size } });
}

/**
 * The leaf index of an entry, once the sequencer (this process's, or another replica's, which
 * holds the lock) has integrated it; waits up to `waitMs` for that.
 */
export async function leafIndexOf(entryId: bigint, waitMs = 10_000): Promise<number | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    await integrateAll();
    const leaf = await db().auditLeaf.findUnique({ where: { entryId }, select: { leafIndex: true } });
    if (leaf) return Number(leaf.leafIndex);
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Inclusion proof of one leaf against the checkpoint of `treeSize` (default: the latest). */
export async function proveInclusion(leafIndex: number, treeSize?: number) {
  const checkpoint = treeSize === undefined ? await latestCheckpoint() : await checkpointAt(BigInt(treeSize));
  if (!checkpoint) return undefined;
  const size = Number(checkpoint.treeSize);
  if (leafIndex >= size) return { checkpoint, proof: undefined };
  const leaves = await leafHashesUpTo(size);
  return {
    checkpoint,
    proof: inclusionProof(leafIndex, size, leaves).map((h) => h.toString("hex")),
    leafHash: leaves[leafIndex]!.toString("hex"),
  };
}

export async function proveConsistency(from: number, to: number) {
  const [a, b] = await Promise.all([checkpointAt(BigInt(from)), checkpointAt(BigInt(to))]);
  if (!a || !b) return undefined;
  const leaves = await leafHashesUpTo(to);
  return { from: a, to: b, proof: consistencyProof(from, to, leaves).map((h) => h.toString("hex")) };
}

/**
 * The rows of `select` (a SELECT without WHERE or ORDER BY) in `key` order, a batch at a time: one
 * COPY stream on PostgreSQL, keyset pages on the embedded database. Values are text or null.
 */
async function* rowsInOrder(select: string, key: string, pageSize = 50_000): AsyncGenerator<(string | null)[][]> {
  const copy = copyLines(`${select} ORDER BY ${key}`);
  if (copy) {
    for await (const lines of copy) yield lines.map(copyFields);
    return;
  }
  const page = (after: string) => readRows(`${select} WHERE ${key} > $1 ORDER BY ${key} LIMIT ${pageSize}`, [after]);
  for (let after = "-1"; ;) {
    const rows = (await page(after)).map((row) => row.map((v) => (v === null ? null : String(v))));
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)![0]!;
  }
}

/** Every integrated entry in leaf order (see leaf-order.ts), a batch at a time. */
function integratedEntries(): AsyncGenerator<LogEntryInput[]> {
  const leaves = async function* () {
    for await (const rows of rowsInOrder(`SELECT leaf_index, entry_id, leaf_hash FROM audit_leaves`, "leaf_index"))
      yield rows.map(([leafIndex, entryId, leafHash]): LeafRow => ({
        leafIndex: Number(leafIndex),
        entryId: Number(entryId),
        leafHash: leafHash!,
      }));
  };
  const entries = async function* () {
    const select = `SELECT id, canonical, payload_hash, ${FLAT_CONTENT_SQL} FROM audit_entries e`;
    for await (const rows of rowsInOrder(select, "id"))
      yield rows.map(([id, canonical = null, payloadHash = null, content = null]): EntryRow => ({
        id: Number(id),
        canonical,
        payloadHash,
        content,
      }));
  };
  return entriesInLeafOrder(leaves(), entries());
}

export type DatabaseVerifyReport = VerifyLogReport & { notInTree: { id: string; message: string }[] };

/** Re-hashes every entry, rebuilds the tree, checks every checkpoint; also finds entries left out of the tree. */
export async function verifyDatabase(options: { stragglerGraceSeconds?: number } = {}): Promise<DatabaseVerifyReport> {
  const grace = `${options.stragglerGraceSeconds ?? 60} seconds`;
  const [signer, verifierKey] = [await auditSigner(), await auditVerifierKeys()];
  const checkpoints = await db().auditCheckpoint.findMany({ orderBy: { treeSize: "asc" }, select: { note: true } });
  const report = await verifyLogAsync({ entries: integratedEntries(), checkpoints, verifierKey, origin: signer.name });
  // An entry with no leaf below the settled integration mark was slipped in after the fact.
  const orphans = await db().$queryRaw<{ id: bigint }[]>`
    SELECT e.id FROM audit_entries e
    WHERE e.id <= (SELECT coalesce(max(last_entry_id), 0) FROM audit_checkpoints WHERE created_at <= now() - ${grace}::interval)
      AND NOT EXISTS (SELECT 1 FROM audit_leaves l WHERE l.entry_id = e.id)
    ORDER BY e.id LIMIT 100`;
  const notInTree = orphans.map((o) => ({
    id: String(o.id),
    message: `entry #${o.id} is not in the Merkle tree although later entries are: inserted after the fact`,
  }));
  return { ...report, ok: report.ok && notInTree.length === 0, notInTree };
}

// ─── scheduled verification ─────────────────────────────────────────────────

const LAST_VERIFY_SUCCESS = "audit_verify_last_success";

/** When the scheduled verification last found the whole trail intact (kept in the database, so every replica reports it). */
export async function lastVerifySuccess(): Promise<Date | null> {
  const row = await db().setting.findUnique({ where: { key: LAST_VERIFY_SUCCESS } });
  return row ? new Date(row.value) : null;
}

/** Verifies the whole trail; a failure is counted and logged, a success recorded. The job queue runs it on one replica per slot. */
export async function scheduledVerification(): Promise<boolean> {
  const report = await verifyDatabase().catch((error: unknown) => {
    log.error("scheduled audit verification could not finish", { err: error });
    return null;
  });
  if (!report?.ok) {
    metrics().auditVerifyFailures.inc();
    if (report)
      log.error("scheduled audit verification FAILED: the audit trail does not verify", {
        firstBadSeq: report.firstBadSeq,
        firstBadReason: report.firstBadReason,
        problems: report.problems.slice(0, 10),
        notInTree: report.notInTree.slice(0, 10),
      });
    return false;
  }
  const value = new Date().toISOString();
  await db().setting.upsert({ where: { key: LAST_VERIFY_SUCCESS }, create: { key: LAST_VERIFY_SUCCESS, value }, update: { value } });
  log.info("scheduled audit verification passed", { entries: report.entries, signedSize: report.signedSize });
  return true;
}

export const auditVerifyJob = defineJob<Record<string, never>>({
  name: "audit-verify",
  expireInSeconds: 3600,
  handler: async () => void (await scheduledVerification()),
});
