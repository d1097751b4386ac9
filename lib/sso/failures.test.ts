import { describe, expect, it } from "vitest";
import { classifyProviderError, providerErrorResponse } from "./failures";

describe("classifying a provider failure", () => {
  it("calls network errors, timeouts and 5xx answers unreachable", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3316"), { code: "ECONNREFUSED" });
    expect(classifyProviderError("start", refused)).toEqual({
      reason: "provider_unreachable",
      detail: "connect ECONNREFUSED 127.0.0.1:3316",
    });
    expect(classifyProviderError("callback", new Error("outgoing request timed out after 3500ms")).reason).toBe("provider_unreachable");
    expect(classifyProviderError("start", new Error("expected 200 OK, got: 503 Service Unavailable")).reason).toBe("provider_unreachable");
  });

  it("calls other start failures a configuration problem and other callback failures a failed exchange", () => {
    expect(classifyProviderError("start", new Error("expected 200 OK, got: 404 Not Found")).reason).toBe("provider_misconfigured");
    expect(classifyProviderError("callback", new Error("invalid_grant (grant request is invalid)"))).toEqual({
      reason: "token_exchange_failed",
      detail: "invalid_grant (grant request is invalid)",
    });
    expect(classifyProviderError("callback", "weird").detail).toBe("weird");
  });

  it("keeps the detail to one bounded line", () => {
    expect(classifyProviderError("callback", new Error(`bad\n${"x".repeat(1000)}`)).detail).toHaveLength(300);
  });

  it("reads the provider's error response: a cancelled consent is access_denied", () => {
    expect(providerErrorResponse("access_denied", "End-User aborted interaction")).toEqual({
      reason: "access_denied",
      detail: "access_denied: End-User aborted interaction",
    });
    expect(providerErrorResponse("login_required", undefined)).toEqual({ reason: "provider_error", detail: "login_required" });
  });
});
