import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

// Signed tree heads in the C2SP formats, so any tlog tooling can read them:
//
//   c2sp.org/tlog-checkpoint — the note text (body):
//     <origin>\n<tree size, decimal, no leading zeros>\n<base64 root hash>\n
//   c2sp.org/signed-note — body, one blank line, then signature lines:
//     — <key name> <base64(4-byte key ID || 64-byte Ed25519 signature over the body)>\n
//   key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]
//
// Verifier keys are published as golang.org/x/mod/sumdb/note verifier keys:
//   <name>+<8 hex digits of key ID>+<base64(0x01 || 32-byte public key)>
//
// Parsing is strict: standard padded base64 in canonical form, no extension lines, exactly one
// blank line before the signatures, a final newline, no control characters but newline.

export const ED25519_SIGNATURE_TYPE = 0x01;
/** signed-note: verifiers must accept at least 16 signatures; like Go's note package we stop at 100. */
export const MAX_NOTE_SIGNATURES = 100;
/** A checkpoint is a few hundred bytes; anything near this is not one of ours. */
export const MAX_NOTE_LENGTH = 64 * 1024;

const SIGNATURE_PREFIX = "\u2014 "; // em dash, space
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const UINT64_MAX = 2n ** 64n - 1n;

export type CheckpointErrorCode =
  | "invalid_key" // a key, key name or verifier key string is unusable
  | "malformed_note" // not a signed note (framing, characters, signature line syntax)
  | "malformed_checkpoint" // signed, but the body is not an origin / size / root hash checkpoint
  | "no_signature" // no signature by the expected key (name and key ID)
  | "bad_signature" // a signature by the expected key does not verify
  | "origin_mismatch"; // the checkpoint is for another log

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  constructor(code: CheckpointErrorCode, message: string) {
    super(message);
    this.name = "CheckpointError";
    this.code = code;
  }
}

export type Checkpoint = { origin: string; treeSize: bigint; rootHash: Buffer };

export type NoteSigner = {
  readonly name: string;
  readonly keyId: Buffer; // 4 bytes
  readonly publicKey: Buffer; // 32 bytes
  readonly verifierKey: string;
  sign(message: Uint8Array): Buffer; // 64-byte Ed25519 signature
};

export type NoteVerifier = {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
};

export type SigningKey = { name: string; privateKeyPem: string; publicKeyPem: string; verifierKey: string };

// ---------------------------------------------------------------------------------------------

const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Cs}/u;
// Unicode spaces as in Go's unicode.IsSpace (JS \s lacks U+0085).
const SPACE = /[\s\u0085]/u;

function describeChar(s: string, re: RegExp): string {
  const m = re.exec(s);
  return m ? `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")} at offset ${m.index}` : "";
}

/** signed-note key names: non-empty, no Unicode spaces, no "+", no control characters, valid UTF-8. */
export function isValidKeyName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    !SPACE.test(name) &&
    !name.includes("+") &&
    !CONTROL_EXCEPT_NEWLINE.test(name) &&
    !LONE_SURROGATE.test(name)
  );
}

function assertKeyName(name: unknown): asserts name is string {
  if (!isValidKeyName(name))
    throw new CheckpointError("invalid_key", `invalid key name ${JSON.stringify(name)}: must be non-empty, without spaces or "+"`);
}

/** Decodes standard, padded base64 only if `s` is exactly its canonical encoding. */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const b = Buffer.from(s, "base64");
  return b.toString("base64") === s ? b : undefined;
}

