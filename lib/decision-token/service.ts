import type { JWK } from "jose";
import { publishedKeys, signingKey } from "../signing-keys/service";
import { env, type Env } from "../env";
import { processSlot } from "../process-singleton";
import { loadDecisionKey, signDecisionToken, type AllowedAction, type DecisionSigningKey } from "./sign";

// Gatehouse's side of decision tokens: the key (from the key ring, lib/signing-keys),
// issuing, and the published keys.
// The key is not the audit checkpoint key: a signature over one kind of statement can
// never be passed off as the other.

const keySlot = processSlot<{ pem: string; key: Promise<DecisionSigningKey> }>("decision-key");

/**
 * The decision key of the key ring: GATEHOUSE_DECISION_SIGNING_KEY, else a key generated once
 * and kept in the database (`keys rotate decision` replaces it; every replica takes the new one
 * within a second). The first call may write to the database, so make it outside any
 * transaction (on the embedded database a query waits for an open transaction).
 */
export async function decisionSigningKey(): Promise<DecisionSigningKey> {
  const { pem } = await signingKey("decision");
  const cached = keySlot.get();
  if (cached?.pem === pem) return cached.key;
  const key = loadDecisionKey(pem);
  keySlot.set({ pem, key });
  return key;
}

/** `iss` of the tokens: the console's origin (NEXTAUTH_URL), else "gatehouse.local". */
const decisionTokenIssuer = (e: Env = env()) => (e.NEXTAUTH_URL ? new URL(e.NEXTAUTH_URL).origin : "gatehouse.local");

/**
 * A signed decision token (compact JWS, EdDSA) for an allowed action, valid for
 * GATEHOUSE_DECISION_TOKEN_TTL_SECONDS from `now`. Safe inside a transaction once
 * decisionSigningKey() has resolved in this process.
 */
export async function issueDecisionToken(action: AllowedAction, now: Date): Promise<string> {
  const e = env();
  return signDecisionToken(await decisionSigningKey(), action, {
    issuer: decisionTokenIssuer(e),
    now,
    ttlSeconds: e.GATEHOUSE_DECISION_TOKEN_TTL_SECONDS,
  });
}

/** The public keys that verify decision tokens (GET /api/v1/keys): the signing key first, then the retired ones. */
export async function decisionPublicJwks(): Promise<{ keys: JWK[] }> {
  const current = await decisionSigningKey();
  const earlier = (await publishedKeys("decision"))
    .map((k) => JSON.parse(k.publicKey) as JWK)
    .filter((k) => k.kid !== current.publicJwk.kid);
  return { keys: [current.publicJwk, ...earlier] };
}
