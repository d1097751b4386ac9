import { CheckpointError, openCheckpoint, toVerifiers, type VerifierKeys } from "./checkpoint";
import { checkEntry, type EntryInput } from "./leaf";
import { CompactRange, EMPTY_ROOT } from "./merkle";

// Pure, streaming verification of a whole audit log: every entry is re-hashed from its canonical
// JSON (and a v2 entry's remaining content checked against its commitments: leaf.ts), leaf indices must run 0..n-1, the Merkle tree is rebuilt in one pass with a CompactRange
// (O(log n) memory), and every signed checkpoint must match the rebuilt tree at its size.
//
// Entries must be supplied in leaf-index order; checkpoints in the order they were issued.

export type LogEntryInput = EntryInput & { leafIndex: bigint | number };

export type VerifyProblemKind =
  | "payload_hash" // payloadHash ≠ SHA-256(canonical)
  | "leaf_hash" // leafHash ≠ SHA-256(0x00 || canonical)
  | "commitment" // a v2 entry's content does not match the commitment its canonical JSON holds
  | "sequence_gap" // leaf indices missing
  | "sequence_order" // a leaf index appears after a later one
  | "sequence_duplicate" // a leaf index appears twice
  | "checkpoint_malformed" // not a well-formed signed checkpoint
  | "checkpoint_signature" // not signed by the log key, or the signature does not verify
  | "checkpoint_origin" // signed for another log
  | "checkpoint_root" // signed root ≠ root of the stored entries at that size
  | "consistency" // the signed checkpoints contradict each other (fork, shrinking log)
  | "truncated"; // a checkpoint covers more entries than the log has

export type VerifyProblem = {
  kind: VerifyProblemKind;
  /** Entry problems: that entry. Checkpoint root / truncation problems: the first entry the checkpoint fails to vouch for. */
  seq?: number;
  /** Checkpoint problems: the checkpoint's tree size (when it could be read). */
  treeSize?: number;
  /** Checkpoint problems: position in the checkpoints array. */
  checkpoint?: number;
  message: string;
};

export type VerifyLogReport = {
  ok: boolean;
  entries: number;
  /** Entries checked byte for byte: v1 entries (by their payload hash) and v2 entries with all their content. */
  verifiedInFull: number;
  /** v2 entries some of whose content was removed (retention, erasure): the leaf still commits to it. */
  verifiedByCommitment: number;
  checkpoints: number;
  /** Checkpoints that are validly signed and match the rebuilt tree. */
  checkpointsVerified: number;
  /** Entries covered by the largest matching checkpoint (entries after it are not yet signed). */
  signedSize: number;
  /** Root of the rebuilt tree over all entries (hex). */
  rootHash: string;
  problems: VerifyProblem[];
  /** Problems not listed because of maxProblems. */
  problemsOmitted: number;
  /**
   * The first bad entry and why: the lowest seq of an entry-level problem (hashes, sequence);
   * failing those, the start of the first range a checkpoint does not vouch for.
   */
  firstBadSeq?: number;
  firstBadReason?: string;
  elapsedMs: number;
};

export type VerifyLogOptions = {
  checkpoints: readonly { note: string }[];
  /** The log's verifier key, or all its keys when it has rotated: each checkpoint must be signed by one of them. */
  verifierKey: VerifierKeys;
  /** Expected checkpoint origin; checkpoints for another origin are reported. */
  origin?: string;
  /** Cap on listed problems (default 1000); the rest are counted in problemsOmitted. */
  maxProblems?: number;
};

const short = (h: string) => (h.length > 16 ? `${h.slice(0, 16)}…` : h);

type OpenedCheckpoint = { position: number; treeSize: number; rootHex: string };

/** A streaming log verifier: add() each entry in order, then finish(). */
export class LogVerifier {
  readonly #started = performance.now();
  readonly #maxProblems: number;
  readonly #problems: VerifyProblem[] = [];
  #omitted = 0;
  /** Lowest-seq problem pinned to an entry, and lowest-seq problem that only bounds a range. */
  #firstBad: { seq: number; message: string } | undefined;
  #firstRange: { seq: number; message: string } | undefined;

  readonly #range = new CompactRange();
  readonly #checkpointCount: number;
  readonly #pending: OpenedCheckpoint[]; // opened checkpoints, ascending size, not yet reached
  #next = 0;
  #verified = 0;
  #signedSize = 0;
  /** Checkpoints whose root did not match, awaiting a later matching one (which proves a fork). */
  #mismatched: OpenedCheckpoint[] = [];

  #inFull = 0;
  #byCommitment = 0;
  #expected = 0; // next leaf index expected (max seen + 1)
  /** Leaf-index ranges [start, end) skipped so far and not (yet) seen out of order. Capped. */
  #missing: [number, number][] = [];
  #finished = false;

