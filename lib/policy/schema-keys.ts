import { EffectSchema, PolicySchema } from "./schema";

// Every key the policy format knows and its effects, read off the schema itself, for the
// studio's completion (so completion never drifts from what validation accepts).

type Def = { type: string; shape?: Record<string, { _zod: { def: Def } }>; [k: string]: unknown };
type Node = { _zod: { def: Def } };

function walk(node: Node, keys: Set<string>, seen: Set<Node>) {
  if (seen.has(node)) return;
  seen.add(node);
  const def = node._zod.def;
  const next = (n: unknown) => n && walk(n as Node, keys, seen);
  if (def.type === "object") {
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      keys.add(key);
      next(child);
    }
  }
  if (def.type === "union") for (const option of def.options as Node[]) next(option);
  for (const field of ["element", "innerType", "in", "out", "valueType"]) next(def[field]);
}

export function policySchemaKeys(): { keys: string[]; effects: string[] } {
  const keys = new Set<string>();
  walk(PolicySchema as unknown as Node, keys, new Set());
  return { keys: [...keys].sort(), effects: [...EffectSchema.options] };
}
