import { inclusionProofRanges, nodeHash, subtreeRoot } from "./merkle";

/**
 * Every complete subtree hash of a tree, computed once, so that each inclusion proof
 * afterwards costs O(log n) lookups instead of O(n) hashing (exports prove thousands
 * of entries against one checkpoint).
 */
export class ProofIndex {
  /** levels[k][j] = root of the complete subtree over leaves [j·2^k, (j+1)·2^k). */
  private readonly levels: Buffer[][];
  /** Roots of the ragged right-edge ranges: few per tree size, each O(n) to compute, so computed once. */
  private readonly ragged = new Map<string, Buffer>();

  constructor(private readonly leaves: readonly Buffer[]) {
    this.levels = [leaves.slice()];
    for (let level = this.levels[0]!; level.length > 1;) {
      const next: Buffer[] = [];
      for (let j = 0; j + 1 < level.length; j += 2) next.push(nodeHash(level[j]!, level[j + 1]!));
      this.levels.push(next);
      level = next;
    }
  }

  get size() {
    return this.leaves.length;
  }

  private rangeRoot(start: number, end: number): Buffer {
    const width = end - start;
    const k = Math.log2(width);
    if (Number.isInteger(k) && start % width === 0) return this.levels[k]![start / width]!;
    const key = `${start}:${end}`;
    let root = this.ragged.get(key);
    if (!root) this.ragged.set(key, (root = subtreeRoot(this.leaves, start, end)));
    return root;
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    return inclusionProofRanges(index, size).map(([s, e]) => this.rangeRoot(s, e));
  }
}
