import type { JWK } from "jose";
import { keptSetting } from "../db/settings";
import { env, type Env } from "../env";
import { processSlot } from "../process-singleton";
import { generateDecisionKeyPem, loadDecisionKey, signDecisionToken, type AllowedAction, type DecisionSigningKey } from "./sign";

// Gatehouse's side of decision tokens: the key (configured, or generated once and
// shared by replicas through the settings table), issuing, and the published keys.
// The key is not the audit checkpoint key: a signature over one kind of statement can
// never be passed off as the other.

const keySlot = processSlot<Promise<DecisionSigningKey>>("decision-key");

/**
 * GATEHOUSE_DECISION_SIGNING_KEY, else a key generated once and kept in the database.
 * Loaded once per process. The first call may write to the database, so make it
 * outside any transaction (on the embedded database a query waits for an open transaction).
 */
export function decisionSigningKey(): Promise<DecisionSigningKey> {
  return keySlot.getOrCreate(() =>
    (async () => {
      const configured = env().GATEHOUSE_DECISION_SIGNING_KEY;
      return loadDecisionKey(configured ?? (await keptSetting("decision_signing_key", generateDecisionKeyPem)));
    })().catch((error: unknown) => {
      keySlot.set(undefined); // a database hiccup at start must not disable signing for good
      throw error;
    }),
  );
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

/** The public keys that verify decision tokens (GET /api/v1/keys). */
export async function decisionPublicJwks(): Promise<{ keys: JWK[] }> {
  const key = await decisionSigningKey();
  return { keys: [key.publicJwk] };
}
