import { createHmac } from "node:crypto";

// Redaction of configured payload fields before an audit entry is hashed. A redacted
// value is replaced by an HMAC-SHA256 of it under a secret salt: the clear value never
// enters the tamper-evident log (which cannot be edited later, not even to erase PII),
// yet two entries with the same value still carry the same token, so "did the agent
// use this card twice?" stays answerable by whoever holds the salt. The trade-off: a
// redacted value cannot be read back from the audit trail, and anyone with the salt
// can test a guessed value against a token.

export type Redaction = { paths: string[][]; salt: string };

export const parseRedactPaths = (spec: string | undefined) =>
  (spec ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split("."));

export const redactionToken = (value: unknown, salt: string) =>
  `redacted:hmac-sha256:${createHmac("sha256", salt).update(JSON.stringify(value)).digest("hex")}`;

/** A copy of `data` with each configured path (e.g. params.email) replaced by its token. */
export function redact<T>(data: T, redaction: Redaction | undefined): T {
  if (!redaction?.paths.length || data === null || typeof data !== "object") return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const path of redaction.paths) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
    const last = path.at(-1)!;
    if (node && typeof node === "object" && last in node) {
      const holder = node as Record<string, unknown>;
      holder[last] = redactionToken(holder[last], redaction.salt);
    }
  }
  return copy as T;
}
