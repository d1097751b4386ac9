import canonicalize from "canonicalize";
import { leafHashHex, sha256HexOf } from "./merkle";

// What a leaf of the audit tree commits to, and the one function that checks an entry.
//
// v1 (entries written before erasure existed): the canonical JSON holds the whole event,
//   data included; payload hash = SHA-256(canonical), leaf hash = SHA-256(0x00 || canonical).
// v2: the canonical JSON holds the event's frame (time, type, actor, subject, agent, decision)
//   and, in place of its data, `fields`: one salted commitment per field,
//     commitment = SHA-256(salt || "\n" || field path || "\n" || RFC 8785 JSON of the value)
//   The values and their salts are kept beside it (audit_entries.content). The leaf and payload
//   hashes are computed exactly as in v1, over the canonical JSON, so the tree and its signed
//   checkpoints never depend on the content: retention or erasure removes a field's value and
//   salt, the commitment stays, and the entry still verifies — by commitment only.
//
// Each configured erasure path (e.g. params.customerEmail, GATEHOUSE_ERASURE_PATHS) present in the
// data is a field of its own, taken out of its parent, so one person's value can be erased without
// the rest of the entry; the rest of the data is the field "*". Few fields keep a v2 entry as
// cheap to verify as a v1 one. Field paths never hold a quote, comma or brace (env.ts checks the
// configured ones), so the commitments are read from the canonical JSON without parsing it.

/** field path → { s: salt (hex), v: RFC 8785 JSON of the value } */
export type EntryContent = Record<string, { s?: string; v?: string }>;