/** signed-note key ID for an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new CheckpointError("invalid_key", "an Ed25519 public key is 32 bytes");
  return createHash("sha256")
    .update(Buffer.from(name, "utf8"))
    .update(Buffer.of(0x0a, ED25519_SIGNATURE_TYPE))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The sumdb/note verifier key string: `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = noteKeyId(name, publicKey);
  return `${name}+${id.toString("hex")}+${Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]).toString("base64")}`;
}

function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== "ed25519")
    throw new CheckpointError("invalid_key", `expected an Ed25519 key, got ${key.asymmetricKeyType ?? "a symmetric key"}`);
  const der = (key.type === "private" ? createPublicKey(key) : key).export({ format: "der", type: "spki" });
  if (der.length !== 44 || !der.subarray(0, 12).equals(SPKI_ED25519_PREFIX))
    throw new CheckpointError("invalid_key", "unexpected Ed25519 SubjectPublicKeyInfo encoding");
  return Buffer.from(der.subarray(12));
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
}

function makeSigner(name: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(name);
  const publicKey = rawPublicKey(privateKey);
  return Object.freeze({
    name,
    keyId: noteKeyId(name, publicKey),
    publicKey,
    verifierKey: formatVerifierKey(name, publicKey),
    sign: (message: Uint8Array) => sign(null, message, privateKey),
  });
}

function makeVerifier(name: string, publicKey: Buffer): NoteVerifier {
  const key = publicKeyObject(publicKey);
  return Object.freeze({
    name,
    keyId: noteKeyId(name, publicKey),
    publicKey,
    verify: (message: Uint8Array, signature: Uint8Array) => signature.length === 64 && verify(null, message, key, signature),
  });
}

/** A fresh Ed25519 key pair for a log, with the verifier key to publish. */
export function generateSigningKey(name: string): SigningKey {
  assertKeyName(name);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    name,
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    verifierKey: formatVerifierKey(name, rawPublicKey(publicKey)),
  };
}

/** A signer from a PKCS#8 PEM Ed25519 private key (as produced by generateSigningKey). */
export function loadSigner(name: string, privateKeyPem: string): NoteSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: "pem" });
  } catch (e) {
    throw new CheckpointError("invalid_key", `cannot read the private key: ${(e as Error).message}`);
  }
  return makeSigner(name, key);
}

/** A signer from a raw 32-byte Ed25519 seed (RFC 8032 private key). */
export function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  if (seed.length !== 32) throw new CheckpointError("invalid_key", "an Ed25519 seed is 32 bytes");
  return makeSigner(name, createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" }));
}

