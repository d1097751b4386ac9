import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from "jose";
import { DECISION_TOKEN_ALG, DECISION_TOKEN_TYPE, paramsDigest, type DecisionClaim } from "./verify";

// Signing decision tokens: pure, the key and the clock are given.

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

export async function signDecisionToken(
  key: DecisionSigningKey,
  action: AllowedAction,
  options: { issuer: string; now: Date; ttlSeconds: number },
): Promise<string> {
  const claim: DecisionClaim = {
    agent: action.agentName,
    type: action.type,
    resource: action.resource,
    paramsSha256: await paramsDigest(action.params),
    decision: "allow",
    ...(action.approvalId ? { approvalId: action.approvalId } : {}),
  };
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  return new SignJWT({ action: claim })
    .setProtectedHeader({ alg: DECISION_TOKEN_ALG, typ: DECISION_TOKEN_TYPE, kid: key.publicJwk.kid })
    .setIssuer(options.issuer)
    .setSubject(action.agentId)
    .setJti(action.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .sign(key.privateKey);
}
