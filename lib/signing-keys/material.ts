import { generateSigningKey, loadSigner } from "../audit/checkpoint";
import { generateDecisionKeyPem, loadDecisionKey } from "../decision-token/sign";

// What identifies a signing key and what is published of it, per purpose. Pure: the key
// and the audit log's origin (the checkpoint key's name) are given.

export type KeyPurpose = "audit" | "decision";
export const KEY_PURPOSES: readonly KeyPurpose[] = ["audit", "decision"];

export type KeyMaterial = {
  /** audit: the signed-note key ID (8 hex digits); decision: the JWK thumbprint, the tokens' `kid`. */
  keyId: string;
  /** audit: the C2SP verifier key; decision: the public JWK as JSON. */
  publicKey: string;
};

export async function describeKey(purpose: KeyPurpose, privateKeyPem: string, origin: string): Promise<KeyMaterial> {
  if (purpose === "audit") {
    const signer = loadSigner(origin, privateKeyPem);
    return { keyId: signer.keyId.toString("hex"), publicKey: signer.verifierKey };
  }
  const key = await loadDecisionKey(privateKeyPem);
  return { keyId: key.publicJwk.kid, publicKey: JSON.stringify(key.publicJwk) };
}

export const generateKeyPem = (purpose: KeyPurpose, origin: string) =>
  purpose === "audit" ? generateSigningKey(origin).privateKeyPem : generateDecisionKeyPem();
