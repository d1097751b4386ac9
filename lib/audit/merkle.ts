import * as nodeCrypto from "node:crypto";

// RFC 6962 / RFC 9162 §2.1 Merkle tree hashing, as used by Certificate Transparency and
// the transparency-dev / C2SP tlog ecosystem. Pure, synchronous, framework-free.
//
//   leaf hash  = SHA-256(0x00 || leaf data)        (leaf data = the entry's canonical JSON, UTF-8)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n]))    k = largest power of two < n
//
// Indices and sizes are JavaScript numbers (safe integers, i.e. < 2^53).

export const HASH_SIZE = 32;

/** A source of leaf hashes: an array, or a function (e.g. backed by a database cache) from index to hash. */
export type LeafSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

// One-shot SHA-256 with hex output is by far the cheapest path in Node (no Hash object, no
// Buffer output allocation); crypto.hash exists from Node 20.12 / 21.7, fall back otherwise.
const oneShot = typeof nodeCrypto.hash === "function";
const sha256Hex: (data: string | Uint8Array) => string = oneShot
  ? (data) => nodeCrypto.hash("sha256", data, "hex")
  : (data) => nodeCrypto.createHash("sha256").update(data).digest("hex");
const sha256Bytes: (data: string | Uint8Array) => Buffer = oneShot
  ? (data) => nodeCrypto.hash("sha256", data, "buffer")
  : (data) => nodeCrypto.createHash("sha256").update(data).digest();

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Buffer = Buffer.from(sha256Hex(""), "hex");

/** SHA-256 hex of a string's UTF-8 bytes (or of raw bytes): an entry's payloadHash. */
export function sha256HexOf(data: string | Uint8Array): string {
  return sha256Hex(data);
}

/** Hex of leafHash(data). The fast path for verifiers that compare against stored hex. */
export function leafHashHex(data: Uint8Array | string): string {
  if (typeof data === "string") return sha256Hex("\0" + data); // U+0000 is the single byte 0x00 in UTF-8
  const buf = Buffer.allocUnsafe(data.length + 1);
  buf[0] = 0x00;
  buf.set(data, 1);
  return sha256Hex(buf);
}

/** RFC 6962 leaf hash: SHA-256(0x00 || data). A string is hashed as its UTF-8 bytes. */
export function leafHash(data: Uint8Array | string): Buffer {
  return Buffer.from(leafHashHex(data), "hex");
}

const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput[0] = 0x01;
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return sha256Bytes(nodeInput);
  }
  return sha256Bytes(Buffer.concat([Buffer.of(0x01), left, right]));
}

function assertHash(h: unknown, what: string): asserts h is Uint8Array {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) throw new TypeError(`${what} must be a ${HASH_SIZE}-byte hash`);
}

