import type { z } from "zod";
import { compileCondition, type Condition } from "./cel";
import { errorAt, locate, scalarAt, sourceOffset, type SourceDoc } from "./parse";
import { API_VERSION, KIND } from "./schema";
import type { PolicyError } from "./types";

// Checks on a raw (not yet schema-validated) document, so that one run reports every
// error: the header, zod issues placed at their nodes, CEL conditions, duplicate ids.

export function checkHead(sd: SourceDoc, errors: PolicyError[]): boolean {
  const data = sd.data as Record<string, unknown> | null;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    errors.push(errorAt(sd, locate(sd, []), [], "expected a map with apiVersion, kind, metadata and spec"));
    return false;
  }
  let ok = true;
  for (const [key, want] of [
    ["apiVersion", API_VERSION],
    ["kind", KIND],
  ] as const) {
    if (data[key] === want) continue;
    const got = data[key] === undefined ? "missing" : `unsupported ${key} ${JSON.stringify(data[key])}`;
    errors.push(errorAt(sd, locate(sd, [key]), [key], `${got}; expected ${JSON.stringify(want)}`));
    ok = false;
  }
  return ok;
}

export function issueErrors(sd: SourceDoc, issues: z.core.$ZodIssue[]): PolicyError[] {
  return issues.flatMap((iss) => {
    if (iss.code === "unrecognized_keys") {
      return iss.keys.map((key) => {
        const path = [...iss.path, key];
        return errorAt(sd, locate(sd, path, { key: true }), path, iss.message.replace("unknown key", `unknown key "${key}"`));
      });
    }
    return [errorAt(sd, locate(sd, iss.path), iss.path, iss.message)];
  });
}

/** Every rule's `when`, compiled once; errors point into the expression. */
export function compileConditions(sd: SourceDoc, errors: PolicyError[]): Map<number, Condition> {
  const out = new Map<number, Condition>();
  const rules = (sd.data as { spec?: { rules?: unknown } }).spec?.rules;
  if (!Array.isArray(rules)) return out;
  rules.forEach((rule: unknown, i) => {
    const when = (rule as { when?: unknown } | null)?.when;
    if (typeof when !== "string" || when.length === 0) return;
    const path = ["spec", "rules", i, "when"];
    const result = compileCondition(when);
    if (result.ok) {
      out.set(i, result.condition);
      return;
    }
    const scalar = scalarAt(sd, path);
    const offset = scalar
      ? (sourceOffset(sd.source, scalar.start, scalar.end, when, result.error.offset) ?? scalar.start)
      : locate(sd, path);
    errors.push(errorAt(sd, offset, path, `CEL ${result.error.kind} error at col ${result.error.offset + 1}: ${result.error.message}`));
  });
  return out;
}

/** Rule and limit ids share one namespace per policy; test names are unique per policy. */
export function checkDuplicateIds(sd: SourceDoc, errors: PolicyError[]) {
  const spec = (sd.data as { spec?: Record<string, unknown> }).spec ?? {};
  const ids = new Set<string>();
  const tests = new Set<string>();
  for (const [list, key, seen] of [
    ["rules", "id", ids],
    ["limits", "id", ids],
    ["tests", "name", tests],
  ] as const) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const value = (item as Record<string, unknown> | null)?.[key];
      if (typeof value !== "string") return;
      const path = ["spec", list, i, key];
      if (seen.has(value))
        errors.push(
          errorAt(
            sd,
            locate(sd, path),
            path,
            key === "id" ? `duplicate id "${value}" (rule and limit ids must be unique in a policy)` : `duplicate test name "${value}"`,
          ),
        );
      seen.add(value);
    });
  }
}
