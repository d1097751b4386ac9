import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CompactRange,
  EMPTY_ROOT,
  consistencyProof,
  inclusionProof,
  leafHash,
  leafHashHex,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";

const hex = (h: Uint8Array) => Buffer.from(h).toString("hex");
const hexes = (hs: readonly Uint8Array[]) => hs.map(hex);
const dh = (s: string) => Buffer.from(s, "hex");

// ---------------------------------------------------------------------------------------------
// Published reference vectors: github.com/transparency-dev/merkle (same data as the older
// github.com/google/certificate-transparency-go/merkletree tests): testonly/constants.go
// (LeafInputs, NodeHashes, RootHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs).
// Everything in this block is copied, not computed.
// ---------------------------------------------------------------------------------------------
const LEAF_INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(dh);

/** NodeHashes()[level][index]: every complete subtree of the 8-leaf tree. Level 0 = leaf hashes. */
const NODE_HASHES = [
  [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
  ],
  [
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
  ],
  ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
  ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];
const nh = (level: number, index: number) => NODE_HASHES[level]?.[index] as string;

/** RootHashes()[size] for sizes 0..8. */
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const root = (size: number) => ROOTS[size] as string;

/**
 * proof/verify_test.go inclusionProofs. NB: the Go table stores the leaf as a 1-based number
 * (its test uses `p.leaf-1`); `index` here is the 0-based leaf index.
 */