  constructor(opts: VerifyLogOptions) {
    this.#maxProblems = opts.maxProblems ?? 1000;
    const verifier = toVerifiers(opts.verifierKey);
    this.#checkpointCount = opts.checkpoints.length;
    const opened: OpenedCheckpoint[] = [];
    let previous: OpenedCheckpoint | undefined;
    opts.checkpoints.forEach((c, position) => {
      try {
        const cp = openCheckpoint(c.note, verifier, { origin: opts.origin });
        const treeSize = cp.treeSize <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cp.treeSize) : Number.MAX_SAFE_INTEGER;
        const o = { position, treeSize, rootHex: cp.rootHash.toString("hex") };
        if (previous && o.treeSize < previous.treeSize)
          this.#report({
            kind: "consistency",
            treeSize: o.treeSize,
            checkpoint: position,
            message: `checkpoint #${position} (size ${o.treeSize}) is smaller than the checkpoint issued before it (#${previous.position}, size ${previous.treeSize}): a log never shrinks`,
          });
        previous = o;
        opened.push(o);
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        const kind: VerifyProblemKind =
          e.code === "origin_mismatch"
            ? "checkpoint_origin"
            : e.code === "malformed_note" || e.code === "malformed_checkpoint"
              ? "checkpoint_malformed"
              : "checkpoint_signature";
        // The size as the (untrusted) body claims it, so the report can say which checkpoint failed.
        const claimed = /^\d{1,15}$/.exec(c.note.split("\n")[1] ?? "")?.[0];
        const treeSize = claimed === undefined ? undefined : Number(claimed);
        this.#report({
          kind,
          checkpoint: position,
          treeSize,
          message: `checkpoint #${position}${treeSize === undefined ? "" : ` (size ${treeSize})`}: ${e.message}`,
        });
      }
    });
    opened.sort((a, b) => a.treeSize - b.treeSize || a.position - b.position);
    for (let i = 1; i < opened.length; i++) {
      const a = opened[i - 1] as OpenedCheckpoint;
      const b = opened[i] as OpenedCheckpoint;
      if (a.treeSize === b.treeSize && a.rootHex !== b.rootHex)
        this.#report({
          kind: "consistency",
          treeSize: b.treeSize,
          checkpoint: b.position,
          message: `checkpoints #${a.position} and #${b.position} are both signed for size ${b.treeSize} but have different roots (${short(a.rootHex)} vs ${short(b.rootHex)}): the log forked`,
        });
    }
    this.#pending = opened;
    this.#checkCheckpointsAt(0, EMPTY_ROOT.toString("hex"));
  }

  #report(p: VerifyProblem): void {
    if (p.seq !== undefined) {
      if (p.kind === "checkpoint_root" || p.kind === "truncated") {
        if (this.#firstRange === undefined || p.seq < this.#firstRange.seq) this.#firstRange = { seq: p.seq, message: p.message };
      } else if (this.#firstBad === undefined || p.seq < this.#firstBad.seq) this.#firstBad = { seq: p.seq, message: p.message };
    }
    if (this.#problems.length < this.#maxProblems) this.#problems.push(p);
    else this.#omitted++;
  }

  #checkCheckpointsAt(size: number, rootHex?: string): void {
    while (this.#next < this.#pending.length && (this.#pending[this.#next] as OpenedCheckpoint).treeSize === size) {
      const cp = this.#pending[this.#next++] as OpenedCheckpoint;
      const root = rootHex ?? this.#range.root().toString("hex");
      rootHex = root;
      if (cp.rootHex === root) {
        this.#verified++;
        this.#signedSize = size;
        for (const m of this.#mismatched)
          this.#report({
            kind: "consistency",
            treeSize: m.treeSize,
            checkpoint: m.position,
            message: `checkpoint #${m.position} (size ${m.treeSize}) is inconsistent with checkpoint #${cp.position} (size ${size}), which matches the entries: the earlier signed root is not a prefix of the later one`,
          });
        this.#mismatched = [];
      } else {
        const from = this.#signedSize;
        this.#report({
          kind: "checkpoint_root",
          seq: from,
          treeSize: size,
          checkpoint: cp.position,
          message: `checkpoint #${cp.position} (size ${size}): signed root ${short(cp.rootHex)} ≠ root of the stored entries ${short(root)}: entries ${from}..${size - 1} differ from what was signed (or the checkpoint was forged)`,
        });
        this.#mismatched.push(cp);
      }
    }
  }

  /** Adds the next entry (in leaf-index order). */
  add(entry: LogEntryInput): void {
    if (this.#finished) throw new Error("LogVerifier: add() after finish()");
    const position = this.#range.size;
    const rawIndex = entry.leafIndex;
    const index =
      typeof rawIndex === "bigint" ? (rawIndex <= BigInt(Number.MAX_SAFE_INTEGER) && rawIndex >= 0n ? Number(rawIndex) : -1) : rawIndex;
    const seq = Number.isSafeInteger(index) && index >= 0 ? index : position;

    if (!Number.isSafeInteger(index) || index < 0) {
      this.#report({
        kind: "sequence_order",
        seq: position,
        message: `entry at position ${position}: invalid leaf index ${String(rawIndex)}`,
      });
    } else if (index === this.#expected) {
      this.#expected++;
    } else if (index > this.#expected) {
      if (this.#missing.length < 10_000) this.#missing.push([this.#expected, index]);
      else
        this.#report({
          kind: "sequence_gap",
          seq: this.#expected,
          message: `entries ${this.#expected}..${index - 1} missing (entry ${index} follows entry ${this.#expected - 1})`,
        });
      this.#expected = index + 1;
    } else if (this.#takeMissing(index)) {
      this.#report({
        kind: "sequence_order",
        seq: index,
        message: `entry ${index}: out of order (found at position ${position}, after entry ${this.#expected - 1})`,
      });
    } else {
      this.#report({
        kind: "sequence_duplicate",
        seq: index,
        message: `entry ${index}: leaf index appears more than once (again at position ${position})`,
      });
    }

    const { leafHash, problems, full } = checkEntry(seq, entry);
    for (const p of problems) this.#report(p);
    if (full) this.#inFull++;
    else this.#byCommitment++;
    // The tree is built from the entries as stored, in the order given.
    this.#range.append(Buffer.from(leafHash, "hex"));
    if (this.#next < this.#pending.length && (this.#pending[this.#next] as OpenedCheckpoint).treeSize === position + 1)
      this.#checkCheckpointsAt(position + 1);
  }

  #takeMissing(index: number): boolean {
    for (let i = 0; i < this.#missing.length; i++) {
      const [a, b] = this.#missing[i] as [number, number];
      if (index < a || index >= b) continue;
      const replacement: [number, number][] = [];
      if (a < index) replacement.push([a, index]);
      if (index + 1 < b) replacement.push([index + 1, b]);
      this.#missing.splice(i, 1, ...replacement);
      return true;
    }
    return false;
  }

  finish(): VerifyLogReport {
    this.#finished = true;
    for (const [a, b] of this.#missing)
      this.#report({ kind: "sequence_gap", seq: a, message: b - a === 1 ? `entry ${a} is missing` : `entries ${a}..${b - 1} are missing` });
    const n = this.#range.size;
    for (; this.#next < this.#pending.length; this.#next++) {
      const cp = this.#pending[this.#next] as OpenedCheckpoint;
      this.#report({
        kind: "truncated",
        seq: n,
        treeSize: cp.treeSize,
        checkpoint: cp.position,
        message: `checkpoint #${cp.position} is signed for size ${cp.treeSize} but the log has only ${n} entries: log truncated (entries ${n}..${cp.treeSize - 1} are gone)`,
      });
    }
    const problems = this.#problems.slice().sort((x, y) => (x.seq ?? -1) - (y.seq ?? -1));
    // An entry-level problem names the bad entry; a checkpoint mismatch only bounds a range.
    const first = this.#firstBad ?? this.#firstRange;
    return {
      ok: this.#problems.length === 0 && this.#omitted === 0,
      entries: n,
      verifiedInFull: this.#inFull,
      verifiedByCommitment: this.#byCommitment,
      checkpoints: this.#checkpointCount,
      checkpointsVerified: this.#verified,
      signedSize: this.#signedSize,
      rootHash: this.#range.root().toString("hex"),
      problems,
      problemsOmitted: this.#omitted,
      ...(first ? { firstBadSeq: first.seq, firstBadReason: first.message } : {}),
      elapsedMs: Math.round((performance.now() - this.#started) * 10) / 10,
    };
  }
}

/** Verifies a whole log from an iterable of entries in leaf-index order. */
export function verifyLog(input: VerifyLogOptions & { entries: Iterable<LogEntryInput> }): VerifyLogReport {
  const v = new LogVerifier(input);
  for (const e of input.entries) v.add(e);
  return v.finish();
}

/** As verifyLog, for entries streamed from a database or a file, one at a time or in batches. */
export async function verifyLogAsync(
  input: VerifyLogOptions & {
    entries: AsyncIterable<LogEntryInput | readonly LogEntryInput[]> | Iterable<LogEntryInput | readonly LogEntryInput[]>;
  },
): Promise<VerifyLogReport> {
  const v = new LogVerifier(input);
  for await (const e of input.entries) {
    if (isBatch(e)) for (const one of e) v.add(one);
    else v.add(e);
  }
  return v.finish();
}

const isBatch = (e: LogEntryInput | readonly LogEntryInput[]): e is readonly LogEntryInput[] => Array.isArray(e);
