import canonicalize from "canonicalize";
import { base64url, createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";

// A decision token says: Gatehouse allowed this agent this action (type, resource,
// params) until `exp`. The tool that carries the action out checks it offline against
// Gatehouse's public keys (GET /api/v1/keys). This file depends only on `jose` and
// `canonicalize` and runs wherever WebCrypto does, so a tool can copy it as it is.

export const DECISION_TOKEN_TYPE = "gatehouse-decision+jwt";
export const DECISION_TOKEN_ALG = "EdDSA";

/** The claim naming the action; the registered claims around it say who (sub), which action (jti) and until when (exp). */
export type DecisionClaim = {
  /** The agent's name (its id is `sub`). */
  agent: string;
  type: string;
  resource: string;
  /** base64url(SHA-256(RFC 8785 canonical JSON of the params)): see paramsDigest. */
  paramsSha256: string;
  decision: "allow";
  /** Present when people approved the action (the approval request's id). */
  approvalId?: string;
};

export type DecisionClaims = {
  iss: string;
  /** The agent's id. */
  sub: string;
  /** The action's id: one token per action, so a tool can refuse a second use. */
  jti: string;
  iat: number;
  exp: number;
  action: DecisionClaim;
};

export type DecisionTokenErrorCode =
  | "malformed" // not a Gatehouse decision token (framing, header, alg, typ, claims)
  | "unknown_key" // signed with a key the JWKS does not hold (another Gatehouse, or a rotated key: refetch the keys)
  | "bad_signature" // the signature does not verify: the token was altered or forged
  | "expired"
  | "wrong_issuer"
  | "wrong_agent"
  | "wrong_type"
  | "wrong_resource"
  | "params_mismatch" // the params differ from the approved ones: a new action needs a new decision
  | "not_allowed";

export class DecisionTokenError extends Error {
  readonly code: DecisionTokenErrorCode;
  constructor(code: DecisionTokenErrorCode, message: string) {
    super(message);
    this.name = "DecisionTokenError";
    this.code = code;
  }
}

/** base64url(SHA-256) of the params as RFC 8785 canonical JSON: key order and spacing do not matter. */
export async function paramsDigest(params: unknown): Promise<string> {
  const canonical = canonicalize(params ?? {});
  if (canonical === undefined) throw new TypeError("params must be JSON");
  return base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical))));
}

export type ExpectedAction = {
  type: string;
  resource: string;
  /** The params the tool is about to act on, exactly as it received them. */
  params: unknown;
  /** The calling agent's id, when the tool knows it. */
  agentId?: string;
  /** The Gatehouse the tool trusts (its `iss`), when the tool pins it. */
  issuer?: string;
};

const CLAIM_CODES: Record<string, DecisionTokenErrorCode> = { iss: "wrong_issuer", sub: "wrong_agent" };

/**
 * Checks that `token` was signed by a key in `jwks`, has not expired, and approves
 * exactly `expected`. Returns the claims, or throws a DecisionTokenError saying why not.
 */
export async function verifyDecisionToken(
  token: string,
  jwks: JSONWebKeySet,
  expected: ExpectedAction,
  options: { now?: Date; clockToleranceSeconds?: number } = {},
): Promise<DecisionClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: [DECISION_TOKEN_ALG],
      typ: DECISION_TOKEN_TYPE,
      issuer: expected.issuer,
      subject: expected.agentId,
      requiredClaims: ["iss", "sub", "jti", "iat", "exp"],
      currentDate: options.now,
      clockTolerance: options.clockToleranceSeconds ?? 0,
    }));
  } catch (error) {
    throw error instanceof errors.JOSEError ? fromJoseError(error) : error;
  }
  const claims = asDecisionClaims(payload);
  const { action } = claims;
  if (action.decision !== "allow") throw new DecisionTokenError("not_allowed", `the decision is "${action.decision}", not "allow"`);
  if (action.type !== expected.type)
    throw new DecisionTokenError("wrong_type", `the token allows "${action.type}", not "${expected.type}"`);
  if (action.resource !== expected.resource) {
    throw new DecisionTokenError("wrong_resource", `the token allows the action on "${action.resource}", not "${expected.resource}"`);
  }
  if (action.paramsSha256 !== (await paramsDigest(expected.params))) {
    throw new DecisionTokenError(
      "params_mismatch",
      "the params differ from the ones Gatehouse allowed: a changed action needs a new decision",
    );
  }
  return claims;
}

function fromJoseError(error: errors.JOSEError): DecisionTokenError {
  if (error instanceof errors.JWTExpired) return new DecisionTokenError("expired", `the token expired (${error.message})`);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new DecisionTokenError("bad_signature", "the signature does not verify: the token was altered or not signed by Gatehouse");
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new DecisionTokenError(
      "unknown_key",
      "no key of the key set matches the token's kid: fetch the current keys, or the token is from another issuer",
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === "check_failed" && CLAIM_CODES[error.claim]) {
    return new DecisionTokenError(CLAIM_CODES[error.claim]!, `claim "${error.claim}": ${error.message}`);
  }
  return new DecisionTokenError("malformed", `not a valid decision token: ${error.message}`);
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function asDecisionClaims(payload: unknown): DecisionClaims {
  const claims = payload as Partial<DecisionClaims>;
  const action = claims.action as Partial<DecisionClaim> | undefined;
  const valid =
    isString(claims.iss) &&
    isString(claims.sub) &&
    isString(claims.jti) &&
    typeof action === "object" &&
    action !== null &&
    isString(action.agent) &&
    isString(action.type) &&
    isString(action.resource) &&
    isString(action.paramsSha256) &&
    isString(action.decision) &&
    (action.approvalId === undefined || isString(action.approvalId));
  if (!valid) throw new DecisionTokenError("malformed", "the token lacks the action claim (agent, type, resource, paramsSha256, decision)");
  return claims as DecisionClaims;
}
