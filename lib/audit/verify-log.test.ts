import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { generateSigningKey, loadSigner, signCheckpoint, signerFromSeed } from "./checkpoint";
import { ExportFormatError, checkEntryMetadata, formatExportLine, parseExportLine } from "./export-format";
import { leafHash, leafHashHex, rootFromLeafHashes, sha256HexOf } from "./merkle";
import { verifyLog, verifyLogAsync, type LogEntryInput, type VerifyLogReport } from "./verify-log";

const ORIGIN = "gatehouse.example/audit";
const signer = signerFromSeed(ORIGIN, Buffer.alloc(32, 42));
const VKEY = signer.verifierKey;

type Row = { leafIndex: number | bigint; canonical: string; payloadHash: string; leafHash: string };

/** A v1 entry (the whole event in its canonical JSON), as written before erasure existed; leaf.test.ts covers v2. */
function makeRow(i: number, salt = ""): Row {
  const canonical = canonicalize({
    v: 1,
    at: new Date(Date.UTC(2026, 10, 24, 12, 0, 0) + i * 1000).toISOString(),
    type: "action.submitted",
    actor: { type: "agent", id: `a${i % 7}`, label: `agent ${i % 7}` },
    subject: null,
    agentId: null,
    decision: null,
    data: { n: i, salt },
  })!;
  return { leafIndex: i, canonical, payloadHash: sha256HexOf(canonical), leafHash: leafHashHex(canonical) };
}

/** Recomputes both stored hashes, as an attacker with database access would. */
const rehash = (row: Row, leafIndex: number | bigint = row.leafIndex): Row => ({
  leafIndex,
  canonical: row.canonical,
  payloadHash: sha256HexOf(row.canonical),
  leafHash: leafHashHex(row.canonical),
});

const N = 100;
const SIZES = [10, 37, 64, 100];
const ROWS = Array.from({ length: N }, (_, i) => makeRow(i));
const checkpointAt = (rows: Row[], size: number, s = signer) => ({
  note: signCheckpoint(s, {
    origin: ORIGIN,
    treeSize: size,
    rootHash: rootFromLeafHashes(rows.slice(0, size).map((r) => leafHash(r.canonical))),
  }),
});
const CHECKPOINTS = SIZES.map((s) => checkpointAt(ROWS, s));

const run = (entries: Iterable<LogEntryInput>, checkpoints = CHECKPOINTS, extra: { origin?: string; maxProblems?: number } = {}) =>
  verifyLog({ entries, checkpoints, verifierKey: VKEY, origin: ORIGIN, ...extra });
const kinds = (r: VerifyLogReport) => r.problems.map((p) => [p.kind, p.seq ?? null, p.treeSize ?? null]);