/** Parses a sumdb/note verifier key `<name>+<hex key ID>+<base64(0x01 || public key)>` and checks its key ID. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  if (typeof vkey !== "string") throw new CheckpointError("invalid_key", "verifier key must be a string");
  const a = vkey.indexOf("+");
  const b = a < 0 ? -1 : vkey.indexOf("+", a + 1);
  if (a < 0 || b < 0) throw new CheckpointError("invalid_key", "verifier key must look like <name>+<8 hex digits>+<base64 key>");
  const name = vkey.slice(0, a);
  const idHex = vkey.slice(a + 1, b);
  const keyB64 = vkey.slice(b + 1); // base64 may itself contain "+"
  assertKeyName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex))
    throw new CheckpointError("invalid_key", `verifier key ID ${JSON.stringify(idHex)} is not 8 hex digits`);
  const key = decodeBase64Strict(keyB64);
  if (key === undefined) throw new CheckpointError("invalid_key", "verifier key material is not canonical base64");
  if (key.length === 0 || key[0] !== ED25519_SIGNATURE_TYPE)
    throw new CheckpointError("invalid_key", `unsupported verifier key type ${key[0] ?? "(none)"}: only Ed25519 (1) is supported`);
  if (key.length !== 33) throw new CheckpointError("invalid_key", `an Ed25519 verifier key has 32 key bytes, got ${key.length - 1}`);
  const publicKey = Buffer.from(key.subarray(1));
  const expected = noteKeyId(name, publicKey).toString("hex");
  if (expected !== idHex.toLowerCase())
    throw new CheckpointError("invalid_key", `verifier key ID ${idHex} does not match its name and key (expected ${expected})`);
  try {
    return makeVerifier(name, publicKey);
  } catch (e) {
    throw new CheckpointError("invalid_key", `unusable Ed25519 public key: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// signed-note

function assertNoteText(text: string, code: CheckpointErrorCode, what: string): void {
  if (CONTROL_EXCEPT_NEWLINE.test(text))
    throw new CheckpointError(code, `${what} contains a control character (${describeChar(text, CONTROL_EXCEPT_NEWLINE)})`);
  if (LONE_SURROGATE.test(text)) throw new CheckpointError(code, `${what} is not valid UTF-8 (unpaired surrogate)`);
}

/** Signs a note text (which must end in a newline) and returns the signed note. */
export function signNote(signer: NoteSigner, text: string): string {
  if (!text.endsWith("\n")) throw new CheckpointError("malformed_note", "note text must end with a newline");
  assertNoteText(text, "malformed_note", "note text");
  const sig = signer.sign(Buffer.from(text, "utf8"));
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([signer.keyId, sig]).toString("base64")}\n`;
}

export type OpenedNote = { text: string; signatures: { name: string; keyId: string }[] };

/** One verifier key, or the set of a log's keys (its current key and the ones it rotated away from). */
export type VerifierKeys = string | NoteVerifier | readonly (string | NoteVerifier)[];

/** Parses verifier keys given as strings; a set must not be empty. */
export function toVerifiers(keys: VerifierKeys): NoteVerifier[] {
  const list = (Array.isArray(keys) ? keys : [keys]) as (string | NoteVerifier)[];
  if (list.length === 0) throw new CheckpointError("invalid_key", "no verifier key given");
  return list.map((k) => (typeof k === "string" ? parseVerifierKey(k) : k));
}

/**
 * Verifies a signed note against a key, or a set of keys: returns its text if at least one
 * signature line is by a key of the set (same name and key ID) and every such line verifies.
 * Other keys' signatures (e.g. witness cosignatures) are ignored, as the spec requires.
 */
export function openNote(note: string, keys: NoteVerifier | readonly NoteVerifier[]): OpenedNote {
  const verifiers: readonly NoteVerifier[] = Array.isArray(keys) ? keys : [keys as NoteVerifier];
  if (typeof note !== "string") throw new CheckpointError("malformed_note", "note must be a string");
  if (note.length > MAX_NOTE_LENGTH) throw new CheckpointError("malformed_note", `note is longer than ${MAX_NOTE_LENGTH} characters`);
  assertNoteText(note, "malformed_note", "note");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new CheckpointError("malformed_note", "note has no blank line before its signatures");
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0) throw new CheckpointError("malformed_note", "note has no signature lines");
  if (!block.endsWith("\n")) throw new CheckpointError("malformed_note", "note must end with a newline after the last signature line");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES)
    throw new CheckpointError("malformed_note", `note has more than ${MAX_NOTE_SIGNATURES} signatures`);

  const message = Buffer.from(text, "utf8");
  const signatures: { name: string; keyId: string }[] = [];
  let verified = 0;
  const known = new Map(verifiers.map((v) => [`${v.name} ${v.keyId.toString("hex")}`, v]));
  for (const [i, line] of lines.entries()) {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new CheckpointError("malformed_note", `${where} does not start with "\u2014 "`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(" ");
    if (space < 0) throw new CheckpointError("malformed_note", `${where} has no signature after the key name`);
    const name = rest.slice(0, space);
    const b64 = rest.slice(space + 1);
    if (!isValidKeyName(name)) throw new CheckpointError("malformed_note", `${where} has an invalid key name ${JSON.stringify(name)}`);
    const raw = decodeBase64Strict(b64);
    if (raw === undefined || raw.length < 5)
      throw new CheckpointError("malformed_note", `${where} (${name}) is not canonical base64 of a key ID and a signature`);
    const keyId = raw.subarray(0, 4).toString("hex");
    signatures.push({ name, keyId });
    const verifier = known.get(`${name} ${keyId}`);
    if (!verifier) continue; // unknown key: ignore
    const sig = raw.subarray(4);
    if (sig.length !== 64)
      throw new CheckpointError("bad_signature", `${where} (${name}) has a ${sig.length}-byte signature; Ed25519 signatures are 64 bytes`);
    if (!verifier.verify(message, sig))
      throw new CheckpointError(
        "bad_signature",
        `the signature by ${name} (key ${keyId}) does not verify: the note was altered or signed with another key`,
      );
    verified++;
  }
  if (verified === 0) {
    const seen = signatures.map((s) => `${s.name} (key ${s.keyId})`).join(", ");
    const sameName = signatures.some((s) => verifiers.some((v) => v.name === s.name));
    const wanted = verifiers.map((v) => `${v.name} (key ${v.keyId.toString("hex")})`).join(" or ");
    throw new CheckpointError(
      "no_signature",
      `no signature by ${wanted}; signed by ${seen}` +
        (sameName ? " — same name, different key: the key was rotated or the checkpoint was signed by another key" : ""),
    );
  }
  return { text, signatures };
}

// ---------------------------------------------------------------------------------------------
// tlog-checkpoint

function normaliseTreeSize(treeSize: bigint | number): bigint {
  if (typeof treeSize === "number") {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0)
      throw new CheckpointError("malformed_checkpoint", `tree size must be a non-negative integer, got ${treeSize}`);
    return BigInt(treeSize);
  }
  if (typeof treeSize !== "bigint" || treeSize < 0n || treeSize > UINT64_MAX)
    throw new CheckpointError("malformed_checkpoint", `tree size must be a uint64, got ${String(treeSize)}`);
  return treeSize;
}

function assertOrigin(origin: unknown): asserts origin is string {
  if (typeof origin !== "string" || origin.length === 0)
    throw new CheckpointError("malformed_checkpoint", "checkpoint origin must be a non-empty string");
  if (origin.includes("\n")) throw new CheckpointError("malformed_checkpoint", "checkpoint origin must be a single line");
  assertNoteText(origin, "malformed_checkpoint", "checkpoint origin");
}

/** The checkpoint note text: `<origin>\n<size>\n<base64 root>\n`. */
export function formatCheckpointBody(cp: { origin: string; treeSize: bigint | number; rootHash: Uint8Array }): string {
  assertOrigin(cp.origin);
  const size = normaliseTreeSize(cp.treeSize);
  if (!(cp.rootHash instanceof Uint8Array) || cp.rootHash.length !== 32)
    throw new CheckpointError("malformed_checkpoint", "root hash must be 32 bytes");
  return `${cp.origin}\n${size.toString(10)}\n${Buffer.from(cp.rootHash).toString("base64")}\n`;
}

/** Parses a checkpoint note text (already verified). Extension lines are rejected: Gatehouse writes none. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith("\n")) throw new CheckpointError("malformed_checkpoint", "checkpoint body must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3)
    throw new CheckpointError(
      "malformed_checkpoint",
      `checkpoint body has ${lines.length} line(s); expected origin, tree size and root hash`,
    );
  const [origin, size, root] = lines as [string, string, string];
  if (origin.length === 0) throw new CheckpointError("malformed_checkpoint", "checkpoint origin line is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(size))
    throw new CheckpointError(
      "malformed_checkpoint",
      `checkpoint tree size ${JSON.stringify(size)} is not a decimal number without leading zeros`,
    );
  const treeSize = BigInt(size);
  if (treeSize > UINT64_MAX) throw new CheckpointError("malformed_checkpoint", `checkpoint tree size ${size} does not fit in 64 bits`);
  const rootHash = decodeBase64Strict(root);
  if (rootHash === undefined || rootHash.length !== 32)
    throw new CheckpointError("malformed_checkpoint", `checkpoint root hash ${JSON.stringify(root)} is not canonical base64 of 32 bytes`);
  if (lines.length > 3) {
    const extra = lines.slice(3);
    if (extra.some((l) => l.length === 0)) throw new CheckpointError("malformed_checkpoint", "checkpoint body contains an empty line");
    throw new CheckpointError("malformed_checkpoint", `checkpoint has ${extra.length} extension line(s); Gatehouse checkpoints have none`);
  }
  return { origin, treeSize, rootHash };
}

/** Signs a checkpoint and returns the complete signed note. */
export function signCheckpoint(signer: NoteSigner, cp: { origin: string; treeSize: bigint | number; rootHash: Uint8Array }): string {
  return signNote(signer, formatCheckpointBody(cp));
}

/**
 * Verifies a signed checkpoint against a verifier key (string or parsed), or the set of the log's
 * keys, and returns its contents.
 * Throws CheckpointError: malformed_note / malformed_checkpoint, no_signature, bad_signature,
 * origin_mismatch (only when `opts.origin` is given), invalid_key.
 */
export function openCheckpoint(note: string, verifierKeys: VerifierKeys, opts: { origin?: string } = {}): Checkpoint {
  const { text } = openNote(note, toVerifiers(verifierKeys));
  const cp = parseCheckpointBody(text);
  if (opts.origin !== undefined && cp.origin !== opts.origin)
    throw new CheckpointError(
      "origin_mismatch",
      `checkpoint is for origin ${JSON.stringify(cp.origin)}, expected ${JSON.stringify(opts.origin)}`,
    );
  return cp;
}
