import { describe, expect, it } from "vitest";
import { isLoopback, metricsAccess, PEER_HEADER } from "./access";

const headers = (h: Record<string, string>) => new Headers(h);

describe("metricsAccess", () => {
  it("with a token: the bearer token and nothing else, from anywhere", () => {
    const token = "a-metrics-token-of-32-characters";
    expect(metricsAccess(headers({ authorization: `Bearer ${token}` }), token)).toEqual({ ok: true });
    expect(metricsAccess(headers({ authorization: `Bearer ${token}x` }), token).ok).toBe(false);
    expect(metricsAccess(headers({ [PEER_HEADER]: "127.0.0.1" }), token).ok).toBe(false);
  });
  it("without a token: loopback clients only", () => {
    expect(metricsAccess(headers({ [PEER_HEADER]: "127.0.0.1" }), undefined)).toEqual({ ok: true });
    expect(metricsAccess(headers({ [PEER_HEADER]: "::ffff:127.0.0.1" }), undefined)).toEqual({ ok: true });
    expect(metricsAccess(headers({ [PEER_HEADER]: "10.0.0.7" }), undefined).ok).toBe(false);
    expect(metricsAccess(headers({ "x-forwarded-for": "127.0.0.1" }), undefined).ok).toBe(false);
  });
});

it("knows loopback addresses", () => {
  expect(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"].every(isLoopback)).toBe(true);
  expect(["", "10.0.0.1", "::2", "128.0.0.1", "1127.0.0.1"].some(isLoopback)).toBe(false);
});
