import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "./signature";

const secret = "whsec_test_0123456789abcdef";
const body = JSON.stringify({ id: "a1", status: "allowed" });
const t = 1_700_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe("signPayload", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of 't.body'>, checkable with any HMAC library", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("signs bytes and strings alike", () => {
    expect(signPayload(secret, Buffer.from(body), t)).toBe(signPayload(secret, body, t));
  });

  it("refuses a timestamp that is not whole seconds", () => {
    expect(() => signPayload(secret, body, 1.5)).toThrow(RangeError);
  });
});

describe("verifySignature", () => {
  const header = signPayload(secret, body, t);

  it("accepts its own signature within the tolerance, either side of now", () => {
    expect(verifySignature(secret, body, header, { now: at(t) })).toBe(true);
    expect(verifySignature(secret, body, header, { now: at(t + 300) })).toBe(true);
    expect(verifySignature(secret, body, header, { now: at(t - 300) })).toBe(true);
  });

  it("refuses a stale or far-future timestamp", () => {
    expect(verifySignature(secret, body, header, { now: at(t + 301) })).toBe(false);
    expect(verifySignature(secret, body, header, { now: at(t - 301) })).toBe(false);
    expect(verifySignature(secret, body, header, { now: at(t + 3600), toleranceSeconds: 3600 })).toBe(true);
  });

  it("refuses a changed body, another secret, or a moved timestamp", () => {
    expect(verifySignature(secret, body.replace("allowed", "denied"), header, { now: at(t) })).toBe(false);
    expect(verifySignature(`${secret}x`, body, header, { now: at(t) })).toBe(false);
    expect(verifySignature(secret, body, header.replace(`t=${t}`, `t=${t + 1}`), { now: at(t) })).toBe(false);
  });

  it("refuses malformed headers", () => {
    for (const bad of [undefined, null, "", "garbage", `t=${t}`, header.split(",")[1], `t=abc,${header.split(",")[1]}`, `t=${t},v1=zz`]) {
      expect(verifySignature(secret, body, bad, { now: at(t) })).toBe(false);
    }
  });

  it("accepts any matching v1 (secret rotation) and ignores unknown schemes", () => {
    const other = signPayload("old-secret", body, t).split(",")[1];
    expect(verifySignature(secret, body, `t=${t},${other},${header.split(",")[1]},v0=abc`, { now: at(t) })).toBe(true);
    expect(verifySignature(secret, body, `t=${t},${other}`, { now: at(t) })).toBe(false);
  });
});
