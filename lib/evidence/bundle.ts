import { createHash } from "node:crypto";
import { CheckpointError, openCheckpoint, type VerifierKeys } from "../audit/checkpoint";
import { checkEntryMetadata, parseExportLine, type ExportEntryLine } from "../audit/export-format";
import { checkEntry, entryData } from "../audit/leaf";
import { verifyInclusion } from "../audit/merkle";

// An evidence bundle for auditors: a folder of files, a manifest with each file's SHA-256,
// and a proof that the manifest is covered by a signed checkpoint — the bundle's own audit
// entry (evidence.bundle_created, whose data holds the manifest's SHA-256) with its
// inclusion proof and the checkpoint. Verifying needs only the files and the log's
// verifier keys: no database. Pure.

export const MANIFEST = "manifest.json";
export const PROOF = "manifest-proof.json";
export const BUNDLE_EVENT = "evidence.bundle_created";

export type Manifest = { from: string; to: string; createdAt: string; files: { path: string; sha256: string; bytes: number }[] };
export type ManifestProof = { checkpoint: string; entry: ExportEntryLine };

export const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

export function manifestFor(files: Map<string, Buffer>, period: { from: string; to: string; createdAt: string }): Manifest {
  return {
    ...period,
    files: [...files]
      .map(([path, data]) => ({ path, sha256: sha256(data), bytes: data.length }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}

export type BundleReport = { ok: boolean; files: number; problems: string[]; checkpointSize?: number };

/** Verifies a bundle (file path → bytes) against the log's verifier keys. */
export function verifyBundle(files: Map<string, Buffer>, keys: VerifierKeys): BundleReport {
  const problems: string[] = [];
  const manifestBytes = files.get(MANIFEST);
  const proofBytes = files.get(PROOF);
  if (!manifestBytes || !proofBytes) return { ok: false, files: files.size, problems: [`${MANIFEST} or ${PROOF} is missing`] };
  let manifest: Manifest;
  let proof: ManifestProof;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
    proof = JSON.parse(proofBytes.toString("utf8")) as ManifestProof;
  } catch (error) {
    return { ok: false, files: files.size, problems: [`${MANIFEST} or ${PROOF} is not JSON: ${(error as Error).message}`] };
  }
  // 1. Every file is the one the manifest names, and no file is unlisted.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const data = files.get(f.path);
    if (!data) problems.push(`${f.path}: listed in the manifest but missing`);
    else if (sha256(data) !== f.sha256) problems.push(`${f.path}: SHA-256 differs from the manifest (the file was changed)`);
  }
  for (const path of files.keys())
    if (path !== MANIFEST && path !== PROOF && !listed.has(path)) problems.push(`${path}: not listed in the manifest`);
  // 2. The manifest is the one the log recorded, and that record is under a signed checkpoint.
  let checkpointSize: number | undefined;
  try {
    const cp = openCheckpoint(proof.checkpoint, keys);
    checkpointSize = Number(cp.treeSize);
    const entry = parseExportLine(JSON.stringify(proof.entry)) as ExportEntryLine;
    const check = checkEntry(entry.seq, entry);
    problems.push(
      ...check.problems.map((p) => `manifest proof: ${p.message}`),
      ...checkEntryMetadata(entry).map((m) => `manifest proof: ${m}`),
    );
    if (!check.full) problems.push("manifest proof: the entry's content is incomplete");
    const data = entryData(entry);
    if (entry.eventType !== BUNDLE_EVENT) problems.push(`manifest proof: the entry is a ${entry.eventType}, not ${BUNDLE_EVENT}`);
    if (data.manifestSha256 !== sha256(manifestBytes)) problems.push(`${MANIFEST}: SHA-256 differs from the one the audit trail recorded`);
    const proven =
      entry.seq < checkpointSize &&
      verifyInclusion(
        entry.seq,
        checkpointSize,
        Buffer.from(check.leafHash, "hex"),
        entry.inclusionProof.map((h) => Buffer.from(h, "hex")),
        cp.rootHash,
      );
    if (!proven) problems.push(`manifest proof: the inclusion proof does not lead to the checkpoint's root at size ${checkpointSize}`);
  } catch (error) {
    if (!(error instanceof CheckpointError) && !(error instanceof Error && error.name === "ExportFormatError")) throw error;
    problems.push(`manifest proof: ${error.message}`);
  }
  return { ok: problems.length === 0, files: files.size, problems, checkpointSize };
}
