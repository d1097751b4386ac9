import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, keyMatchesHash, keyPrefixOf } from "./api-key-format";

describe("API key format", () => {
  it("generates a recognisable key whose prefix and hash belong to it", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^gatehouse_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(keyPrefixOf(key)).toBe(prefix);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(19));
  });

  it("never generates the same key twice", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it.each([
    ["empty", ""],
    ["another vendor's token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["truncated secret", `gatehouse_0123abcd_${"a".repeat(42)}`],
    ["upper-case prefix", `gatehouse_0123ABCD_${"a".repeat(43)}`],
    ["trailing junk", `gatehouse_0123abcd_${"a".repeat(43)}x`],
  ])("rejects a malformed key (%s)", (_label, key) => {
    expect(keyPrefixOf(key)).toBeUndefined();
  });

  it("matches only the exact key, in constant time", () => {
    const { key, hash } = generateApiKey();
    expect(keyMatchesHash(key, hash)).toBe(true);
    const last = key.at(-1) === "A" ? "B" : "A";
    expect(keyMatchesHash(key.slice(0, -1) + last, hash)).toBe(false);
    expect(keyMatchesHash(key, "deadbeef")).toBe(false);
  });
});
