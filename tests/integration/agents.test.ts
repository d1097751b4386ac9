import { describe, expect, it } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { createAgent, getAgent, issueApiKey, revokeApiKey } from "@/lib/agents/service";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { db } from "@/lib/db/client";
import { ConflictError, ValidationError } from "@/lib/errors";
import { makeAgent, makeUser, TEST_ACTOR, uniq } from "@/lib/testing/factories";

describe("agents and API keys", () => {
  it("registers an agent with an owner and audits it", async () => {
    const owner = await makeUser("approver");
    const name = uniq("support");
    const agent = await createAgent({ name, description: "Answers tickets", ownerEmail: owner.email }, TEST_ACTOR);
    expect(agent).toMatchObject({ name, description: "Answers tickets", ownerId: owner.id, status: "active" });
    const entries = await db().auditEntry.findMany({ where: { subjectId: agent.id } });
    expect(entries.map((e) => e.eventType)).toEqual(["agent.created"]);
    expect(entryData(entries[0]!)).toMatchObject({ name, owner: owner.email });
  });

  it("refuses a duplicate name with a conflict and writes nothing", async () => {
    const agent = await makeAgent();
    const before = await db().auditEntry.count();
    await expect(createAgent({ name: agent.name }, TEST_ACTOR)).rejects.toBeInstanceOf(ConflictError);
    expect(await db().auditEntry.count()).toBe(before);
  });

  it("refuses bad names and unknown owners with field errors", async () => {
    await expect(createAgent({ name: "Has Spaces" }, TEST_ACTOR)).rejects.toThrow();
    const error = await createAgent({ name: uniq("a"), ownerEmail: "nobody@example.test" }, TEST_ACTOR).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.ownerEmail).toBeDefined();
  });

  it("stores only the hash of an issued key and shows its prefix", async () => {
    const agent = await makeAgent();
    const { key, apiKey } = await issueApiKey({ agentId: agent.id, name: "prod", scopes: ["actions:write"] }, TEST_ACTOR);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row.prefix + "_")).toBe(true);
    const audit = await db().auditEntry.findMany({ where: { subjectId: apiKey.id } });
    expect(audit.map((a) => a.eventType)).toEqual(["api_key.created"]);
    expect(audit[0]!.canonical + JSON.stringify(audit[0]!.content)).not.toContain(key);
    expect((await getAgent(agent.id)).apiKeys).toHaveLength(1);
  });

  it("revokes by prefix once; a second revoke is a conflict", async () => {
    const agent = await makeAgent();
    const { apiKey } = await issueApiKey({ agentId: agent.id }, TEST_ACTOR);
    const { apiKey: revoked } = await revokeApiKey({ prefix: apiKey.prefix }, TEST_ACTOR);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiKey({ prefix: apiKey.prefix }, TEST_ACTOR)).rejects.toBeInstanceOf(ConflictError);
    const events = await db().auditEntry.findMany({ where: { subjectId: apiKey.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["api_key.created", "api_key.revoked"]);
  });
});
