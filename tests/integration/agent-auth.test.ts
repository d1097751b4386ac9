import { describe, expect, it } from "vitest";
import { GET as whoami } from "@/app/api/v1/whoami/route";
import { revokeApiKey, setAgentStatus } from "@/lib/agents/service";
import { db } from "@/lib/db/client";
import { makeAgentWithKey, TEST_ACTOR } from "@/lib/testing/factories";

const call = (authorization?: string) =>
  whoami(new Request("http://gatehouse.test/api/v1/whoami", { headers: authorization ? { authorization } : {} }), {
    params: Promise.resolve({}),
  });

async function expectUnauthorized(res: Response, message: RegExp) {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(res.headers.get("www-authenticate")).toContain("Bearer");
  const body = await res.json();
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message).toMatch(message);
}

describe("GET /api/v1/whoami", () => {
  it("answers with the agent and key of a valid key, and records its use", async () => {
    const { agent, key, apiKey } = await makeAgentWithKey();
    const res = await call(`Bearer ${key}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      agent: { id: agent.id, name: agent.name, labels: {} },
      key: { prefix: apiKey.prefix, scopes: ["actions:write", "actions:read"] },
    });
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it("refuses a request with no key", async () => {
    await expectUnauthorized(await call(), /Missing API key/);
    await expectUnauthorized(await call("Basic dXNlcjpwYXNz"), /Missing API key/);
  });

  it("refuses a wrong key with a well-formed prefix, and a key that is not a Gatehouse key", async () => {
    const { key } = await makeAgentWithKey();
    const tampered = key.slice(0, -4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expectUnauthorized(await call(`Bearer ${tampered}`), /Invalid API key/);
    await expectUnauthorized(await call("Bearer gatehouse_00000000_" + "x".repeat(43)), /Invalid API key/);
    await expectUnauthorized(await call("Bearer sk-live-123"), /Invalid API key/);
  });

  it("refuses a revoked key", async () => {
    const { key, apiKey } = await makeAgentWithKey();
    expect((await call(`Bearer ${key}`)).status).toBe(200);
    await revokeApiKey({ keyId: apiKey.id }, TEST_ACTOR);
    await expectUnauthorized(await call(`Bearer ${key}`), /revoked/);
  });

  it("refuses an expired key", async () => {
    const { key, apiKey } = await makeAgentWithKey({ expiresInDays: 1 });
    await db().apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectUnauthorized(await call(`Bearer ${key}`), /expired/);
  });

  it("refuses a disabled agent's key with 403", async () => {
    const { agent, key } = await makeAgentWithKey();
    await setAgentStatus(agent.id, "disabled", TEST_ACTOR);
    const res = await call(`Bearer ${key}`);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/disabled/);
  });
});
