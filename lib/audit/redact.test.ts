import { describe, expect, it } from "vitest";
import { parseRedactPaths, redact, redactionToken } from "./redact";

const redaction = { paths: parseRedactPaths("params.email, params.card.number,context.ssn"), salt: "s3cret" };

describe("redact", () => {
  it("replaces configured fields by a salted token and leaves the rest alone", () => {
    const data = {
      params: { email: "ana@example.com", amount: 10, card: { number: "4111111111111111", brand: "visa" } },
      context: { note: "x" },
    };
    const out = redact(data, redaction);
    expect(out.params.email).toBe(redactionToken("ana@example.com", "s3cret"));
    expect(out.params.card.number).toMatch(/^redacted:hmac-sha256:[0-9a-f]{64}$/);
    expect(out.params.card.brand).toBe("visa");
    expect(out.params.amount).toBe(10);
    expect(out.context).toEqual({ note: "x" });
    expect(data.params.email).toBe("ana@example.com"); // the input is not modified
  });

  it("keeps equal values equal and different salts different", () => {
    expect(redactionToken("a@b.c", "s")).toBe(redactionToken("a@b.c", "s"));
    expect(redactionToken("a@b.c", "s")).not.toBe(redactionToken("a@b.c", "t"));
    expect(redactionToken("a@b.c", "s")).not.toBe(redactionToken("x@b.c", "s"));
  });

  it("does nothing without configuration", () => {
    const data = { params: { email: "a" } };
    expect(redact(data, undefined)).toBe(data);
    expect(parseRedactPaths("")).toEqual([]);
  });
});