describe("verifyLog", () => {
  it("verifies a clean log", () => {
    const r = run(ROWS);
    expect(r).toMatchObject({
      ok: true,
      entries: N,
      checkpoints: 4,
      checkpointsVerified: 4,
      signedSize: 100,
      problems: [],
      problemsOmitted: 0,
    });
    expect(r.firstBadSeq).toBeUndefined();
    expect(r.rootHash).toBe(rootFromLeafHashes(ROWS.map((x) => leafHash(x.canonical))).toString("hex"));
    expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("verifies an empty log and an empty-tree checkpoint, and bigint leaf indices", () => {
    expect(run([], [checkpointAt([], 0)])).toMatchObject({ ok: true, entries: 0, checkpointsVerified: 1 });
    expect(run(ROWS.map((r) => ({ ...r, leafIndex: BigInt(r.leafIndex) }))).ok).toBe(true);
  });

  it("accepts async iterables", async () => {
    async function* gen() {
      for (const r of ROWS) yield r;
    }
    const r = await verifyLogAsync({ entries: gen(), checkpoints: CHECKPOINTS, verifierKey: VKEY });
    expect(r.ok).toBe(true);
  });

  it("detects a changed payload at the right entry", () => {
    const rows = ROWS.slice();
    rows[41] = { ...(rows[41] as Row), canonical: (rows[41] as Row).canonical.replace('"n":41', '"n":4100') };
    const r = run(rows);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(41);
    expect(r.firstBadReason).toMatch(/^entry 41: payload hash mismatch \(stored [0-9a-f]{16}…, computed [0-9a-f]{16}…\)$/);
    expect(kinds(r)).toEqual([
      ["checkpoint_root", 37, 64],
      ["checkpoint_root", 37, 100],
      ["payload_hash", 41, null],
      ["leaf_hash", 41, null],
    ]);
  });

  it("detects a changed payload whose stored hashes were recomputed, through the checkpoints", () => {
    const rows = ROWS.slice();
    rows[41] = rehash({ ...(rows[41] as Row), canonical: (rows[41] as Row).canonical.replace('"n":41', '"n":4100') });
    const r = run(rows);
    expect(kinds(r)).toEqual([
      ["checkpoint_root", 37, 64],
      ["checkpoint_root", 37, 100],
    ]);
    expect(r.firstBadSeq).toBe(37);
    expect(r.firstBadReason).toMatch(/checkpoint #2 \(size 64\): signed root .* entries 37\.\.63 differ/);
    expect(r.signedSize).toBe(37);
  });

  it("detects a deleted row", () => {
    const rows = ROWS.filter((_, i) => i !== 50);
    const r = run(rows);
    expect(r.firstBadSeq).toBe(50);
    expect(r.firstBadReason).toBe("entry 50 is missing");
    expect(kinds(r)).toContainEqual(["sequence_gap", 50, null]);
    expect(kinds(r)).toContainEqual(["checkpoint_root", 37, 64]);
    expect(kinds(r)).toContainEqual(["truncated", 99, 100]);
  });

  it("detects a row inserted in the middle", () => {
    // Naively, with a leaf index that is already taken:
    const forged = rehash({ ...makeRow(50, "forged"), leafIndex: 50 });
    const naive = [...ROWS.slice(0, 50), forged, ...ROWS.slice(50)];
    const r1 = run(naive);
    expect(r1.firstBadSeq).toBe(50);
    expect(r1.firstBadReason).toMatch(/^entry 50: leaf index appears more than once/);
    // Carefully, renumbering every later row and recomputing every hash: only the checkpoints can tell.
    const careful = [...ROWS.slice(0, 50), forged, ...ROWS.slice(50)].map((row, i) => rehash(row, i));
    const r2 = run(careful);
    expect(kinds(r2)).toEqual([
      ["checkpoint_root", 37, 64],
      ["checkpoint_root", 37, 100],
    ]);
    expect(r2.firstBadSeq).toBe(37);
    expect(r2.entries).toBe(101);
  });

  it("detects two swapped rows", () => {
    const rows = ROWS.slice();
    [rows[20], rows[21]] = [rows[21] as Row, rows[20] as Row];
    const r = run(rows);
    expect(r.firstBadSeq).toBe(20);
    expect(r.firstBadReason).toBe("entry 20: out of order (found at position 21, after entry 21)");
    expect(kinds(r)).toEqual([
      ["checkpoint_root", 10, 37],
      ["checkpoint_root", 10, 64],
      ["checkpoint_root", 10, 100],
      ["sequence_order", 20, null],
    ]);
    // Swapping contents but keeping the indices in order: only the checkpoints can tell.
    const renumbered = rows.map((row, i) => rehash(row, i));
    expect(kinds(run(renumbered))[0]).toEqual(["checkpoint_root", 10, 37]);
  });

  it("detects a checkpoint replaced by one signed with another key", () => {
    const other = loadSigner(ORIGIN, generateSigningKey(ORIGIN).privateKeyPem);
    const cps = CHECKPOINTS.slice();
    cps[2] = checkpointAt(ROWS, 64, other);
    const r = run(ROWS, cps);
    expect(r.ok).toBe(false);
    expect(r.checkpointsVerified).toBe(3);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: "checkpoint_signature", checkpoint: 2 });
    expect(r.problems[0]?.message).toMatch(
      /^checkpoint #2 \(size 64\): no signature by gatehouse\.example\/audit \(key [0-9a-f]{8}\).*same name, different key/,
    );
  });

  it("detects a checkpoint with a forged root", () => {
    const fake = Buffer.alloc(32, 0xab);
    // Edited in place: the signature no longer verifies.
    const cps1 = CHECKPOINTS.slice();
    const note = (cps1[2] as { note: string }).note;
    const realRoot = note.split("\n")[2] as string;
    cps1[2] = { note: note.replace(realRoot, fake.toString("base64")) };
    const r1 = run(ROWS, cps1);
    expect(r1.problems).toEqual([expect.objectContaining({ kind: "checkpoint_signature", checkpoint: 2 })]);
    expect(r1.problems[0]?.message).toMatch(/does not verify/);
    // Signed by the log key itself (a compromised or buggy signer): the rebuilt tree disagrees.
    const cps2 = CHECKPOINTS.slice();
    cps2[2] = { note: signCheckpoint(signer, { origin: ORIGIN, treeSize: 64, rootHash: fake }) };
    const r2 = run(ROWS, cps2);
    expect(kinds(r2)).toEqual([
      ["consistency", null, 64],
      ["checkpoint_root", 37, 64],
    ]);
    expect(r2.problems[1]?.message).toContain(`signed root ${fake.toString("hex").slice(0, 16)}…`);
    expect(r2.problems[0]?.message).toMatch(/checkpoint #2 \(size 64\) is inconsistent with checkpoint #3 \(size 100\)/);
    expect(r2.firstBadSeq).toBe(37);
  });

  it("detects a truncated log", () => {
    const r = run(ROWS.slice(0, 90));
    expect(kinds(r)).toEqual([["truncated", 90, 100]]);
    expect(r.firstBadSeq).toBe(90);
    expect(r.firstBadReason).toMatch(/signed for size 100 but the log has only 90 entries: log truncated/);
    expect(r.signedSize).toBe(64);
  });

  it("detects forks, a shrinking log and a checkpoint for another origin", () => {
    const fork = { note: signCheckpoint(signer, { origin: ORIGIN, treeSize: 64, rootHash: Buffer.alloc(32, 1) }) };
    const forked = run(ROWS, [CHECKPOINTS[0], CHECKPOINTS[1], CHECKPOINTS[2], fork, CHECKPOINTS[3]] as { note: string }[]);
    expect(kinds(forked)).toEqual([
      ["consistency", null, 64],
      ["consistency", null, 64],
      ["checkpoint_root", 64, 64],
    ]);
    expect(forked.problems[0]?.message).toMatch(/checkpoints #2 and #3 are both signed for size 64 but have different roots/);
    const shrinking = [CHECKPOINTS[0], CHECKPOINTS[2], CHECKPOINTS[1], CHECKPOINTS[3]] as { note: string }[];
    expect(kinds(run(ROWS, shrinking))).toEqual([["consistency", null, 37]]);
    const foreign = { note: signCheckpoint(signer, { origin: "elsewhere", treeSize: 10, rootHash: Buffer.alloc(32) }) };
    const r = run(ROWS, [...CHECKPOINTS, foreign]);
    expect(r.problems).toEqual([expect.objectContaining({ kind: "checkpoint_origin", checkpoint: 4 })]);
  });

  it("caps the problem list", () => {
    const rows = ROWS.map((r) => ({ ...r, payloadHash: "0".repeat(64) }));
    const r = run(rows, CHECKPOINTS, { maxProblems: 5 });
    expect(r.problems).toHaveLength(5);
    expect(r.problemsOmitted).toBe(95);
    expect(r.firstBadSeq).toBe(0);
    expect(r.ok).toBe(false);
  });
});

describe("export format", () => {
  const entry = {
    type: "entry" as const,
    seq: 3,
    createdAt: "2026-11-24T12:00:03.000Z",
    eventType: "action.submitted",
    canonical: (ROWS[3] as Row).canonical,
    payloadHash: (ROWS[3] as Row).payloadHash,
    leafHash: (ROWS[3] as Row).leafHash,
    inclusionProof: ["ab".repeat(32)],
  };

  it("formats lines with fixed field order and parses them back", () => {
    const { inclusionProof, ...rest } = entry;
    const line = formatExportLine({ inclusionProof, ...rest }); // key order of the input does not matter
    expect(line.endsWith("\n")).toBe(true);
    expect(Object.keys(JSON.parse(line))).toEqual([
      "type",
      "seq",
      "createdAt",
      "eventType",
      "canonical",
      "payloadHash",
      "leafHash",
      "inclusionProof",
    ]);
    expect(parseExportLine(line.trimEnd())).toEqual(entry);
    const cp = formatExportLine({ type: "checkpoint", note: (CHECKPOINTS[0] as { note: string }).note });
    expect(parseExportLine(cp)).toEqual({ type: "checkpoint", note: (CHECKPOINTS[0] as { note: string }).note });
    expect(checkEntryMetadata(entry)).toEqual([]);
    expect(checkEntryMetadata({ ...entry, eventType: "x" })).toEqual([expect.stringMatching(/^eventType "x" does not match/)]);
  });

  it("rejects anything off-format", () => {
    for (const bad of [
      "",
      "[]",
      '{"type":"other"}',
      JSON.stringify({ ...entry, extra: 1 }),
      JSON.stringify({ ...entry, seq: -1 }),
      JSON.stringify({ ...entry, seq: "3" }),
      JSON.stringify({ ...entry, payloadHash: entry.payloadHash.toUpperCase() }),
      JSON.stringify({ ...entry, inclusionProof: ["ab"] }),
      JSON.stringify({ type: "entry", seq: 1 }),
      JSON.stringify({ type: "checkpoint", note: "" }),
    ])
      expect(() => parseExportLine(bad), bad).toThrow(ExportFormatError);
    expect(() => formatExportLine({ ...entry, leafHash: "nope" })).toThrow(ExportFormatError);
  });
});
