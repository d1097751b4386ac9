import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import type { PolicyError, PolicyFile } from "./types";

// YAML → documents that remember where every node came from, so that any later error
// (schema, glob, CEL, duplicate) can point at the exact file:line:col.

export type Segment = string | number;

export type SourceDoc = {
  file: string;
  source: string;
  /** 0-based document index in the file. */
  index: number;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
};

export function parseFile(file: PolicyFile): { docs: SourceDoc[]; errors: PolicyError[] } {
  const lines = new LineCounter();
  const errors: PolicyError[] = [];
  const docs: SourceDoc[] = [];
  const parsed = parseAllDocuments(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const { line, col } = lines.linePos(e.pos[0]);
        errors.push({ file: file.path, line, column: col, path: "", message: `YAML error: ${firstLine(e.message)}` });
      }
      return;
    }
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // empty document
    docs.push({ file: file.path, source: file.content, index, doc, lines, data: doc.toJS({ maxAliasCount: 100 }) });
  });
  return { docs, errors };
}

const firstLine = (s: string) => s.split("\n")[0] ?? s;

/** `spec.rules[2].when` */
export function pathString(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function resolve(sd: SourceDoc, node: unknown): unknown {
  return isAlias(node) ? node.resolve(sd.doc) : node;
}

/**
 * The node at `path` (or the deepest existing ancestor), as a source offset. With
 * `key: true` the last segment's key is pointed at (for unknown keys).
 */
export function locate(sd: SourceDoc, path: readonly PropertyKey[], opts: { key?: boolean } = {}): number {
  let node = resolve(sd, sd.doc.contents) as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const key = pair.key as Node;
      if (last && opts.key) return key.range?.[0] ?? offset;
      node = resolve(sd, pair.value) as Node | null;
      offset = node?.range?.[0] ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === "number") {
      node = resolve(sd, node.items[seg]) as Node | null;
      if (!node) return offset;
      offset = node.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The scalar at `path` with its source range, for translating positions inside it. */
export function scalarAt(sd: SourceDoc, path: readonly PropertyKey[]): { start: number; end: number } | undefined {
  let node = resolve(sd, sd.doc.contents);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      node = resolve(sd, pair?.value);
    } else if (isSeq(node) && typeof seg === "number") node = resolve(sd, node.items[seg]);
    else return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export function errorAt(sd: SourceDoc, offset: number, path: readonly PropertyKey[], message: string): PolicyError {
  const { line, col } = sd.lines.linePos(offset);
  return { file: sd.file, line, column: col, path: pathString(path), message };
}

/**
 * Where character `index` of a scalar's value sits in the source. The value's characters
 * are walked in step with the source, skipping what YAML added (quotes, block headers,
 * indentation, line folds, escape backslashes). Undefined when they cannot be aligned.
 */
export function sourceOffset(source: string, start: number, end: number, value: string, index: number): number | undefined {
  let s = start;
  const first = source[s];
  if (first === '"' || first === "'") s++;
  else if (first === "|" || first === ">") {
    const nl = source.indexOf("\n", s);
    if (nl < 0 || nl >= end) return undefined;
    s = nl + 1;
  }
  const upto = Math.min(index, value.length);
  for (let i = 0; i < upto; i++) {
    const c = value[i];
    let skipped = 0;
    while (s < end && source[s] !== c) {
      const ws = source[s] === " " || source[s] === "\n" || source[s] === "\t" || source[s] === "\r";
      if (!ws && ++skipped > 1) return undefined;
      s++;
    }
    if (s >= end) return undefined;
    s++;
  }
  if (index >= value.length) return s;
  // Land on the target character itself (skip a fold or an escape before it).
  const target = value[index];
  let skipped = 0;
  while (s < end && source[s] !== target) {
    if (++skipped > 64) return undefined;
    s++;
  }
  return s < end ? s : undefined;
}
