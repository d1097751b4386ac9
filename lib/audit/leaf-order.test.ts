import { describe, expect, it } from "vitest";
import { entriesInLeafOrder, type EntryRow, type LeafRow } from "./leaf-order";

const entry = (id: number): EntryRow => ({ id, canonical: `{"id":${id}}`, payloadHash: `p${id}`, content: null });
const leaf = (leafIndex: number, entryId: number): LeafRow => ({ leafIndex, entryId, leafHash: `l${leafIndex}` });

/** Streams in batches of `size`, as the database sends them. */
async function* batches<T>(rows: T[], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function joined(leaves: LeafRow[], entries: EntryRow[], size = 2) {
  const out = [];
  for await (const batch of entriesInLeafOrder(batches(leaves, size), batches(entries, size))) out.push(...batch);
  return out.map((e) => [e.leafIndex, e.canonical]);
}

describe("entriesInLeafOrder", () => {
  it("pairs each leaf with its entry when the sequencer integrated them in id order", async () => {
    const ids = [3, 4, 7, 8, 9];
    expect(
      await joined(
        ids.map((id, i) => leaf(i, id)),
        ids.map(entry),
      ),
    ).toEqual(ids.map((id, i) => [i, `{"id":${id}}`]));
  });

  it("keeps a straggler aside until its leaf comes, in any batch", async () => {
    // Entry 2 committed late: integrated after 3..6.
    const leaves = [leaf(0, 1), leaf(1, 3), leaf(2, 4), leaf(3, 5), leaf(4, 6), leaf(5, 2)];
    for (const size of [1, 2, 4, 10])
      expect(await joined(leaves, [1, 2, 3, 4, 5, 6].map(entry), size)).toEqual([
        [0, '{"id":1}'],
        [1, '{"id":3}'],
        [2, '{"id":4}'],
        [3, '{"id":5}'],
        [4, '{"id":6}'],
        [5, '{"id":2}'],
      ]);
  });

  it("passes over an entry no leaf names, and gives a leaf whose entry is gone no canonical JSON", async () => {
    const leaves = [leaf(0, 1), leaf(1, 2), leaf(2, 4), leaf(3, 9)];
    expect(await joined(leaves, [1, 3, 4, 5].map(entry))).toEqual([
      [0, '{"id":1}'],
      [1, ""],
      [2, '{"id":4}'],
      [3, ""],
    ]);
  });

  it("carries the stored hashes and content of both sides", async () => {
    const [out] = await (async () => {
      const all = [];
      for await (const b of entriesInLeafOrder(batches([leaf(0, 5)], 1), batches([{ ...entry(5), content: "x" }], 1))) all.push(...b);
      return all;
    })();
    expect(out).toEqual({ leafIndex: 0, leafHash: "l0", canonical: '{"id":5}', payloadHash: "p5", content: "x" });
  });
});
