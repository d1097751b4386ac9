import { diffLines } from "diff";
import type { PolicyFile } from "./types";

// Per file, side by side: which files were added, removed or changed, and for a changed
// file the rows of a two-column view (left: before, right: after), from jsdiff's line diff.

export type DiffSide = { line: number; text: string };
export type DiffRow = { kind: "same" | "removed" | "added" | "changed"; left: DiffSide | null; right: DiffSide | null };
export type FileDiff = {
  path: string;
  status: "added" | "removed" | "changed" | "unchanged";
  added: number;
  removed: number;
  rows: DiffRow[];
};

const splitLines = (text: string) => {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
};

/** Rows pairing removed lines with the added lines that replace them. */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const lines = splitLines(part.value);
    if (!part.added && !part.removed) {
      for (const text of lines) rows.push({ kind: "same", left: { line: left++, text }, right: { line: right++, text } });
      continue;
    }
    if (part.removed && parts[i + 1]?.added) {
      const added = splitLines(parts[++i]!.value);
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        const l = lines[k];
        const r = added[k];
        rows.push({
          kind: l !== undefined && r !== undefined ? "changed" : l !== undefined ? "removed" : "added",
          left: l !== undefined ? { line: left++, text: l } : null,
          right: r !== undefined ? { line: right++, text: r } : null,
        });
      }
      continue;
    }
    for (const text of lines) {
      rows.push(
        part.added
          ? { kind: "added", left: null, right: { line: right++, text } }
          : { kind: "removed", left: { line: left++, text }, right: null },
      );
    }
  }
  return rows;
}

/** Every file of either set, by path; unchanged files carry no rows. */
export function diffFiles(before: readonly PolicyFile[], after: readonly PolicyFile[]): FileDiff[] {
  const old = new Map(before.map((f) => [f.path, f.content]));
  const next = new Map(after.map((f) => [f.path, f.content]));
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  return paths.map((path) => {
    const a = old.get(path);
    const b = next.get(path);
    if (a === b) return { path, status: "unchanged", added: 0, removed: 0, rows: [] };
    const rows = sideBySide(a ?? "", b ?? "");
    const count = (side: "left" | "right", kinds: DiffRow["kind"][]) => rows.filter((r) => kinds.includes(r.kind) && r[side]).length;
    return {
      path,
      status: a === undefined ? "added" : b === undefined ? "removed" : "changed",
      added: count("right", ["added", "changed"]),
      removed: count("left", ["removed", "changed"]),
      rows,
    };
  });
}
