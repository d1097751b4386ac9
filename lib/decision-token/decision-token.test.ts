import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { base64url, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { generateDecisionKeyPem, loadDecisionKey, paramsSha256, signDecisionToken, type AllowedAction } from "./sign";
import { DecisionTokenError, paramsDigest, verifyDecisionToken, type DecisionTokenErrorCode } from "./verify";

const NOW = new Date("2026-11-24T12:00:00Z");
const ISSUER = "https://gatehouse.example.com";
const ACTION: AllowedAction = {
  id: "7d5e0a39-4a8c-4f55-9a43-2f1c1c8f6b11",
  agentId: "0b0b2c1e-9f0e-4d7e-8d43-6b0c2f3e9a10",
  agentName: "billing-bot",
  type: "refund.issue",
  resource: "orders/1234",
  params: { amount: 40, currency: "USD", reason: { code: "duplicate", note: "charged twice" } },
};
const EXPECTED = { type: ACTION.type, resource: ACTION.resource, params: ACTION.params, agentId: ACTION.agentId, issuer: ISSUER };

const key = await loadDecisionKey(generateDecisionKeyPem());
const jwks = { keys: [key.publicJwk] };
const issue = (action: Partial<AllowedAction> = {}, options: { now?: Date; ttlSeconds?: number } = {}) =>
  signDecisionToken(key, { ...ACTION, ...action }, { issuer: ISSUER, now: options.now ?? NOW, ttlSeconds: options.ttlSeconds ?? 900 });

async function rejection(promise: Promise<unknown>): Promise<DecisionTokenErrorCode> {
  const error = await promise.then(
    () => expect.unreachable("the token was accepted"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecisionTokenError);
  return (error as DecisionTokenError).code;
}

describe("decision tokens", () => {
  it("are the bytes jose's SignJWT makes of the same claims, and digest params as verify.ts does", async () => {
    const approved = { ...ACTION, approvalId: "5f0c3a1e-2b4d-4c6e-8f10-a1b2c3d4e5f6" };
    for (const action of [ACTION, approved]) {
      const token = signDecisionToken(key, action, { issuer: ISSUER, now: NOW, ttlSeconds: 900 });
      const claim = {
        agent: action.agentName,
        type: action.type,
        resource: action.resource,
        paramsSha256: await paramsDigest(action.params),
        decision: "allow",
        ...(action.approvalId ? { approvalId: action.approvalId } : {}),
      };
      const byJose = await new SignJWT({ action: claim })
        .setProtectedHeader({ alg: "EdDSA", typ: "gatehouse-decision+jwt", kid: key.publicJwk.kid })
        .setIssuer(ISSUER)
        .setSubject(action.agentId)
        .setJti(action.id)
        .setIssuedAt(NOW.getTime() / 1000)
        .setExpirationTime(NOW.getTime() / 1000 + 900)
        .sign(key.privateKey);
      expect(token).toBe(byJose);
    }
    for (const params of [{}, { b: 1, a: [1, "x", null] }, { é: "ü", n: 1e21 }, undefined])
      expect(paramsSha256(params)).toBe(await paramsDigest(params));
  });

  it("round-trips: the verified claims name the agent, the action, the params digest and the expiry", async () => {
    const token = await issue();
    const claims = await verifyDecisionToken(token, jwks, EXPECTED, { now: NOW });
    expect(claims).toEqual({
      iss: ISSUER,
      sub: ACTION.agentId,
      jti: ACTION.id,
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 900,
      action: {
        agent: "billing-bot",
        type: "refund.issue",
        resource: "orders/1234",
        paramsSha256: await paramsDigest(ACTION.params),
        decision: "allow",
      },
    });
    const [header] = token.split(".");
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header!)))).toEqual({
      alg: "EdDSA",
      typ: "gatehouse-decision+jwt",
      kid: key.publicJwk.kid,
    });
  });

  it("names the approval when people approved the action", async () => {
    const claims = await verifyDecisionToken(await issue({ approvalId: "3c1d3e0f-8a55-4b5e-9a44-1b2c3d4e5f60" }), jwks, EXPECTED, {
      now: NOW,
    });
    expect(claims.action.approvalId).toBe("3c1d3e0f-8a55-4b5e-9a44-1b2c3d4e5f60");
  });

  it("publishes only the public key, with its RFC 7638 thumbprint as kid", () => {
    expect(key.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(key.publicJwk).not.toHaveProperty("d");
    expect(key.publicJwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("digests params as canonical JSON: key order does not matter, values do", async () => {
    const token = await issue();
    const reordered = { reason: { note: "charged twice", code: "duplicate" }, currency: "USD", amount: 40 };
    await expect(verifyDecisionToken(token, jwks, { ...EXPECTED, params: reordered }, { now: NOW })).resolves.toBeDefined();
    expect(
      await rejection(
        verifyDecisionToken(token, jwks, { ...EXPECTED, params: { ...(ACTION.params as object), amount: 41 } }, { now: NOW }),
      ),
    ).toBe("params_mismatch");
    expect(
      await rejection(
        verifyDecisionToken(token, jwks, { ...EXPECTED, params: { ...(ACTION.params as object), extra: true } }, { now: NOW }),
      ),
    ).toBe("params_mismatch");
  });

  it("refuses another action type, resource, agent or issuer", async () => {
    const token = await issue();
    expect(await rejection(verifyDecisionToken(token, jwks, { ...EXPECTED, type: "refund.reverse" }, { now: NOW }))).toBe("wrong_type");
    expect(await rejection(verifyDecisionToken(token, jwks, { ...EXPECTED, resource: "orders/9999" }, { now: NOW }))).toBe(
      "wrong_resource",
    );
    expect(await rejection(verifyDecisionToken(token, jwks, { ...EXPECTED, agentId: "another-agent" }, { now: NOW }))).toBe("wrong_agent");
    expect(await rejection(verifyDecisionToken(token, jwks, { ...EXPECTED, issuer: "https://evil.example.com" }, { now: NOW }))).toBe(
      "wrong_issuer",
    );
  });

  it("refuses a token whose payload was altered", async () => {
    const [header, payload, signature] = (await issue()).split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    claims.action.resource = "orders/9999";
    const forged = [header, base64url.encode(JSON.stringify(claims)), signature].join(".");
    expect(await rejection(verifyDecisionToken(forged, jwks, { ...EXPECTED, resource: "orders/9999" }, { now: NOW }))).toBe(
      "bad_signature",
    );
  });

  it("refuses a token signed by another key, also one that claims our kid", async () => {
    const other = await loadDecisionKey(generateDecisionKeyPem());
    const foreign = await signDecisionToken(other, ACTION, { issuer: ISSUER, now: NOW, ttlSeconds: 900 });
    expect(await rejection(verifyDecisionToken(foreign, jwks, EXPECTED, { now: NOW }))).toBe("unknown_key");
    const impostor = await signDecisionToken({ ...other, publicJwk: { ...other.publicJwk, kid: key.publicJwk.kid } }, ACTION, {
      issuer: ISSUER,
      now: NOW,
      ttlSeconds: 900,
    });
    expect(await rejection(verifyDecisionToken(impostor, jwks, EXPECTED, { now: NOW }))).toBe("bad_signature");
  });

  it("expires, with the clock tolerance the tool allows", async () => {
    const token = await issue({}, { ttlSeconds: 60 });
    const later = new Date(NOW.getTime() + 61_000);
    expect(await rejection(verifyDecisionToken(token, jwks, EXPECTED, { now: later }))).toBe("expired");
    await expect(verifyDecisionToken(token, jwks, EXPECTED, { now: later, clockToleranceSeconds: 5 })).resolves.toBeDefined();
  });

  it("refuses other JWTs signed with the key, and unsigned ones", async () => {
    const plain = await new SignJWT({ action: { decision: "allow" } })
      .setProtectedHeader({ alg: "EdDSA", kid: key.publicJwk.kid })
      .setSubject(ACTION.agentId)
      .setIssuer(ISSUER)
      .setJti("x")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key.privateKey);
    expect(await rejection(verifyDecisionToken(plain, jwks, EXPECTED))).toBe("malformed");
    const unsigned = [
      base64url.encode(JSON.stringify({ alg: "none", typ: "gatehouse-decision+jwt" })),
      (await issue()).split(".")[1],
      "",
    ].join(".");
    expect(await rejection(verifyDecisionToken(unsigned, jwks, EXPECTED, { now: NOW }))).toBe("malformed");
    expect(await rejection(verifyDecisionToken("not a token", jwks, EXPECTED))).toBe("malformed");
  });

  it("keeps the verifier free of server code, so a tool can copy it", () => {
    const source = readFileSync(path.join(import.meta.dirname, "verify.ts"), "utf8");
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(["canonicalize", "jose"]);
  });
});

describe("decision token settings", () => {
  it("takes a 15-minute lifetime by default and validates a configured one", () => {
    expect(parseEnv({}).GATEHOUSE_DECISION_TOKEN_TTL_SECONDS).toBe(900);
    expect(parseEnv({ GATEHOUSE_DECISION_TOKEN_TTL_SECONDS: "120" }).GATEHOUSE_DECISION_TOKEN_TTL_SECONDS).toBe(120);
    expect(() => parseEnv({ GATEHOUSE_DECISION_TOKEN_TTL_SECONDS: "1.5" })).toThrow(
      "GATEHOUSE_DECISION_TOKEN_TTL_SECONDS must be a whole number of seconds from 10 to 86400",
    );
  });

  it("accepts only an Ed25519 PKCS#8 PEM key, and not the audit key", () => {
    const pem = generateDecisionKeyPem();
    expect(parseEnv({ GATEHOUSE_DECISION_SIGNING_KEY: pem }).GATEHOUSE_DECISION_SIGNING_KEY).toBe(pem.trim());
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(() => parseEnv({ GATEHOUSE_DECISION_SIGNING_KEY: rsa })).toThrow(
      "GATEHOUSE_DECISION_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM",
    );
    expect(() => parseEnv({ GATEHOUSE_DECISION_SIGNING_KEY: "base64-seed" })).toThrow(
      "GATEHOUSE_DECISION_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM",
    );
    expect(() => parseEnv({ GATEHOUSE_DECISION_SIGNING_KEY: pem, GATEHOUSE_AUDIT_SIGNING_KEY: pem })).toThrow(
      "must be a different key from GATEHOUSE_AUDIT_SIGNING_KEY",
    );
  });
});
