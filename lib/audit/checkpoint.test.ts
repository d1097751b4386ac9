import { createHash, createPrivateKey, createPublicKey, sign as edSign, verify as edVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CheckpointError,
  formatCheckpointBody,
  formatVerifierKey,
  generateSigningKey,
  loadSigner,
  noteKeyId,
  openCheckpoint,
  openNote,
  parseCheckpointBody,
  parseVerifierKey,
  signCheckpoint,
  signerFromSeed,
  signNote,
  type CheckpointErrorCode,
} from "./checkpoint";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");

function expectCode(fn: () => unknown, code: CheckpointErrorCode, message?: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected CheckpointError ${code}`).toBeInstanceOf(CheckpointError);
  expect((err as CheckpointError).code, (err as Error).message).toBe(code);
  if (message) expect((err as Error).message).toMatch(message);
}

/** The key ID straight from c2sp.org/signed-note: SHA-256(key name || 0x0A || 0x01 || public key)[:4]. */
function specKeyId(name: string, publicKey: Uint8Array) {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(name, "utf8"), Buffer.from([0x0a]), Buffer.from([0x01]), publicKey]))
    .digest()
    .subarray(0, 4);
}

// ---- Published vectors ------------------------------------------------------------------------
// RFC 8032 §7.1 TEST 1.
const RFC8032_SEED = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
const RFC8032_PUBLIC = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
const RFC8032_SIG_EMPTY =
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

// golang.org/x/mod/sumdb/note (package doc and note_test.go): key pair, text and signed note.
const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE =
  PETER_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
// Another published pair (transparency-dev/trillian-tessera example log flags).
const BETTY_SKEY = "PRIVATE+KEY+Test-Betty+df84580a+Afge8kCzBXU7jb3cV2Q363oNXCufJ6u9mjOY1BGRY9E2";
const BETTY_VKEY = "Test-Betty+df84580a+AQQASqPUZoIHcJAF5mBOryctwFdTV1E0GRY4kEAtTzwB";

/** The seed of a Go `PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>` signer key (base64 may contain "+"). */
function goSeed(skey: string) {
  const raw = Buffer.from(skey.split("+").slice(4).join("+"), "base64");
  expect(raw[0]).toBe(1);
  return raw.subarray(1);
}

// ---- A fixed Gatehouse key -----------------------------------------------------------------------
const NAME = "gatehouse.example/audit";
const ROOT8 = Buffer.from("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", "hex"); // RFC 6962 vector, size 8
const fixed = signerFromSeed(NAME, RFC8032_SEED);

/**
 * The exact note for (NAME, 8, ROOT8) signed with the RFC 8032 TEST 1 seed. Ed25519 is
 * deterministic, so this is a fixed string (a regression literal); the test below also rebuilds
 * it independently: body by hand, key ID (ca741635) from the spec, signature via node:crypto.
 */
const FIXED_NOTE =
  "gatehouse.example/audit\n" +
  "8\n" +
  "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n" +
  "\n" +
  "\u2014 gatehouse.example/audit ynQWNe1d35ayrS19Fiyit/n5JC7S21UQ6OP+jsoIJVfT3PcDAqOrZSIpTAuUDbH9pOeHaXk+NY9X1wRfCrCk897zJQM=\n";
const FIXED_VKEY = "gatehouse.example/audit+ca741635+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

describe("published vectors", () => {
  it("derives the RFC 8032 public key and signature from the RFC seed", () => {
    expect(fixed.publicKey.toString("hex")).toBe(RFC8032_PUBLIC.toString("hex"));
    expect(fixed.sign(Buffer.alloc(0)).toString("hex")).toBe(RFC8032_SIG_EMPTY);
  });

  it("reproduces the Go sumdb/note signed note byte for byte, and opens it", () => {
    const peter = signerFromSeed("PeterNeumann", goSeed(PETER_SKEY));
    expect(peter.verifierKey).toBe(PETER_VKEY);
    expect(peter.keyId.toString("hex")).toBe("c74f20a3");
    expect(signNote(peter, PETER_TEXT)).toBe(PETER_NOTE);
    expect(openNote(PETER_NOTE, parseVerifierKey(PETER_VKEY))).toEqual({
      text: PETER_TEXT,
      signatures: [{ name: "PeterNeumann", keyId: "c74f20a3" }],
    });
    expectCode(() => openNote(PETER_NOTE.replace("cryptography", "cryptographY"), parseVerifierKey(PETER_VKEY)), "bad_signature");
  });

  it("derives published verifier keys (key IDs) from published private keys", () => {
    expect(signerFromSeed("Test-Betty", goSeed(BETTY_SKEY)).verifierKey).toBe(BETTY_VKEY);
    expect(parseVerifierKey(BETTY_VKEY).keyId.toString("hex")).toBe("df84580a");
  });
});

describe("key IDs and verifier keys", () => {
  it("computes the key ID exactly as the spec defines it", () => {
    for (const [name, pub] of [
      [NAME, RFC8032_PUBLIC],
      ["PeterNeumann", Buffer.from(PETER_VKEY.split("+")[2] as string, "base64").subarray(1)],
      ["ünïcode.example/log", Buffer.alloc(32, 7)],
    ] as const) {
      expect(noteKeyId(name, pub).toString("hex")).toBe(specKeyId(name, pub).toString("hex"));
    }
    expect(fixed.keyId.toString("hex")).toBe(specKeyId(NAME, RFC8032_PUBLIC).toString("hex"));
    expect(fixed.verifierKey).toBe(
      `${NAME}+${specKeyId(NAME, RFC8032_PUBLIC).toString("hex")}+${b64(Buffer.concat([Buffer.of(1), RFC8032_PUBLIC]))}`,
    );
  });

  it("parses what it formats and rejects damaged verifier keys", () => {
    const v = parseVerifierKey(fixed.verifierKey);
    expect(v.name).toBe(NAME);
    expect(v.publicKey.equals(RFC8032_PUBLIC)).toBe(true);
    const [name, id, ...keyParts] = fixed.verifierKey.split("+") as [string, string, ...string[]];
    const key = keyParts.join("+"); // the base64 may contain "+"
    expectCode(() => parseVerifierKey(`${name}+00000000+${key}`), "invalid_key", /does not match/);
    expectCode(() => parseVerifierKey(`other.example+${id}+${key}`), "invalid_key", /does not match/);
    expectCode(() => parseVerifierKey(`${name}+${id}`), "invalid_key");
    expectCode(() => parseVerifierKey(`${name}+${id.slice(1)}+${key}`), "invalid_key", /8 hex/);
    expectCode(() => parseVerifierKey(`${name}+${id}+${b64(Buffer.concat([Buffer.of(2), RFC8032_PUBLIC]))}`), "invalid_key", /type 2/);
    expectCode(
      () => parseVerifierKey(`${name}+${id}+${b64(Buffer.concat([Buffer.of(1), RFC8032_PUBLIC.subarray(1)]))}`),
      "invalid_key",
      /32 key bytes/,
    );
    expectCode(() => parseVerifierKey(`${name}+${id}+${key.slice(0, -1)}`), "invalid_key", /base64/);
    expectCode(() => parseVerifierKey(`bad name+${id}+${key}`), "invalid_key", /key name/);
    expect(formatVerifierKey(NAME, RFC8032_PUBLIC)).toBe(fixed.verifierKey);
    expectCode(() => generateSigningKey("has space"), "invalid_key");
    expectCode(() => generateSigningKey("a+b"), "invalid_key");
  });
});

describe("checkpoint notes", () => {
  const cp = { origin: NAME, treeSize: 8, rootHash: ROOT8 };

  it("has the exact C2SP byte layout for a fixed key", () => {
    // Independent construction: body by hand, key ID from the spec, signature with node:crypto
    // on a JWK-imported key (not through the module's seed/PKCS#8 path).
    const body = `${NAME}\n8\n${b64(ROOT8)}\n`;
    const jwk = createPrivateKey({
      key: { kty: "OKP", crv: "Ed25519", d: b64url(RFC8032_SEED), x: b64url(RFC8032_PUBLIC) },
      format: "jwk",
    });
    const sig = edSign(null, Buffer.from(body, "utf8"), jwk);
    const line = `\u2014 ${NAME} ${b64(Buffer.concat([specKeyId(NAME, RFC8032_PUBLIC), sig]))}\n`;
    const expected = `${body}\n${line}`;

    const note = signCheckpoint(fixed, cp);
    expect(note).toBe(expected);
    expect(note).toBe(FIXED_NOTE);
    expect(fixed.verifierKey).toBe(FIXED_VKEY);
    // Byte layout: three body lines, one blank line, one signature line, final newline.
    expect(note.split("\n")).toHaveLength(6);
    expect(note.endsWith("\n") && !note.endsWith("\n\n")).toBe(true);
    const bytes = Buffer.from(note, "utf8");
    const sigLineStart = Buffer.byteLength(body) + 1;
    expect([...bytes.subarray(sigLineStart, sigLineStart + 4)]).toEqual([0xe2, 0x80, 0x94, 0x20]); // U+2014, space
    const sigBlob = Buffer.from(note.slice(note.lastIndexOf(" ") + 1, -1), "base64");
    expect(sigBlob).toHaveLength(68);
    expect(edVerify(null, Buffer.from(body), createPublicKey(jwk), sigBlob.subarray(4))).toBe(true);
    expect(formatCheckpointBody(cp)).toBe(body);
  });

  it("round-trips, with number or bigint sizes up to 2^64-1", () => {
    expect(openCheckpoint(signCheckpoint(fixed, cp), fixed.verifierKey)).toEqual({ origin: NAME, treeSize: 8n, rootHash: ROOT8 });
    expect(openCheckpoint(signCheckpoint(fixed, cp), fixed.verifierKey, { origin: NAME }).treeSize).toBe(8n);
    for (const size of [0n, 1n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
      expect(openCheckpoint(signCheckpoint(fixed, { ...cp, treeSize: size }), parseVerifierKey(fixed.verifierKey)).treeSize).toBe(size);
    }
    expectCode(() => signCheckpoint(fixed, { ...cp, treeSize: 2n ** 64n }), "malformed_checkpoint");
    expectCode(() => signCheckpoint(fixed, { ...cp, treeSize: -1 }), "malformed_checkpoint");
    expectCode(() => signCheckpoint(fixed, { ...cp, treeSize: 1.5 }), "malformed_checkpoint");
    expectCode(() => signCheckpoint(fixed, { ...cp, rootHash: ROOT8.subarray(1) }), "malformed_checkpoint");
    expectCode(() => signCheckpoint(fixed, { ...cp, origin: "" }), "malformed_checkpoint");
    expectCode(() => signCheckpoint(fixed, { ...cp, origin: "a\nb" }), "malformed_checkpoint");
  });

  it("works with generated PEM keys", () => {
    const k = generateSigningKey("gatehouse.example/log-2");
    expect(k.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(k.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const signer = loadSigner(k.name, k.privateKeyPem);
    expect(signer.verifierKey).toBe(k.verifierKey);
    const raw = createPublicKey(k.publicKeyPem).export({ format: "jwk" }).x as string;
    expect(parseVerifierKey(k.verifierKey).publicKey.equals(Buffer.from(raw, "base64url"))).toBe(true);
    expect(openCheckpoint(signCheckpoint(signer, { origin: "o", treeSize: 5, rootHash: ROOT8 }), k.verifierKey).origin).toBe("o");
    expectCode(() => loadSigner("x", "not a pem"), "invalid_key");
    expectCode(() => loadSigner("x", k.publicKeyPem), "invalid_key");
  });

  it("opens with a set of keys when one of them signed (a rotated log), and names them all when none did", () => {
    const name = "gatehouse.example/rotated";
    const [old, current, stranger] = [0, 1, 2].map(() => loadSigner(name, generateSigningKey(name).privateKeyPem)) as [
      ReturnType<typeof loadSigner>,
      ReturnType<typeof loadSigner>,
      ReturnType<typeof loadSigner>,
    ];
    const before = signCheckpoint(old, { origin: name, treeSize: 3, rootHash: ROOT8 });
    const after = signCheckpoint(current, { origin: name, treeSize: 4, rootHash: ROOT8 });
    const ring = [current.verifierKey, old.verifierKey];
    expect(openCheckpoint(before, ring).treeSize).toBe(3n);
    expect(openCheckpoint(after, ring).treeSize).toBe(4n);
    expectCode(() => openCheckpoint(before, current.verifierKey), "no_signature", /same name, different key/);
    const forged = signCheckpoint(stranger, { origin: name, treeSize: 3, rootHash: ROOT8 });
    expectCode(() => openCheckpoint(forged, ring), "no_signature", new RegExp(`key ${old.keyId.toString("hex")}`));
    expectCode(() => openCheckpoint(before, []), "invalid_key", /no verifier key/);
  });

  describe("tampering", () => {
    const note = signCheckpoint(fixed, cp);
    const vkey = fixed.verifierKey;

    it("detects a changed tree size", () => {
      expectCode(() => openCheckpoint(note.replace(`${NAME}\n8\n`, `${NAME}\n9\n`), vkey), "bad_signature", /does not verify/);
    });
    it("detects a changed root hash", () => {
      const other = b64(Buffer.alloc(32, 1));
      expectCode(() => openCheckpoint(note.replace(b64(ROOT8), other), vkey), "bad_signature");
    });
    it("detects a changed origin, and an unexpected (validly signed) origin", () => {
      expectCode(() => openCheckpoint(note.replace(`${NAME}\n`, `gatehouse.example/other\n`), vkey), "bad_signature");
      const elsewhere = signCheckpoint(fixed, { ...cp, origin: "gatehouse.example/other" });
      expect(openCheckpoint(elsewhere, vkey).origin).toBe("gatehouse.example/other");
      expectCode(() => openCheckpoint(elsewhere, vkey, { origin: NAME }), "origin_mismatch", /gatehouse\.example\/other/);
    });
    it("detects a flipped signature byte (and a flipped key ID byte hides the signature)", () => {
      const [head, blob] = [note.slice(0, note.lastIndexOf(" ") + 1), Buffer.from(note.slice(note.lastIndexOf(" ") + 1, -1), "base64")];
      for (const i of [4, 20, 67]) {
        const bad = Buffer.from(blob);
        bad[i] = (bad[i] as number) ^ 0x01;
        expectCode(() => openCheckpoint(`${head}${b64(bad)}\n`, vkey), "bad_signature");
      }
      const badId = Buffer.from(blob);
      badId[0] = (badId[0] as number) ^ 0x01;
      expectCode(() => openCheckpoint(`${head}${b64(badId)}\n`, vkey), "no_signature");
      expectCode(() => openCheckpoint(`${head}${b64(blob.subarray(0, 67))}\n`, vkey), "bad_signature", /64 bytes/);
    });
    it("rejects a checkpoint signed by another key", () => {
      const impostor = generateSigningKey(NAME); // same name, different key
      const forged = signCheckpoint(loadSigner(NAME, impostor.privateKeyPem), cp);
      expectCode(() => openCheckpoint(forged, vkey), "no_signature", /same name, different key/);
      expectCode(() => openCheckpoint(note, impostor.verifierKey), "no_signature");
      const other = signerFromSeed("someone.else", Buffer.alloc(32, 9));
      expectCode(() => openCheckpoint(signCheckpoint(other, cp), vkey), "no_signature", /someone\.else/);
    });
    it("ignores other keys' signatures (cosignatures) but requires ours", () => {
      const witness = signerFromSeed("witness.example", Buffer.alloc(32, 3));
      const cosigned = note + signNote(witness, formatCheckpointBody(cp)).split("\n\n")[1];
      expect(openCheckpoint(cosigned, vkey).treeSize).toBe(8n);
      expectCode(() => openCheckpoint(signCheckpoint(witness, cp), vkey), "no_signature");
      const twice = note + note.split("\n\n")[1];
      expect(openCheckpoint(twice, vkey).treeSize).toBe(8n);
    });
  });

  describe("strict format", () => {
    const vkey = fixed.verifierKey;
    const signedBody = (body: string) => signNote(fixed, body);

    it("rejects malformed framing", () => {
      const note = signCheckpoint(fixed, cp);
      expectCode(() => openCheckpoint(note.slice(0, -1), vkey), "malformed_note", /end with a newline/);
      expectCode(() => openCheckpoint(note.replace("\n\n", "\n"), vkey), "malformed_note", /blank line/);
      expectCode(() => openCheckpoint(note + "\n", vkey), "malformed_note", /no signature lines/);
      expectCode(() => openCheckpoint(note.replace("\u2014 ", "- "), vkey), "malformed_note", /does not start with/);
      expectCode(() => openCheckpoint(note.replace("\u2014 ", "\u2014  "), vkey), "malformed_note");
      expectCode(() => openCheckpoint(note.replace("\n8\n", "\r\n8\n"), vkey), "malformed_note", /control character \(U\+000D/);
      expectCode(() => openCheckpoint(note.replace(/=\n$/, "\n"), vkey), "malformed_note", /base64/);
      expectCode(() => openCheckpoint(note + "\u2014 x AAAA\n".repeat(100), vkey), "malformed_note", /more than 100/);
      expectCode(() => openCheckpoint("x".repeat(70_000), vkey), "malformed_note");
      expectCode(() => signNote(fixed, "no newline"), "malformed_note");
    });

    it("rejects malformed (but validly signed) bodies", () => {
      const root = b64(ROOT8);
      const cases: [string, RegExp][] = [
        [`${NAME}\n8\n${root}\nextension\n`, /extension line/],
        [`${NAME}\n8\n${root}\n\nmore\n`, /empty line/],
        [`${NAME}\n08\n${root}\n`, /leading zeros/],
        [`${NAME}\n+8\n${root}\n`, /decimal/],
        [`${NAME}\n 8\n${root}\n`, /decimal/],
        [`${NAME}\n18446744073709551616\n${root}\n`, /64 bits/],
        [`${NAME}\n8\n${root.slice(0, -1)}\n`, /base64/],
        [`${NAME}\n8\n${b64(ROOT8.subarray(0, 31))}\n`, /32 bytes/],
        [`${NAME}\n8\n${ROOT8.toString("base64url")}\n`, /base64/],
        [`${NAME}\n8\n`, /2 line/],
        [`\n8\n${root}\n`, /origin line is empty/],
      ];
      for (const [body, msg] of cases) expectCode(() => openCheckpoint(signedBody(body), vkey), "malformed_checkpoint", msg);
      expectCode(() => parseCheckpointBody(`${NAME}\n8\n${root}`), "malformed_checkpoint", /newline/);
    });
  });
});
