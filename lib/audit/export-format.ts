import type { EntryContent } from "./leaf";

// The audit export: JSON Lines (one JSON object per line, UTF-8, each line ending in "\n"),
// verifiable offline with `npm run audit:verify-export -- FILE --key VERIFIER_KEY`.
//
//   line 1:  {"type":"checkpoint","note":"<C2SP signed checkpoint note>"}
//            The signed tree head every inclusion proof below is against.
//   then:    {"type":"entry","seq":N,"createdAt":"…","eventType":"…","canonical":"…",
//             "payloadHash":"<hex>","leafHash":"<hex>","inclusionProof":["<hex>",…]}
//            one per exported entry, ascending seq (leaf index) < checkpoint tree size. The
//            export may be a filtered subset, so seqs need not be contiguous. createdAt and
//            eventType are conveniences: they must agree with the canonical JSON's "at" and "type".
//            A v2 entry also carries "content" (its fields' salts and values, null once removed),
//            checked against the commitments in its canonical JSON.
//
// Unknown fields are rejected, so nothing unverified can ride along in an export.

export type ExportCheckpointLine = { type: "checkpoint"; note: string };

export type ExportEntryLine = {
  type: "entry";
  seq: number;
  createdAt: string;
  eventType: string;
  canonical: string;
  payloadHash: string;
  leafHash: string;
  inclusionProof: string[];
  content?: EntryContent | null;
};

export type ExportLine = ExportCheckpointLine | ExportEntryLine;

export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFormatError";
  }
}

const HEX32 = /^[0-9a-f]{64}$/;
/** An inclusion proof in a tree of at most 2^63 leaves has at most 63 hashes. */
const MAX_PROOF_LENGTH = 63;
const CHECKPOINT_KEYS = ["type", "note"] as const;
const ENTRY_KEYS = ["type", "seq", "createdAt", "eventType", "canonical", "payloadHash", "leafHash", "inclusionProof"] as const;

function fail(message: string): never {
  throw new ExportFormatError(message);
}

function checkKeys(obj: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): void {
  for (const k of Object.keys(obj)) if (!required.includes(k) && !optional.includes(k)) fail(`unknown field ${JSON.stringify(k)}`);
  for (const k of required) if (!(k in obj)) fail(`missing field ${JSON.stringify(k)}`);
}

function content(value: unknown): EntryContent | null {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) fail(`field "content" must be an object or null`);
  for (const field of Object.values(value as Record<string, unknown>)) {
    const { s, v, ...extra } = (field ?? {}) as Record<string, unknown>;
    if (
      typeof field !== "object" ||
      field === null ||
      Object.keys(extra).length ||
      (s !== undefined && typeof s !== "string") ||
      (v !== undefined && typeof v !== "string")
    )
      fail(`field "content" must map field paths to { "s": salt, "v": JSON text }`);
  }
  return value as EntryContent;
}

function str(obj: Record<string, unknown>, k: string): string {
  const v = obj[k];
  if (typeof v !== "string") fail(`field ${JSON.stringify(k)} must be a string`);
  return v;
}

function hex32(obj: Record<string, unknown>, k: string): string {
  const v = str(obj, k);
  if (!HEX32.test(v)) fail(`field ${JSON.stringify(k)} must be 64 lowercase hex digits`);
  return v;
}

/** Validates a value as an export line and returns a copy with exactly the documented fields. */
export function toExportLine(value: unknown): ExportLine {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("line must be a JSON object");
  const obj = value as Record<string, unknown>;
  if (obj.type === "checkpoint") {
    checkKeys(obj, CHECKPOINT_KEYS);
    const note = str(obj, "note");
    if (note.length === 0) fail(`field "note" must not be empty`);
    return { type: "checkpoint", note };
  }
  if (obj.type === "entry") {
    checkKeys(obj, ENTRY_KEYS, ["content"]);
    const seq = obj.seq;
    if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) fail(`field "seq" must be a non-negative integer`);
    const proof = obj.inclusionProof;
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH || !proof.every((h) => typeof h === "string" && HEX32.test(h)))
      fail(`field "inclusionProof" must be an array of at most ${MAX_PROOF_LENGTH} 64-hex-digit hashes`);
    return {
      type: "entry",
      seq,
      createdAt: str(obj, "createdAt"),
      eventType: str(obj, "eventType"),
      canonical: str(obj, "canonical"),
      payloadHash: hex32(obj, "payloadHash"),
      leafHash: hex32(obj, "leafHash"),
      inclusionProof: (proof as string[]).slice(),
      ...("content" in obj ? { content: content(obj.content) } : {}),
    };
  }
  fail(`field "type" must be "checkpoint" or "entry"`);
}

/** Serialises one export line, fields in the documented order, terminated by "\n". */
export function formatExportLine(line: ExportLine): string {
  const v = toExportLine(line);
  const ordered =
    v.type === "checkpoint"
      ? { type: v.type, note: v.note }
      : {
          type: v.type,
          seq: v.seq,
          createdAt: v.createdAt,
          eventType: v.eventType,
          canonical: v.canonical,
          payloadHash: v.payloadHash,
          leafHash: v.leafHash,
          inclusionProof: v.inclusionProof,
          ...("content" in v ? { content: v.content } : {}),
        };
  return JSON.stringify(ordered) + "\n";
}

/** Parses one line of an export (without its "\n"). Throws ExportFormatError. */
export function parseExportLine(text: string): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(`not JSON: ${(e as Error).message}`);
  }
  return toExportLine(value);
}

/**
 * The problems, if any, between an entry line's convenience fields and its canonical JSON
 * (whose "at" and "type" are what the hashes cover). An empty list means they agree.
 */
export function checkEntryMetadata(line: ExportEntryLine): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.canonical);
  } catch {
    return ["canonical is not JSON"];
  }
  if (typeof parsed !== "object" || parsed === null) return ["canonical is not a JSON object"];
  const { at, type } = parsed as { at?: unknown; type?: unknown };
  const problems: string[] = [];
  if (type !== line.eventType)
    problems.push(`eventType ${JSON.stringify(line.eventType)} does not match the canonical JSON's type ${JSON.stringify(type)}`);
  if (at !== line.createdAt)
    problems.push(`createdAt ${JSON.stringify(line.createdAt)} does not match the canonical JSON's at ${JSON.stringify(at)}`);
  return problems;
}
