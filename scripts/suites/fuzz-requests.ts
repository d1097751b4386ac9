// The fuzz suite's requests, as fast-check arbitraries: a target found on the file system
// (a route and method, a page, a server action), a caller of the authorization matrix, and
// malformed path segments, query strings, headers, encodings, sizes and JSON depth.
import fc from "fast-check";
import { z } from "zod";
import { CALLERS, type Caller } from "../../lib/testing/authorization-matrix";
import type { BuiltAction } from "./live";

/** What a request is aimed at; `weight`: how often, relative to the others (a JSON 405 needs fewer tries than an endpoint). */
export type Target = { weight: number } & (
  | { kind: "route"; method: string; urlPath: string; queryKeys: string[]; bodyKeys: string[] }
  | { kind: "page"; urlPath: string; queryKeys: string[] }
  | { kind: "action"; action: BuiltAction }
);

export type FuzzRequest = {
  target: Target;
  caller: Caller;
  method: string;
  /** Path and query string, as sent (possibly not valid percent-encoding). */
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
};

/** The top-level keys of a zod object schema: the names worth mangling. */
export const keysOf = (schema: unknown): string[] => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);

/** Percent-encodings that decode to nothing valid: lone surrogates, overlong forms, truncated and stray escapes. */
const BROKEN_ENCODINGS = ["%ED%A0%80", "%C0%AF", "%FF", "%E0%A4%A", "%", "%%", "%zz", "%00", "%2F", "%2e%2e", "%F4%90%80%80", "%C3"];

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", "null", "undefined", "true", "[]", "{}", "NaN", "-1", "0", "1e309", "9".repeat(40), "__proto__", "constructor"),
  fc.constantFrom("2026-13-45T10:00:00.000Z_00000000-0000-4000-8000-000000000000", "2026-02-30T25:61:00Z", "0000-00-00", "x_y"),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => "a".repeat(n)),
);

/** One URL component: well-encoded odd text, or raw broken percent-encodings. */
const component = fc.oneof(
  { weight: 3, arbitrary: oddText.map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...BROKEN_ENCODINGS), fc.string({ maxLength: 8 })).map(([a, b]) => a + encodeURIComponent(b)),
  },
);

const segment = (known: string[]) => fc.oneof(fc.constantFrom(...known), fc.uuid().map(String), fc.nat().map(String), component);

const queryString = (keys: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys, "cursor", "limit", "wait", "q"), component), component), { maxLength: 6 })
    .map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${v}`).join("&") : ""));

const jsonDepth = fc
  .integer({ min: 20, max: 30_000 })
  .chain((depth) => fc.constantFrom("[".repeat(depth) + "]".repeat(depth), '{"a":'.repeat(depth) + "1" + "}".repeat(depth)));

const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A body: malformed text, any JSON, the schema's keys with wrong values, deep, large or not UTF-8 at all. */
const body = (keys: string[]): fc.Arbitrary<Uint8Array | string> =>
  fc.oneof(
    fc.constant(""),
    fc.string({ maxLength: 60 }),
    anyJson.map((v) => JSON.stringify(v)),
    fc.dictionary(keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 8 }), anyJson).map((v) => JSON.stringify(v)),
    jsonDepth,
    fc.integer({ min: 10_000, max: 2_000_000 }).map((n) => JSON.stringify({ params: { blob: "x".repeat(n) } })),
    fc.uint8Array({ minLength: 1, maxLength: 300 }),
    fc.constant(Uint8Array.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])), // {"<lone surrogate>":1}
  );

const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-16",
  "application/merge-patch+json",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
  "multipart/form-data",
  "",
  "application/json; charset=\u00e9",
);

/** Header values are bytes (Latin-1) with no line breaks; anything else is not sendable. */
const headerValue = oddText.map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, "").slice(0, 8_000));

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    "accept",
    "accept-encoding",
    "content-encoding",
    "authorization",
    "cookie",
    "x-forwarded-for",
    "x-forwarded-host",
    "idempotency-key",
    "rsc",
    "next-router-state-tree",
    "next-url",
    "range",
    "if-none-match",
    "origin",
  ),
  fc.oneof(
    headerValue,
    fc.constantFrom("gzip", "br", "Bearer ", "Bearer gatehouse_00000000_" + "A".repeat(43), "Basic Zm9vOmJhcg==", "1", "%ED%A0%80"),
    fc.constantFrom("next-auth.session-token=garbage", "next-auth.session-token=" + "e".repeat(4000), "bytes=0-1,5-3"),
  ),
  { maxKeys: 3 },
);

const fill = (urlPath: string, values: string[]) => {
  let i = 0;
  return urlPath.replace(/\{[^}]+\}/g, () => values[i++] ?? "x");
};

export function fuzzRequests(targets: Target[], knownIds: string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      target: fc.oneof(...targets.map((target) => ({ weight: target.weight, arbitrary: fc.constant(target) }))),
      caller: fc.constantFrom(...CALLERS),
      segments: fc.array(segment(knownIds), { minLength: 3, maxLength: 3 }),
      headers: extraHeaders,
      contentType,
    })
    .chain(({ target, caller, segments, headers, contentType }): fc.Arbitrary<FuzzRequest> => {
      const withType = (extra: Record<string, string>) => (contentType ? { "content-type": contentType, ...extra } : extra);
      if (target.kind === "action") {
        const args = fc.oneof(
          body([]),
          fc.array(anyJson, { maxLength: 3 }).map((a) => JSON.stringify(a)),
          fc.constant('["$K1"]'), // a reference to form data that is not there
        );
        const id = fc.oneof({ weight: 4, arbitrary: fc.constant(target.action.id) }, { weight: 1, arbitrary: headerValue });
        return fc.tuple(args, id).map(([b, actionId]) => ({
          target,
          caller,
          method: "POST",
          url: target.action.page,
          headers: withType({ ...headers, "next-action": actionId }),
          body: b,
        }));
      }
      const query = queryString(target.queryKeys);
      const path = fill(target.urlPath, segments);
      if (target.kind === "page") return query.map((q) => ({ target, caller, method: "GET", url: path + q, headers }));
      const sendsBody = target.method !== "GET" && target.method !== "DELETE";
      return fc
        .tuple(query, sendsBody ? body(target.bodyKeys).map((b) => b as FuzzRequest["body"]) : fc.constant(undefined))
        .map(([q, b]) => ({
          target,
          caller,
          method: target.method,
          url: path + q,
          headers: sendsBody ? withType(headers) : headers,
          body: b,
        }));
    });
}
