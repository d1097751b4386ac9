import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// API keys look like `gatehouse_3f9a1c2b_<43 url-safe chars>`. The fixed `gatehouse_`
// lets secret scanners and log filters recognise a leaked key; the 8 hex characters
// after it are the public prefix used to find the key; only a SHA-256 of the whole
// key is stored (the secret has 256 bits of entropy, so a slow hash adds nothing).

export const KEY_PREFIX = "gatehouse_";
const KEY_PATTERN = /^gatehouse_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export type GeneratedKey = { key: string; prefix: string; hash: string };

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(4).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const key = `${KEY_PREFIX}${id}_${secret}`;
  return { key, prefix: `${KEY_PREFIX}${id}`, hash: hashApiKey(key) };
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** The public prefix of a well-formed key, or undefined for anything else. */
export function keyPrefixOf(key: string): string | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? `${KEY_PREFIX}${match[1]}` : undefined;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatchesHash(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
