import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, inject, it } from "vitest";
import { revokeApiKey } from "@/lib/agents/service";
import { authenticateAgent } from "@/lib/auth/agent-auth";
import { db } from "@/lib/db/client";
import { makeAgentWithKey, TEST_ACTOR } from "@/lib/testing/factories";

// API keys are cached per process (lib/auth/key-cache.ts); a revocation must reach every
// process within a second. The embedded database admits one process, so the second
// process runs on PostgreSQL only.

describe("API key cache", () => {
  it.skipIf(!inject("databaseUrl"))("refuses a revoked key on another process within a second", async () => {
    const { key, apiKey } = await makeAgentWithKey();
    const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/processes/key-check-loop.ts"], {
      env: { ...process.env, KEY: key, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    try {
      expect((await lines.next()).value).toBe("ready");
      await revokeApiKey({ keyId: apiKey.id }, TEST_ACTOR);
      const committedAt = Date.now();
      const refusal = String((await lines.next()).value);
      expect(refusal).toMatch(/^refused \d+$/);
      expect(Number(refusal.split(" ")[1]) - committedAt).toBeLessThan(1000);
    } finally {
      child.kill();
    }
  });

  it("refuses a cached key in this process as soon as its revocation commits", async () => {
    const { key, apiKey } = await makeAgentWithKey();
    await authenticateAgent(`Bearer ${key}`);
    await revokeApiKey({ keyId: apiKey.id }, TEST_ACTOR);
    await expect(authenticateAgent(`Bearer ${key}`)).rejects.toThrow(/revoked/);
  });

  it("checks expiry against the clock on every request, not when the key was cached", async () => {
    const { key, apiKey } = await makeAgentWithKey({ expiresInDays: 1 });
    await authenticateAgent(`Bearer ${key}`);
    const expiresAt = (await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).expiresAt!;
    await expect(authenticateAgent(`Bearer ${key}`, undefined, new Date(expiresAt.getTime() + 1))).rejects.toThrow(/expired/);
  });

  it("writes a key's later uses in a batch, not on the request", async () => {
    const { key, apiKey } = await makeAgentWithKey();
    const first = new Date();
    await authenticateAgent(`Bearer ${key}`, undefined, first);
    const later = new Date(first.getTime() + 120_000);
    await authenticateAgent(`Bearer ${key}`, undefined, later);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(first);
    await expect
      .poll(async () => (await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt, { timeout: 10_000 })
      .toEqual(later);
  });
});
