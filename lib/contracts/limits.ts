// The sizes a request may have, in one place: enforced by the route wrapper on every JSON
// body (lib/http/read-body.ts) and by the agent API's schemas, and written into the
// OpenAPI document and the README from these same numbers.

export const INPUT_LIMITS = {
  /** A JSON body, in bytes (413 beyond). */
  bodyBytes: 64 * 1024,
  /** Nesting of objects and arrays in a JSON body (422 beyond). */
  depth: 16,
  /** Characters of any one string in a JSON body, keys included (422 beyond). */
  stringLength: 20_000,
  /** Items of any one array in a JSON body (422 beyond). */
  arrayLength: 1_000,
  /** Keys of any one object in a JSON body (422 beyond). */
  objectKeys: 500,
  /** An action's `params`, serialised as JSON, in bytes (422 beyond). */
  paramsBytes: 16 * 1024,
  /** An action's `context`, serialised as JSON, in bytes (422 beyond). */
  contextBytes: 32 * 1024,
} as const;

/** Where a parsed JSON value breaks the generic limits (depth, string, array, object sizes), or null. */
export function jsonLimitProblem(value: unknown, limits = INPUT_LIMITS): { path: string; message: string } | null {
  const stack: [unknown, string, number][] = [[value, "", 1]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    const at = path || "_";
    if (typeof v === "string") {
      if (v.length > limits.stringLength) return { path: at, message: `is longer than ${limits.stringLength} characters` };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth > limits.depth) return { path: at, message: `nests deeper than ${limits.depth} levels` };
    if (Array.isArray(v)) {
      if (v.length > limits.arrayLength) return { path: at, message: `has more than ${limits.arrayLength} items` };
      v.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i), depth + 1]));
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.objectKeys) return { path: at, message: `has more than ${limits.objectKeys} keys` };
    for (const key of keys) {
      if (key.length > limits.stringLength) return { path: at, message: `has a key longer than ${limits.stringLength} characters` };
      stack.push([(v as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1]);
    }
  }
  return null;
}

/** The size of a value as JSON, in bytes. */
export const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? "").length;

/** The limits in words, for the OpenAPI document and error messages. */
export const LIMITS_TEXT =
  `Bodies are JSON of at most ${INPUT_LIMITS.bodyBytes / 1024} KiB (413 beyond), nested at most ${INPUT_LIMITS.depth} levels, ` +
  `with strings of at most ${INPUT_LIMITS.stringLength} characters, arrays of at most ${INPUT_LIMITS.arrayLength} items and objects ` +
  `of at most ${INPUT_LIMITS.objectKeys} keys (422 beyond); an action's params at most ${INPUT_LIMITS.paramsBytes / 1024} KiB and its ` +
  `context at most ${INPUT_LIMITS.contextBytes / 1024} KiB as JSON (422 beyond).`;
