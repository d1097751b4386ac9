import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inclusionProof, leafHash, rootFromLeafHashes, verifyInclusion } from "./merkle";
import { ProofIndex } from "./proof-index";

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(createHash("sha256").update(String(i)).digest("hex")));

describe("ProofIndex", () => {
  it("gives the same inclusion proofs as the direct algorithm, for every leaf and size", () => {
    for (const n of [1, 2, 3, 5, 8, 13, 64, 100]) {
      const all = leaves(n);
      const index = new ProofIndex(all);
      for (let size = 1; size <= n; size += Math.max(1, Math.floor(n / 7))) {
        const root = rootFromLeafHashes(all.slice(0, size));
        for (let i = 0; i < size; i++) {
          const proof = index.inclusionProof(i, size);
          expect(proof).toEqual(inclusionProof(i, size, all));
          expect(verifyInclusion(i, size, all[i]!, proof, root)).toBe(true);
        }
      }
    }
  });
});
