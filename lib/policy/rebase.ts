import { applyPatch, structuredPatch } from "diff";
import type { PolicyFile } from "./types";

// A draft made on version N while version M became active: re-apply the draft's own
// changes (its diff against N) onto M, file by file, with jsdiff's patches. A file both
// sides changed in the same lines cannot be re-applied and is left to a manual merge.

export type Reapplied = { ok: true; files: PolicyFile[] } | { ok: false; conflicts: string[] };

export function reapplyDraft(base: readonly PolicyFile[], draft: readonly PolicyFile[], upstream: readonly PolicyFile[]): Reapplied {
  const baseOf = new Map(base.map((f) => [f.path, f.content]));
  const draftOf = new Map(draft.map((f) => [f.path, f.content]));
  const result = new Map(upstream.map((f) => [f.path, f.content]));
  const conflicts: string[] = [];
  for (const path of new Set([...baseOf.keys(), ...draftOf.keys()])) {
    const was = baseOf.get(path);
    const now = draftOf.get(path);
    if (was === now) continue; // the draft did not touch it: upstream's version stands
    const theirs = result.get(path);
    if (now === undefined) {
      // The draft deleted it: fine unless upstream changed it meanwhile.
      if (theirs === undefined || theirs === was) result.delete(path);
      else conflicts.push(`${path}: deleted in the draft but changed upstream`);
    } else if (was === undefined) {
      if (theirs === undefined || theirs === now) result.set(path, now);
      else conflicts.push(`${path}: added in the draft and, differently, upstream`);
    } else if (theirs === undefined) {
      conflicts.push(`${path}: changed in the draft but deleted upstream`);
    } else {
      // One line of context: edits next to each other conflict (as in git); edits further apart re-apply.
      const patched = applyPatch(theirs, structuredPatch(path, path, was, now, undefined, undefined, { context: 1 }));
      if (patched === false) conflicts.push(`${path}: the draft and upstream changed the same lines`);
      else result.set(path, patched);
    }
  }
  if (conflicts.length) return { ok: false, conflicts };
  return { ok: true, files: [...result].map(([path, content]) => ({ path, content })).sort((x, y) => x.path.localeCompare(y.path)) };
}
