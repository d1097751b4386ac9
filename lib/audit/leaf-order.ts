import type { LogEntryInput } from "./verify-log";

// The integrated entries in leaf order, joined in Node from two streams that the database sends
// without sorting or joining anything (each is one index scan): the leaves in leaf-index order
// and the entries in id order. The sequencer integrates entries in id order, so the next leaf's
// entry is almost always the next entry; an entry integrated later than entries after it (a
// straggler) is kept aside until its leaf comes. An entry that no leaf names is passed over
// (verifyDatabase reports those separately); a leaf whose entry is gone gets no canonical JSON,
// which the verifier reports.

export type LeafRow = { leafIndex: number; entryId: number; leafHash: string };
export type EntryRow = { id: number; canonical: string | null; payloadHash: string | null; content: string | null };

export async function* entriesInLeafOrder(
  leaves: AsyncIterable<readonly LeafRow[]>,
  entries: AsyncIterable<readonly EntryRow[]>,
): AsyncGenerator<LogEntryInput[]> {
  const source = entries[Symbol.asyncIterator]();
  const aside = new Map<number, EntryRow>();
  let batch: readonly EntryRow[] = [];
  let next = 0;
  let lastId = -Infinity; // the highest entry id taken from the stream so far
  let ended = false;

  /** The entry with this id, or null when it does not exist, or undefined when more of the stream is needed. */
  const take = (id: number): EntryRow | null | undefined => {
    const kept = aside.get(id);
    if (kept) {
      aside.delete(id);
      return kept;
    }
    if (id <= lastId) return null; // passed, and not kept aside: not there
    while (next < batch.length) {
      const row = batch[next++]!;
      lastId = row.id;
      if (row.id === id) return row;
      aside.set(row.id, row);
      if (row.id > id) return null;
    }
    return ended ? null : undefined;
  };

  for await (const leafBatch of leaves) {
    const out: LogEntryInput[] = new Array(leafBatch.length);
    for (let i = 0; i < leafBatch.length; i++) {
      const leaf = leafBatch[i]!;
      let entry = take(leaf.entryId);
      while (entry === undefined) {
        const more = await source.next();
        if (more.done) ended = true;
        else [batch, next] = [more.value, 0];
        entry = take(leaf.entryId);
      }
      out[i] = {
        leafIndex: leaf.leafIndex,
        leafHash: leaf.leafHash,
        canonical: entry?.canonical ?? "",
        payloadHash: entry?.payloadHash ?? "",
        content: entry?.content ?? null,
      };
    }
    yield out;
  }
  await source.return?.(undefined); // entries past the last leaf are not wanted: stop the stream
}