function assertSize(n: unknown, what: string): asserts n is number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(n)}`);
}

function asBuffer(h: Uint8Array): Buffer {
  return Buffer.isBuffer(h) ? h : Buffer.from(h.buffer, h.byteOffset, h.byteLength);
}

/** The largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

export type CompactRangeJSON = { size: number; nodes: string[] };

/**
 * The right-hand frontier of an append-only Merkle tree: the roots of the perfect subtrees
 * that make up the first `size` leaves (one per set bit of `size`, largest first). Appending
 * costs O(1) amortised hashes, memory is O(log n), and the root is folded on demand. The
 * sequencer persists it as JSON to resume without rereading all leaves.
 */
export class CompactRange {
  #size: number;
  #nodes: Buffer[];

  constructor() {
    this.#size = 0;
    this.#nodes = [];
  }

  get size(): number {
    return this.#size;
  }

  /** The subtree roots, largest (leftmost) first. */
  get nodes(): readonly Buffer[] {
    return this.#nodes;
  }

  append(leafHash: Uint8Array): void {
    assertHash(leafHash, "leaf hash");
    this.appendUnchecked(asBuffer(leafHash));
  }

  private appendUnchecked(leaf: Buffer): void {
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError("tree size limit reached");
    let h = leaf;
    // Merge with one stored subtree per trailing 1 bit of the current size.
    for (let s = this.#size; isOdd(s); s = half(s)) {
      const left = this.#nodes.pop();
      if (left === undefined) throw new Error("CompactRange invariant broken");
      h = nodeHash(left, h);
    }
    this.#nodes.push(h);
    this.#size += 1;
  }

  /** MTH of the first `size` leaves. */
  root(): Buffer {
    const nodes = this.#nodes;
    let r = nodes[nodes.length - 1];
    if (r === undefined) return Buffer.from(EMPTY_ROOT);
    for (let i = nodes.length - 2; i >= 0; i--) r = nodeHash(nodes[i] as Buffer, r);
    return r;
  }

  clone(): CompactRange {
    const c = new CompactRange();
    c.#size = this.#size;
    c.#nodes = this.#nodes.slice();
    return c;
  }

  toJSON(): CompactRangeJSON {
    return { size: this.#size, nodes: this.#nodes.map((n) => n.toString("hex")) };
  }

  static fromJSON(json: unknown): CompactRange {
    const value: unknown = typeof json === "string" ? JSON.parse(json) : json;
    if (typeof value !== "object" || value === null) throw new TypeError("compact range JSON must be an object");
    const { size, nodes } = value as { size?: unknown; nodes?: unknown };
    assertSize(size, "compact range size");
    if (!Array.isArray(nodes) || !nodes.every((n): n is string => typeof n === "string" && /^[0-9a-f]{64}$/.test(n)))
      throw new TypeError("compact range nodes must be an array of 64-character lowercase hex hashes");
    let bits = 0;
    for (let s = size; s > 0; s = half(s)) if (isOdd(s)) bits++;
    if (nodes.length !== bits) throw new TypeError(`a compact range of size ${size} has ${bits} nodes, got ${nodes.length}`);
    const c = new CompactRange();
    c.#size = size;
    c.#nodes = nodes.map((n) => Buffer.from(n, "hex"));
    return c;
  }

  /** Appends leaves [start, end) of a source: the fast path behind subtreeRoot. */
  static over(leaves: LeafSource, start: number, end: number): CompactRange {
    const c = new CompactRange();
    if (typeof leaves === "function") {
      for (let i = start; i < end; i++) {
        const h = leaves(i);
        assertHash(h, `leaf hash ${i}`);
        c.appendUnchecked(asBuffer(h));
      }
    } else {
      if (end > leaves.length) throw new RangeError(`need ${end} leaf hashes, have ${leaves.length}`);
      for (let i = start; i < end; i++) {
        const h = leaves[i];
        assertHash(h, `leaf hash ${i}`);
        c.appendUnchecked(asBuffer(h));
      }
    }
    return c;
  }
}

/** MTH(D[start:end]): the root of the tree over leaves start..end-1, in O(end - start) hashes. */
export function subtreeRoot(leaves: LeafSource, start: number, end: number): Buffer {
  assertSize(start, "start");
  assertSize(end, "end");
  if (end < start) throw new RangeError(`empty or reversed range [${start}, ${end})`);
  return CompactRange.over(leaves, start, end).root();
}

/** MTH over all given leaf hashes (EMPTY_ROOT for none). */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Buffer {
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** The subtree ranges whose roots make up PATH(index, D[0:size]), bottom-up (RFC 9162 §2.1.3.1). */
export function inclusionProofRanges(index: number, size: number): [number, number][] {
  assertSize(index, "leaf index");
  assertSize(size, "tree size");
  if (index >= size) throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/** RFC 9162 §2.1.3.1 inclusion proof (audit path) for leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(index: number, size: number, leaves: LeafSource): Buffer[] {
  return inclusionProofRanges(index, size).map(([s, e]) => subtreeRoot(leaves, s, e));
}

/** The subtree ranges whose roots make up PROOF(m, D[0:n]), in proof order (RFC 9162 §2.1.4.1). */
export function consistencyProofRanges(m: number, n: number): [number, number][] {
  assertSize(m, "old tree size");
  assertSize(n, "new tree size");
  if (m > n) throw new RangeError(`old tree size ${m} is larger than new tree size ${n}`);
  if (m === 0 || m === n) return [];
  const outer: [number, number][] = [];
  let inner: [number, number] | undefined;
  let lo = 0;
  let hi = n;
  let mm = m;
  let complete = true; // the "b" flag of SUBPROOF: is the old tree a complete subtree here?
  for (;;) {
    if (mm === hi - lo) {
      if (!complete) inner = [lo, hi];
      break;
    }
    const k = splitPoint(hi - lo);
    if (mm <= k) {
      outer.push([lo + k, hi]);
      hi = lo + k;
    } else {
      outer.push([lo, lo + k]);
      mm -= k;
      lo += k;
      complete = false;
    }
  }
  outer.reverse();
  return inner ? [inner, ...outer] : outer;
}

/** RFC 9162 §2.1.4.1 consistency proof between the trees of the first m and first n leaves. */
export function consistencyProof(m: number, n: number, leaves: LeafSource): Buffer[] {
  return consistencyProofRanges(m, n).map(([s, e]) => subtreeRoot(leaves, s, e));
}

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  return asBuffer(a).equals(b);
}

/** RFC 9162 §2.1.3.2 steps 1-4: the root implied by an inclusion proof, or undefined if it cannot be one. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (!isHash(leafHash) || !Array.isArray(proof) || !proof.every(isHash)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = asBuffer(leafHash);
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of `size` leaves with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(root)) return false;
  const r = rootFromInclusionProof(index, size, leafHash, proof);
  return r !== undefined && equalHashes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of m leaves with `oldRoot` is a prefix of
 * the tree of n leaves with `newRoot`? For m = n the proof must be empty and the roots equal;
 * for m = 0 the proof must be empty and oldRoot must be the empty-tree hash.
 */
export function verifyConsistency(m: number, n: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (m === 0) return proof.length === 0 && equalHashes(oldRoot, EMPTY_ROOT);
  if (m === n) return proof.length === 0 && equalHashes(oldRoot, newRoot);
  // 1. An empty proof cannot prove 0 < m < n.
  if (proof.length === 0) return false;
  // 2. If m is an exact power of two, the old root is itself the first node of the path.
  const path: readonly Uint8Array[] = isPowerOfTwo(m) ? [oldRoot, ...proof] : proof;
  // 3.-4.
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  const first = path[0] as Uint8Array;
  let fr: Buffer = asBuffer(first);
  let sr: Buffer = asBuffer(first);
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return sn === 0 && equalHashes(fr, oldRoot) && equalHashes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}
