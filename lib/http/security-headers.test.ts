import { describe, expect, it } from "vitest";
import { malformedSegment, newNonce, pageCsp, securityHeaders, servedOverHttps } from "./security-headers";

describe("malformed paths", () => {
  it.each([
    "/audit/%ED%A0%80",
    "/actions/%ED%A0%80",
    "/inbox/%ED%A0%80",
    "/api/keys/%ED%A0%80",
    "/api/v1/actions/%ED%A0%80/result",
    "/audit/%E0%A4%A",
    "/x/%",
  ])("finds the segment of %s that does not decode", (path) => {
    expect(malformedSegment(path)).not.toBeNull();
  });

  it.each(["/audit/42", "/actions/caf%C3%A9", "/api/v1/actions", "/a%20b/%2F"])("passes %s", (path) => {
    expect(malformedSegment(path)).toBeNull();
  });
});

describe("security headers", () => {
  it("gives pages a script policy of this response's nonce only, and forbids framing", () => {
    const nonce = newNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(nonce);
    const csp = pageCsp(nonce, { https: false, dev: false });
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp(nonce, { https: true, dev: false })).toContain("upgrade-insecure-requests");
  });

  it("sends HSTS only over https", () => {
    const names = (https: boolean) => new Map(securityHeaders("default-src 'none'", https));
    expect(names(false).has("Strict-Transport-Security")).toBe(false);
    expect(names(true).get("Strict-Transport-Security")).toMatch(/max-age=31536000/);
    expect(names(false).get("X-Frame-Options")).toBe("DENY");
    expect(names(false).get("X-Content-Type-Options")).toBe("nosniff");
    expect(names(false).get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  it("tells https from X-Forwarded-Proto first, then the URL, then NEXTAUTH_URL", () => {
    expect(servedOverHttps("http:", "https", undefined)).toBe(true);
    expect(servedOverHttps("http:", "http", "https://gatehouse.example")).toBe(false);
    expect(servedOverHttps("https:", null, undefined)).toBe(true);
    expect(servedOverHttps("http:", null, "https://gatehouse.example")).toBe(true);
    expect(servedOverHttps("http:", null, "http://127.0.0.1:3000")).toBe(false);
  });
});
