import { timingSafeEqual } from "node:crypto";

// Who may read /api/metrics: with GATEHOUSE_METRICS_TOKEN, whoever sends it as a bearer
// token; without one, only a client on this machine (loopback).

/**
 * The header carrying the client's socket address. The server sets it on every request
 * (instrumentation.ts, before Next.js sees the request), replacing any the client sent;
 * X-Forwarded-For cannot serve, because Next.js keeps a value the client supplies.
 */
export const PEER_HEADER = "x-gatehouse-peer-address";

export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

const bearer = (authorization: string | null) => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];

function sameSecret(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type MetricsAccess = { ok: true } | { ok: false; message: string };

export function metricsAccess(headers: Headers, token: string | undefined): MetricsAccess {
  if (token) {
    const given = bearer(headers.get("authorization"));
    return given && sameSecret(given, token)
      ? { ok: true }
      : { ok: false, message: "Send the metrics token: Authorization: Bearer $GATEHOUSE_METRICS_TOKEN" };
  }
  return isLoopback(headers.get(PEER_HEADER))
    ? { ok: true }
    : {
        ok: false,
        message: "Metrics are served only to this machine (loopback) unless GATEHOUSE_METRICS_TOKEN is set; then send it as a bearer token",
      };
}