const PUBLISHED_INCLUSION = [
  { index: 0, size: 1, proof: [] as string[] },
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

/** proof/verify_test.go consistencyProofs. */
const PUBLISHED_CONSISTENCY = [
  { m: 1, n: 1, proof: [] as string[] },
  {
    m: 1,
    n: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    m: 6,
    n: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    m: 2,
    n: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  {
    m: 6,
    n: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];

/**
 * proof/proof_test.go TestInclusion / TestConsistency: published proof *shapes* as node IDs
 * (level, index) of the same tree, resolved here to the published NodeHashes. Cases whose Go
 * expectation needs an ephemeral rehash (the "rehash(...)" rows) are left out.
 */
const PUBLISHED_INCLUSION_SHAPES: { index: number; size: number; nodes: [number, number][] }[] = [
  { size: 2, index: 0, nodes: [[0, 1]] },
  { size: 2, index: 1, nodes: [[0, 0]] },
  {
    size: 3,
    index: 1,
    nodes: [
      [0, 0],
      [0, 2],
    ],
  },
  {
    size: 7,
    index: 4,
    nodes: [
      [0, 5],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size: 7,
    index: 5,
    nodes: [
      [0, 4],
      [0, 6],
      [2, 0],
    ],
  },
  {
    size: 7,
    index: 6,
    nodes: [
      [1, 2],
      [2, 0],
    ],
  },
  {
    size: 4,
    index: 2,
    nodes: [
      [0, 3],
      [1, 0],
    ],
  },
  {
    size: 5,
    index: 3,
    nodes: [
      [0, 2],
      [1, 0],
      [0, 4],
    ],
  },
  {
    size: 6,
    index: 3,
    nodes: [
      [0, 2],
      [1, 0],
      [1, 2],
    ],
  },
  {
    size: 6,
    index: 4,
    nodes: [
      [0, 5],
      [2, 0],
    ],
  },
];
const PUBLISHED_CONSISTENCY_SHAPES: { m: number; n: number; nodes: [number, number][] }[] = [
  { m: 1, n: 2, nodes: [[0, 1]] },
  {
    m: 1,
    n: 4,
    nodes: [
      [0, 1],
      [1, 1],
    ],
  },
  {
    m: 1,
    n: 6,
    nodes: [
      [0, 1],
      [1, 1],
      [1, 2],
    ],
  },
  { m: 2, n: 3, nodes: [[0, 2]] },
  {
    m: 2,
    n: 8,
    nodes: [
      [1, 1],
      [2, 1],
    ],
  },
  {
    m: 5,
    n: 7,
    nodes: [
      [0, 4],
      [0, 5],
      [0, 6],
      [2, 0],
    ],
  },
  {
    m: 6,
    n: 7,
    nodes: [
      [1, 2],
      [0, 6],
      [2, 0],
    ],
  },
  {
    m: 7,
    n: 8,
    nodes: [
      [0, 6],
      [0, 7],
      [1, 2],
      [2, 0],
    ],
  },
  { m: 2, n: 4, nodes: [[1, 1]] },
  {
    m: 3,
    n: 5,
    nodes: [
      [0, 2],
      [0, 3],
      [1, 0],
      [0, 4],
    ],
  },
  {
    m: 3,
    n: 6,
    nodes: [
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 2],
    ],
  },
  { m: 4, n: 6, nodes: [[1, 2]] },
];

// ---------------------------------------------------------------------------------------------
// An independent, deliberately naive reference written straight from RFC 9162 §2.1 (recursion
// over array slices, its own hashing). Used to cross-check everything beyond the published data.
// ---------------------------------------------------------------------------------------------
const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const refLeaf = (d: Uint8Array) => sha(Buffer.of(0), d);
const refNode = (l: Uint8Array, r: Uint8Array) => sha(Buffer.of(1), l, r);
const refK = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** MTH(D[n]) over leaf *hashes* (so the leaf step is done once). */
function refMTH(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return d[0] as Buffer;
  const k = refK(d.length);
  return refNode(refMTH(d.slice(0, k)), refMTH(d.slice(k)));
}
function refPATH(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = refK(d.length);
  return m < k ? [...refPATH(m, d.slice(0, k)), refMTH(d.slice(k))] : [...refPATH(m - k, d.slice(k)), refMTH(d.slice(0, k))];
}
function refSUBPROOF(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [refMTH(d)];
  const k = refK(d.length);
  return m <= k
    ? [...refSUBPROOF(m, d.slice(0, k), b), refMTH(d.slice(k))]
    : [...refSUBPROOF(m - k, d.slice(k), false), refMTH(d.slice(0, k))];
}
const refPROOF = (m: number, d: Buffer[]) => refSUBPROOF(m, d, true);

// Deterministic PRNG (mulberry32) so property failures are reproducible.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(6962);
const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const leavesFor = (n: number, salt = "") => Array.from({ length: n }, (_, i) => leafHash(`{"i":${i},"s":"${salt}"}`));
const flip = (h: Uint8Array, bit = 0) => {
  const c = Buffer.from(h);
  c[bit >> 3] = (c[bit >> 3] as number) ^ (1 << (bit & 7));
  return c;
};

const LEAF_HASHES = LEAF_INPUTS.map((d) => leafHash(d));

describe("published RFC 6962 vectors (transparency-dev/merkle testonly + proof tests)", () => {
  it("hashes the 8 reference leaves to the published leaf hashes", () => {
    expect(hexes(LEAF_HASHES)).toEqual(NODE_HASHES[0]);
    expect(leafHash("").toString("hex")).toBe(nh(0, 0)); // string input = UTF-8 bytes
    expect(leafHashHex(dh("00"))).toBe(nh(0, 1));
  });

  it("hashes interior nodes to the published NodeHashes", () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      const below = NODE_HASHES[level - 1] as string[];
      (NODE_HASHES[level] as string[]).forEach((want, i) => {
        expect(hex(nodeHash(dh(below[2 * i] as string), dh(below[2 * i + 1] as string)))).toBe(want);
      });
    }
  });

  it("computes the published root for every size 0..8", () => {
    for (let size = 0; size <= 8; size++) {
      expect(hex(rootFromLeafHashes(LEAF_HASHES.slice(0, size)))).toBe(root(size));
      expect(hex(subtreeRoot((i) => LEAF_HASHES[i] as Buffer, 0, size))).toBe(root(size));
    }
    expect(hex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("CompactRange matches the published roots and CompactTrees at every size", () => {
    const compactTrees: [number, number][][] = [
      [],
      [[0, 0]],
      [[1, 0]],
      [
        [1, 0],
        [0, 2],
      ],
      [[2, 0]],
      [
        [2, 0],
        [0, 4],
      ],
      [
        [2, 0],
        [1, 2],
      ],
      [
        [2, 0],
        [1, 2],
        [0, 6],
      ],
      [[3, 0]],
    ];
    const cr = new CompactRange();
    expect(hex(cr.root())).toBe(root(0));
    LEAF_HASHES.forEach((h, i) => {
      cr.append(h);
      expect(cr.size).toBe(i + 1);
      expect(hex(cr.root())).toBe(root(i + 1));
      expect(hexes(cr.nodes)).toEqual((compactTrees[i + 1] as [number, number][]).map(([l, j]) => nh(l, j)));
    });
  });

  it.each(PUBLISHED_INCLUSION)("inclusion proof for leaf $index in tree of size $size", ({ index, size, proof }) => {
    expect(hexes(inclusionProof(index, size, LEAF_HASHES))).toEqual(proof);
    expect(verifyInclusion(index, size, LEAF_HASHES[index] as Buffer, proof.map(dh), dh(root(size)))).toBe(true);
  });

  it.each(PUBLISHED_INCLUSION_SHAPES)("inclusion proof shape for leaf $index in tree of size $size", ({ index, size, nodes }) => {
    const proof = nodes.map(([l, i]) => nh(l, i));
    expect(hexes(inclusionProof(index, size, LEAF_HASHES))).toEqual(proof);
    expect(verifyInclusion(index, size, LEAF_HASHES[index] as Buffer, proof.map(dh), dh(root(size)))).toBe(true);
  });

  it.each(PUBLISHED_CONSISTENCY)("consistency proof $m -> $n", ({ m, n, proof }) => {
    expect(hexes(consistencyProof(m, n, LEAF_HASHES))).toEqual(proof);
    expect(verifyConsistency(m, n, dh(root(m)), dh(root(n)), proof.map(dh))).toBe(true);
  });

  it.each(PUBLISHED_CONSISTENCY_SHAPES)("consistency proof shape $m -> $n", ({ m, n, nodes }) => {
    const proof = nodes.map(([l, i]) => nh(l, i));
    expect(hexes(consistencyProof(m, n, LEAF_HASHES))).toEqual(proof);
    expect(verifyConsistency(m, n, dh(root(m)), dh(root(n)), proof.map(dh))).toBe(true);
  });

  it("rejects the corruptions of the Go verifier tests (corruptInclusionProof / corruptConsistencyProof)", () => {
    const someHash = dh("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (const { index, size, proof: p } of PUBLISHED_INCLUSION.filter((v) => v.proof.length > 0)) {
      const proof = p.map(dh);
      const r = dh(root(size));
      const leaf = LEAF_HASHES[index] as Buffer;
      const bad: [number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
        [index - 1, size, leaf, proof, r],
        [index + 1, size, leaf, proof, r],
        [index ^ 2, size, leaf, proof, r],
        [index, size * 2, leaf, proof, r],
        [index, Math.floor(size / 2), leaf, proof, r],
        [index, size, Buffer.from("WrongLeaf"), proof, r],
        [index, size, leaf, proof, EMPTY_ROOT],
        [index, size, leaf, proof, someHash],
        [index, size, leaf, [...proof, Buffer.alloc(0)], r],
        [index, size, leaf, [...proof, r], r],
        [index, size, leaf, [Buffer.alloc(0), ...proof], r],
        [index, size, leaf, [r, ...proof], r],
        [index, size, leaf, proof.slice(0, -1), r],
        ...proof.map((_, i): [number, number, Uint8Array, Uint8Array[], Uint8Array] => [
          index,
          size,
          leaf,
          proof.map((h, j) => (i === j ? flip(h, 3) : h)),
          r,
        ]),
      ];
      if (proof.length > 1) bad.push([index, size, leaf, [proof[0] as Buffer, someHash, ...proof.slice(1)], r]);
      for (const [i, s, l, pr, rt] of bad) expect(verifyInclusion(i, s, l, pr, rt), `${index}/${size} probe ${i}/${s}`).toBe(false);
    }
    for (const { m, n, proof: p } of PUBLISHED_CONSISTENCY.filter((v) => v.proof.length > 0)) {
      const proof = p.map(dh);
      const r1 = dh(root(m));
      const r2 = dh(root(n));
      const bad: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        [m - 1, n, r1, r2, proof],
        [m + 1, n, r1, r2, proof],
        [m ^ 2, n, r1, r2, proof],
        [m, n * 2, r1, r2, proof],
        [m, Math.floor(n / 2), r1, r2, proof],
        [m, n, Buffer.from("WrongRoot"), r2, proof],
        [m, n, r1, Buffer.from("WrongRoot"), proof],
        [m, n, r2, r1, proof],
        [m, n, r1, r2, []],
        [m, n, r1, r2, [...proof, Buffer.alloc(0)]],
        [m, n, r1, r2, [...proof, r1]],
        [m, n, r1, r2, [...proof, r2]],
        [m, n, r1, r2, [Buffer.alloc(0), ...proof]],
        [m, n, r1, r2, [r1, ...proof]],
        [m, n, r1, r2, [r2, ...proof]],
        [m, n, r1, r2, [proof[0] as Buffer, ...proof]],
        [m, n, r1, r2, proof.slice(0, -1)],
        ...proof.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
          m,
          n,
          r1,
          r2,
          proof.map((h, j) => (i === j ? flip(h, 4) : h)),
        ]),
      ];
      for (const [a, b, x, y, pr] of bad) expect(verifyConsistency(a, b, x, y, pr), `${m}->${n} probe ${a}->${b}`).toBe(false);
    }
  });

  it("handles the trivial and invalid cases like the reference verifier", () => {
    const single = leafHash("data");
    expect(verifyInclusion(0, 1, single, [], single)).toBe(true);
    expect(verifyInclusion(0, 1, single, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(0, 1, Buffer.alloc(0), [], single)).toBe(false);
    for (const [i, s] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 1],
      [0.5, 2],
    ] as const)
      expect(verifyInclusion(i, s, single, [], single)).toBe(false);
    expect(() => inclusionProof(1, 1, LEAF_HASHES)).toThrow(RangeError);
    expect(() => inclusionProof(0, 9, LEAF_HASHES)).toThrow(RangeError);
    expect(() => consistencyProof(5, 4, LEAF_HASHES)).toThrow(RangeError);
    expect(consistencyProof(0, 5, LEAF_HASHES)).toEqual([]);
    expect(consistencyProof(4, 4, LEAF_HASHES)).toEqual([]);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, dh(root(5)), [])).toBe(true);
    expect(verifyConsistency(0, 5, dh(root(1)), dh(root(5)), [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, dh(root(5)), [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(3, 3, dh(root(3)), dh(root(3)), [])).toBe(true);
    expect(verifyConsistency(3, 3, dh(root(3)), dh(root(4)), [])).toBe(false);
    expect(verifyConsistency(3, 3, dh(root(3)), dh(root(3)), [EMPTY_ROOT])).toBe(false);
    expect(verifyConsistency(2, 1, dh(root(2)), dh(root(1)), [])).toBe(false);
    expect(verifyConsistency(1, 2, dh(root(1)), dh(root(2)), [])).toBe(false);
  });
});

describe("cross-checked against the naive RFC 9162 reference", () => {
  it("agrees on roots, every inclusion proof and every consistency proof for sizes 1..64", () => {
    const leaves = leavesFor(64, "x");
    for (let n = 1; n <= 64; n++) {
      const d = leaves.slice(0, n);
      expect(hex(rootFromLeafHashes(d))).toBe(hex(refMTH(d)));
      for (let i = 0; i < n; i++) expect(hexes(inclusionProof(i, n, d))).toEqual(hexes(refPATH(i, d)));
      for (let m = 1; m <= n; m++) expect(hexes(consistencyProof(m, n, d))).toEqual(hexes(refPROOF(m, d)));
    }
  });

  it("agrees for random larger sizes up to 1000", () => {
    const leaves = leavesFor(1000, "y");
    for (let t = 0; t < 12; t++) {
      const n = randInt(65, 1000);
      const d = leaves.slice(0, n);
      expect(hex(rootFromLeafHashes(d))).toBe(hex(refMTH(d)));
      const i = randInt(0, n - 1);
      const m = randInt(1, n);
      expect(hexes(inclusionProof(i, n, d))).toEqual(hexes(refPATH(i, d)));
      expect(hexes(consistencyProof(m, n, d))).toEqual(hexes(refPROOF(m, d)));
    }
  });

  it("leafHash hashes strings as UTF-8 and agrees with the reference for non-ASCII", () => {
    for (const s of ["", "a", '{"k":"é😀\\u0000"}', "\u2014 em dash", "\0lead"]) {
      expect(hex(leafHash(s))).toBe(hex(refLeaf(Buffer.from(s, "utf8"))));
      expect(hex(leafHash(Buffer.from(s, "utf8")))).toBe(hex(refLeaf(Buffer.from(s, "utf8"))));
    }
  });
});

describe("properties over random sizes 1..300", () => {
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 127, 128, 129, 255, 256, 257, 300];
  while (sizes.length < 40) sizes.push(randInt(1, 300));
  const all = leavesFor(300, "p");

  it("every inclusion proof verifies, and fails when the leaf, index or root is altered", () => {
    for (const n of sizes) {
      const d = all.slice(0, n);
      const r = rootFromLeafHashes(d);
      const indices = n <= 40 ? Array.from({ length: n }, (_, i) => i) : [0, n - 1, ...Array.from({ length: 12 }, () => randInt(0, n - 1))];
      for (const i of indices) {
        const leaf = d[i] as Buffer;
        const proof = inclusionProof(i, n, d);
        expect(verifyInclusion(i, n, leaf, proof, r), `leaf ${i} of ${n}`).toBe(true);
        expect(hex(rootFromInclusionProof(i, n, leaf, proof) as Buffer)).toBe(hex(r));
        expect(verifyInclusion(i, n, flip(leaf, randInt(0, 255)), proof, r)).toBe(false);
        expect(verifyInclusion(i, n, leaf, proof, flip(r, randInt(0, 255)))).toBe(false);
        if (n > 1) {
          const j = (i + randInt(1, n - 1)) % n;
          expect(verifyInclusion(j, n, leaf, proof, r), `leaf ${i} of ${n} claimed at ${j}`).toBe(false);
          expect(verifyInclusion(i, n, d[j] as Buffer, proof, r)).toBe(false);
        }
        if (proof.length > 0) {
          const k = randInt(0, proof.length - 1);
          expect(
            verifyInclusion(
              i,
              n,
              leaf,
              proof.map((h, x) => (x === k ? flip(h, randInt(0, 255)) : h)),
              r,
            ),
          ).toBe(false);
        }
      }
    }
  });

  it("every consistency proof m < n verifies, and fails when either root is altered", () => {
    for (const n of sizes) {
      const d = all.slice(0, n);
      const rn = rootFromLeafHashes(d);
      const ms = n <= 40 ? Array.from({ length: n }, (_, i) => i + 1) : [1, n - 1, n, ...Array.from({ length: 12 }, () => randInt(1, n))];
      for (const m of ms) {
        const rm = rootFromLeafHashes(d.slice(0, m));
        const proof = consistencyProof(m, n, d);
        expect(verifyConsistency(m, n, rm, rn, proof), `${m} -> ${n}`).toBe(true);
        expect(verifyConsistency(m, n, flip(rm, randInt(0, 255)), rn, proof)).toBe(false);
        expect(verifyConsistency(m, n, rm, flip(rn, randInt(0, 255)), proof)).toBe(false);
        if (m < n) {
          const other = leavesFor(n, "fork").map((h, i) => (i < m ? (d[i] as Buffer) : h)); // same prefix, different suffix
          expect(verifyConsistency(m, n, rm, rootFromLeafHashes(other), proof)).toBe(false);
          if (m > 1) expect(verifyConsistency(m - 1, n, rm, rn, proof)).toBe(false);
        }
      }
    }
  });

  it("CompactRange root equals rootFromLeafHashes at every size, and survives a JSON round trip", () => {
    const cr = new CompactRange();
    for (let i = 0; i < 300; i++) {
      cr.append(all[i] as Buffer);
      const want = hex(rootFromLeafHashes(all.slice(0, i + 1)));
      expect(hex(cr.root())).toBe(want);
      const json = JSON.stringify(cr);
      const back = CompactRange.fromJSON(JSON.parse(json));
      expect(back.size).toBe(i + 1);
      expect(hex(back.root())).toBe(want);
      expect(CompactRange.fromJSON(json).toJSON()).toEqual(cr.toJSON());
    }
    // Resuming from JSON continues the same tree.
    const partial = new CompactRange();
    for (let i = 0; i < 137; i++) partial.append(all[i] as Buffer);
    const resumed = CompactRange.fromJSON(JSON.stringify(partial));
    for (let i = 137; i < 300; i++) resumed.append(all[i] as Buffer);
    expect(hex(resumed.root())).toBe(hex(cr.root()));
  });

  it("CompactRange.fromJSON rejects malformed state", () => {
    const h = "00".repeat(32);
    expect(() => CompactRange.fromJSON({ size: 3, nodes: [h] })).toThrow(/has 2 nodes/);
    expect(() => CompactRange.fromJSON({ size: -1, nodes: [] })).toThrow(RangeError);
    expect(() => CompactRange.fromJSON({ size: 1, nodes: ["zz"] })).toThrow(TypeError);
    expect(() => CompactRange.fromJSON(null)).toThrow(TypeError);
    expect(CompactRange.fromJSON({ size: 0, nodes: [] }).root().equals(EMPTY_ROOT)).toBe(true);
    expect(() => new CompactRange().append(Buffer.alloc(31))).toThrow(TypeError);
  });
});
