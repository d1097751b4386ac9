import { beforeAll, describe, expect, it } from "vitest";
import { auditSigner } from "@/lib/audit/service";
import { db } from "@/lib/db/client";
import { DecisionTokenError, verifyDecisionToken } from "@/lib/decision-token/verify";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { getKeys, readAs, submitAs } from "./agent-api";

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: decision-token-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"], resources: ["orders/*"] }
      when: "params.amount <= 100"
      effect: allow
    - id: large-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 30m
        expiresIn: 1h
    - id: no-deletes
      match: { actions: ["db.delete"] }
      effect: deny
`;

/** What a tool does: fetch the public keys (no API key), then verify offline. */
async function publicKeys() {
  const res = await getKeys();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  return res.json();
}

const REFUND = { type: "refund.issue", resource: "orders/42", params: { amount: 40, currency: "USD", lines: [{ sku: "A-1", qty: 2 }] } };

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/decision-token-test.yaml", content: POLICY }], "decision token tests", TEST_ACTOR);
});

describe("decision tokens on the agent API", () => {
  it("gives an allowed action a token that a tool verifies offline with the published keys", async () => {
    const { agent, key } = await makeAgentWithKey();
    const res = await submitAs(key, REFUND);
    expect(res.status).toBe(201);
    const action = await res.json();
    expect(action.status).toBe("allowed");
    expect(action.decisionToken).toEqual(expect.any(String));

    const jwks = await publicKeys();
    // The signing key first (earlier keys follow once a key has been rotated: tests/integration/key-rotation.test.ts).
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    for (const k of jwks.keys) expect(k).not.toHaveProperty("d");

    // The tool received the params in another key order: the same action all the same.
    const asReceived = { lines: [{ qty: 2, sku: "A-1" }], currency: "USD", amount: 40 };
    const claims = await verifyDecisionToken(action.decisionToken, jwks, {
      type: "refund.issue",
      resource: "orders/42",
      params: asReceived,
      agentId: agent.id,
      issuer: "gatehouse.local",
    });
    expect(claims).toMatchObject({
      iss: "gatehouse.local",
      sub: agent.id,
      jti: action.id,
      action: { agent: agent.name, type: "refund.issue", resource: "orders/42", decision: "allow" },
    });
    expect(claims.action).not.toHaveProperty("approvalId");
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.iat).toBe(Math.floor(Date.parse(action.decidedAt) / 1000));

    const stored = await db().action.findUniqueOrThrow({ where: { id: action.id } });
    expect(stored.decisionToken).toBe(action.decisionToken);
  });

  it("does not verify for other params, another resource or another agent", async () => {
    const { key } = await makeAgentWithKey();
    const { decisionToken } = await (await submitAs(key, REFUND)).json();
    const jwks = await publicKeys();
    const attempt = (expected: Partial<Parameters<typeof verifyDecisionToken>[2]>) =>
      verifyDecisionToken(decisionToken, jwks, { ...REFUND, ...expected }).then(
        () => expect.unreachable("a different action was accepted"),
        (error: unknown) => (expect(error).toBeInstanceOf(DecisionTokenError), (error as DecisionTokenError).code),
      );
    expect(await attempt({ params: { ...REFUND.params, amount: 4000 } })).toBe("params_mismatch");
    expect(await attempt({ resource: "orders/43" })).toBe("wrong_resource");
    expect(await attempt({ agentId: (await makeAgentWithKey()).agent.id })).toBe("wrong_agent");
  });

  it("gives no token to a denied or a pending action", async () => {
    const { key } = await makeAgentWithKey();
    const denied = await (await submitAs(key, { type: "db.delete", resource: "prod/users/1" })).json();
    expect(denied).toMatchObject({ status: "denied", decisionToken: null });
    const pending = await (await submitAs(key, { ...REFUND, params: { amount: 250 } })).json();
    expect(pending).toMatchObject({ status: "pending", decisionToken: null });
    expect(await db().action.count({ where: { id: { in: [denied.id, pending.id] }, decisionToken: { not: null } } })).toBe(0);
  });

  it("answers a replayed request and a later read with the same token", async () => {
    const { key } = await makeAgentWithKey();
    const body = { ...REFUND, idempotencyKey: uniq("refund") };
    const first = await submitAs(key, body);
    expect(first.status).toBe(201);
    const original = await first.json();
    const again = await submitAs(key, body);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const replayed = await again.json();
    expect(replayed.id).toBe(original.id);
    expect(replayed.decisionToken).toBe(original.decisionToken);
    expect((await (await readAs(key, original.id)).json()).decisionToken).toBe(original.decisionToken);
  });

  it("signs with the decision key of the key ring, separate from the audit key", async () => {
    const { key } = await makeAgentWithKey();
    const { decisionToken } = await (await submitAs(key, REFUND)).json();
    const { kid } = JSON.parse(Buffer.from(decisionToken.split(".")[0], "base64url").toString());
    expect((await publicKeys()).keys[0].kid).toBe(kid);
    await auditSigner();
    const active = (purpose: "audit" | "decision") => db().signingKey.findFirstOrThrow({ where: { purpose, retiredAt: null } });
    const [decisionKey, auditKey] = await Promise.all([active("decision"), active("audit")]);
    expect(decisionKey.keyId).toBe(kid);
    expect(decisionKey.privateKeyPem).toContain("BEGIN PRIVATE KEY");
    expect(decisionKey.privateKeyPem).not.toBe(auditKey.privateKeyPem);
  });
});
