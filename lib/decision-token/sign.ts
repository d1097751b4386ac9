import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { DECISION_TOKEN_ALG, DECISION_TOKEN_TYPE, type DecisionClaim, type DecisionClaims } from "./verify";

// Signing decision tokens: pure, the key and the clock are given. A token is signed inside
// the decision's transaction, for every allowed decision, so it is made with Node's one-shot
// Ed25519 and SHA-256: jose signs (and verify.ts digests) through WebCrypto, a thread-pool job
// each, about three times the CPU and a wait while the limit counters are locked. The bytes
// are the same as jose's SignJWT gives (Ed25519 is deterministic; a test pins it), and tokens
// are verified with jose (verify.ts).

export type DecisionSigningKey = {
  privateKey: KeyObject;
  /** The public half as published in the JWKS; kid is its RFC 7638 thumbprint. */
  publicJwk: JWK & { kid: string };
};

/** What a token is about: an action that was allowed, at once or after approval. */
export type AllowedAction = {
  id: string;
  agentId: string;
  agentName: string;
  type: string;
  resource: string;
  params: unknown;
  approvalId?: string | null;
};

export const generateDecisionKeyPem = () => generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();

/** A signing key from an Ed25519 private key in PKCS#8 PEM. */
export async function loadDecisionKey(privateKeyPem: string): Promise<DecisionSigningKey> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new Error(`cannot read the decision signing key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error(`the decision signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, "sha256");
  return { privateKey, publicJwk: { ...jwk, kid, alg: DECISION_TOKEN_ALG, use: "sig" } };
}

/** paramsDigest (verify.ts), synchronously: base64url(SHA-256) of the params' RFC 8785 canonical JSON. */
export function paramsSha256(params: unknown): string {
  const canonical = canonicalize(params ?? {});
  if (canonical === undefined) throw new TypeError("params must be JSON");
  return createHash("sha256").update(canonical).digest("base64url");
}

const base64urlJson = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A compact JWS (RFC 7515) over the claims, EdDSA, with the key's thumbprint as kid. */
export function signDecisionToken(
  key: DecisionSigningKey,
  action: AllowedAction,
  options: { issuer: string; now: Date; ttlSeconds: number },
): string {
  const claim: DecisionClaim = {
    agent: action.agentName,
    type: action.type,
    resource: action.resource,
    paramsSha256: paramsSha256(action.params),
    decision: "allow",
    ...(action.approvalId ? { approvalId: action.approvalId } : {}),
  };
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const claims: DecisionClaims = {
    action: claim,
    iss: options.issuer,
    sub: action.agentId,
    jti: action.id,
    iat: issuedAt,
    exp: issuedAt + options.ttlSeconds,
  };
  const header = { alg: DECISION_TOKEN_ALG, typ: DECISION_TOKEN_TYPE, kid: key.publicJwk.kid };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key.privateKey).toString("base64url")}`;
}