export const commitmentOf = (path: string, salt: string, valueJson: string) => sha256HexOf(`${salt}\n${path}\n${valueJson}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The field holding the data that no erasure path names. */
export const REST_FIELD = "*";

/** Splits an event's data into fields: each erasure path present (taken out of its parent), then the rest as "*". */
export function splitFields(data: Record<string, unknown>, erasurePaths: readonly string[][]): [string, unknown][] {
  const rest = erasurePaths.length ? structuredClone(data) : data;
  const fields: [string, unknown][] = [];
  for (const path of erasurePaths) {
    let node: unknown = rest;
    for (const key of path.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
    const last = path.at(-1)!;
    if (isObject(node) && last in node) {
      fields.push([path.join("."), node[last]]);
      delete node[last];
    }
  }
  fields.push([REST_FIELD, rest]);
  return fields;
}

/** The commitments of a v2 entry and the content to keep beside it. `salt()` gives a fresh random salt (hex) per field. */
export function commitFields(fields: [string, unknown][], salt: () => string) {
  const commitments: Record<string, string> = {};
  const content: EntryContent = {};
  for (const [path, value] of fields) {
    const v = canonicalize(value ?? null);
    if (v === undefined) throw new TypeError(`audit field ${path} is not serialisable`);
    const s = salt();
    commitments[path] = commitmentOf(path, s, v);
    content[path] = { s, v };
  }
  return { commitments, content };
}

/** The event's data again from a v2 entry's content; fields whose value was removed are listed in `removed`. */
export function rebuildData(commitments: Record<string, string>, content: EntryContent | null) {
  const removed = Object.keys(commitments).filter((path) => content?.[path]?.v === undefined);
  const rest = content?.[REST_FIELD]?.v;
  const data = (rest === undefined ? {} : JSON.parse(rest)) as Record<string, unknown>;
  const paths = Object.keys(commitments).filter((path) => path !== REST_FIELD && !removed.includes(path));
  for (const path of paths.sort((a, b) => a.split(".").length - b.split(".").length)) {
    const field = content![path]!;
    const keys = path.split(".");
    let node = data;
    for (const key of keys.length > 1 ? keys.slice(0, -1) : [])
      node = isObject(node[key]) ? (node[key] as Record<string, unknown>) : (node[key] = {});
    node[keys.at(-1)!] = JSON.parse(field.v!);
  }
  return { data, removed };
}

/** Is this canonical JSON a v2 entry's (RFC 8785 sorts keys, so "v" is its last member)? */
export const isV2 = (canonical: string) => canonical.endsWith('"v":2}');

export type EventContent = { v: number; at: string; type: string; data: Record<string, unknown>; removedFields?: string[] } & Record<
  string,
  unknown
>;

/**
 * An entry's event as people read it: v1, its canonical JSON; v2, the frame with `data` rebuilt
 * from the content still kept and `removedFields` naming the fields retention or erasure removed.
 */
export function eventContent(entry: { canonical: string; content?: unknown }): EventContent {
  const parsed = JSON.parse(entry.canonical) as EventContent & { fields?: Record<string, string> };
  if (!isV2(entry.canonical)) return parsed;
  const { fields, ...frame } = parsed;
  const { data, removed } = rebuildData(fields ?? {}, (entry.content ?? null) as EntryContent | null);
  return { ...frame, data, ...(removed.length ? { removedFields: removed } : {}) };
}

/** The event's data (see eventContent). */
export const entryData = (entry: { canonical: string; content?: unknown }) => eventContent(entry).data;

export type EntryProblemKind = "payload_hash" | "leaf_hash" | "commitment";
export type EntryProblem = { kind: EntryProblemKind; seq: number; message: string };

export type EntryInput = {
  canonical: string;
  payloadHash: string;
  leafHash: string;
  /** v2: the content as stored, or in the flat form (FLAT_CONTENT_SQL); null or absent once removed. */
  content?: string | EntryContent | null;
};

export type EntryCheck = {
  /** The leaf hash that belongs in the tree, recomputed from the canonical JSON whatever was stored. */
  leafHash: string;
  problems: EntryProblem[];
  /** True when every byte of the entry was checked (v1, or v2 with all its content); false when some content was removed and only its commitment vouches for it. */
  full: boolean;
};

const short = (h: string) => (h.length > 16 ? `${h.slice(0, 16)}…` : h);

/**
 * Checks one entry: payload hash and leaf hash against its canonical JSON (every version), and
 * for v2 the content that is still there against its commitments. Pure; the single place that
 * knows how a leaf is made.
 */
export function checkEntry(seq: number, entry: EntryInput): EntryCheck {
  const problems: EntryProblem[] = [];
  if (typeof entry.canonical !== "string") {
    problems.push({ kind: "payload_hash", seq, message: `entry ${seq}: canonical JSON is missing` });
    return { leafHash: leafHashHex(""), problems, full: false };
  }
  const payload = sha256HexOf(entry.canonical);
  if (entry.payloadHash !== payload)
    problems.push({
      kind: "payload_hash",
      seq,
      message: `entry ${seq}: payload hash mismatch (stored ${short(String(entry.payloadHash))}, computed ${short(payload)})`,
    });
  const leaf = leafHashHex(entry.canonical);
  if (entry.leafHash !== leaf)
    problems.push({
      kind: "leaf_hash",
      seq,
      message: `entry ${seq}: leaf hash mismatch (stored ${short(String(entry.leafHash))}, computed ${short(leaf)})`,
    });
  if (!isV2(entry.canonical)) return { leafHash: leaf, problems, full: true };
  return { leafHash: leaf, problems, full: checkCommitments(seq, entry, problems) };
}

/** The `fields` member of a v2 canonical JSON, read without parsing the rest (see the comment at the top). */
function commitmentsIn(canonical: string): Record<string, string> {
  const start = canonical.indexOf('"fields":{') + 10;
  const body = canonical.slice(start, canonical.indexOf("}", start));
  const commitments: Record<string, string> = {};
  if (start < 10 || body === "") return commitments;
  for (const member of body.split(",")) {
    const colon = member.indexOf(":");
    commitments[member.slice(1, colon - 1)] = member.slice(colon + 2, -1);
  }
  return commitments;
}

/**
 * The content in a flat form a verifier reads without a JSON parser, as the database writes it:
 * per field `path \x02 salt \x02 value`, fields joined by \x01 (canonical JSON escapes every
 * control character, so neither can occur inside a value). A field without salt or value is left out.
 */
// (The CASE spares the subquery's per-row cost on the many entries without content.)
export const FLAT_CONTENT_SQL = `CASE WHEN e.content IS NULL THEN NULL ELSE (SELECT string_agg(f.key || chr(2) || (f.value->>'s') || chr(2) || (f.value->>'v'), chr(1)) FROM jsonb_each(e.content) f) END`;

function parseFlat(flat: string): EntryContent {
  const content: EntryContent = {};
  for (const record of flat.split("\u0001")) {
    const a = record.indexOf("\u0002");
    const b = record.indexOf("\u0002", a + 1);
    content[record.slice(0, a)] = { s: record.slice(a + 1, b), v: record.slice(b + 1) };
  }
  return content;
}

function checkCommitments(seq: number, entry: EntryInput, problems: EntryProblem[]): boolean {
  if (entry.content === null || entry.content === undefined) return false; // all removed: the leaf vouches for the commitments
  const content = typeof entry.content === "string" ? parseFlat(entry.content) : entry.content;
  const commitments = commitmentsIn(entry.canonical);
  let full = true;
  for (const path in commitments) {
    const field = content?.[path];
    if (field?.v === undefined || field.s === undefined) {
      full = false;
      continue;
    }
    if (commitmentOf(path, field.s, field.v) !== commitments[path])
      problems.push({
        kind: "commitment",
        seq,
        message: `entry ${seq}: field ${path} does not match its commitment (the content was changed)`,
      });
  }
  for (const path in content ?? {})
    if (!(path in commitments))
      problems.push({
        kind: "commitment",
        seq,
        message: `entry ${seq}: field ${path} is not committed to by the entry (content was added)`,
      });
  return full;
}
