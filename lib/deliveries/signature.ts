import { createHmac, timingSafeEqual } from "node:crypto";

// Signed webhooks in the Stripe/Slack manner: the signature covers the timestamp and the
// exact body bytes ("<t>.<body>"), so a receiver can refuse both a forged body and a
// replay of an old one. Receivers verify with the agent's webhook secret.

export const SIGNATURE_HEADER = "Gatehouse-Signature";
export const EVENT_HEADER = "Gatehouse-Event";
/** The delivery id: the same on every retry of one message, so receivers can de-duplicate. */
export const DELIVERY_HEADER = "Gatehouse-Delivery";
export const TIMESTAMP_HEADER = "Gatehouse-Timestamp";

const hmacHex = (secret: string, body: string | Buffer, timestampSeconds: number) =>
  createHmac("sha256", secret).update(`${timestampSeconds}.`).update(body).digest("hex");

/** The Gatehouse-Signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signPayload(secret: string, body: string | Buffer, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new RangeError("timestampSeconds must be whole seconds since the epoch");
  return `t=${timestampSeconds},v1=${hmacHex(secret, body, timestampSeconds)}`;
}

export type VerifyOptions = {
  /** How far the signed timestamp may be from `now`, either way. */
  toleranceSeconds?: number;
  now?: Date;
};

/**
 * Whether `header` is a valid signature of `body` (the raw bytes as received) with
 * `secret`, made within the tolerance of `now`. Several v1 values are accepted (any may
 * match), so a sender can sign with an old and a new secret while it is rotated.
 */
export function verifySignature(
  secret: string,
  body: string | Buffer,
  header: string | null | undefined,
  { toleranceSeconds = 300, now = new Date() }: VerifyOptions = {},
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const [key, value = ""] = part.trim().split("=", 2);
    if (key === "t" && /^\d{1,15}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, body, timestamp), "hex");
  // Compare with every candidate (no early exit), each in constant time.
  return candidates.reduce((ok, candidate) => timingSafeEqual(expected, Buffer.from(candidate, "hex")) || ok, false);
}
