import { parseAllDocuments } from "yaml";
import type { PolicyFile } from "./types";

// What a change does, in the words of the policy: "rule small-refunds: when changed from
// `params.amount <= 100` to `params.amount <= 50`". Rules and limits are matched by
// policy name and id across the two sets, wherever their files are.

export type PolicyChange = {
  policy: string;
  kind: "policy" | "rule" | "limit";
  id: string;
  change: "added" | "removed" | "changed";
  text: string;
};

type Item = Record<string, unknown>;
type Policies = Map<string, { rules: Map<string, Item>; limits: Map<string, Item> }>;

const byId = (list: unknown) =>
  new Map(
    (Array.isArray(list) ? list : [])
      .filter((x): x is Item => typeof x === "object" && x !== null && typeof (x as Item).id === "string")
      .map((x) => [x.id as string, x]),
  );

/** The policies of a set as far as they parse; a broken document is skipped (validation reports it). */
function policiesOf(files: readonly PolicyFile[]): Policies {
  const out: Policies = new Map();
  for (const file of files) {
    for (const doc of parseAllDocuments(file.content)) {
      if (doc.errors.length) continue;
      const data = doc.toJS() as { metadata?: { name?: unknown }; spec?: { rules?: unknown; limits?: unknown } } | null;
      const name = data?.metadata?.name;
      if (typeof name !== "string" || out.has(name)) continue;
      out.set(name, { rules: byId(data?.spec?.rules), limits: byId(data?.spec?.limits) });
    }
  }
  return out;
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function fieldChanges(a: Item, b: Item): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== "id");
  return keys.flatMap((k) => {
    if (JSON.stringify(a[k]) === JSON.stringify(b[k])) return [];
    if (a[k] === undefined) return [`${k} \`${show(b[k])}\` added`];
    if (b[k] === undefined) return [`${k} \`${show(a[k])}\` removed`];
    return [`${k} changed from \`${show(a[k])}\` to \`${show(b[k])}\``];
  });
}

function describeNew(kind: "rule" | "limit", item: Item): string {
  if (kind === "rule")
    return `${show(item.effect)} ${show((item.match as Item | undefined)?.actions ?? [])}${item.when ? ` when \`${show(item.when)}\`` : ""}`;
  return `${show(item.type)} limit`;
}

function compareItems(policy: string, kind: "rule" | "limit", before: Map<string, Item>, after: Map<string, Item>): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const [id, a] of before) {
    const b = after.get(id);
    if (!b) out.push({ policy, kind, id, change: "removed", text: `${kind} ${id} removed` });
    else {
      const fields = fieldChanges(a, b);
      if (fields.length) out.push({ policy, kind, id, change: "changed", text: `${kind} ${id}: ${fields.join("; ")}` });
    }
  }
  for (const [id, b] of after)
    if (!before.has(id)) out.push({ policy, kind, id, change: "added", text: `${kind} ${id} added: ${describeNew(kind, b)}` });
  return out;
}

export function summarizeChanges(before: readonly PolicyFile[], after: readonly PolicyFile[]): PolicyChange[] {
  const a = policiesOf(before);
  const b = policiesOf(after);
  const out: PolicyChange[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const old = a.get(name);
    const next = b.get(name);
    if (!old) out.push({ policy: name, kind: "policy", id: name, change: "added", text: `policy ${name} added` });
    else if (!next) out.push({ policy: name, kind: "policy", id: name, change: "removed", text: `policy ${name} removed` });
    else out.push(...compareItems(name, "rule", old.rules, next.rules), ...compareItems(name, "limit", old.limits, next.limits));
  }
  return out;
}
