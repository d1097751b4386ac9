import { randomBytes } from "node:crypto";
import { createAgent, issueApiKey } from "../agents/service";
import { systemActor, type Actor } from "../audit/entry";
import type { Role } from "../auth/permissions";
import type { ApiKeyScope } from "../auth/api-key-scopes";
import { createUser } from "../users/service";

// Each test makes its own users, agents and keys (unique names), so tests never
// depend on one another or on a global reset.

export const uniq = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
export const TEST_ACTOR: Actor = systemActor("test");

export async function makeUser(role: Role = "viewer", password = "correct horse battery staple") {
  const { user } = await createUser({ email: `${uniq("user")}@example.test`, role, password }, TEST_ACTOR);
  return { ...user, password };
}

export async function makeAgent(overrides: { name?: string; ownerEmail?: string } = {}) {
  return createAgent({ name: overrides.name ?? uniq("agent"), ownerEmail: overrides.ownerEmail }, TEST_ACTOR);
}

export async function makeAgentWithKey(options: { scopes?: ApiKeyScope[]; expiresInDays?: number } = {}) {
  const agent = await makeAgent();
  const { key, apiKey } = await issueApiKey(
    { agentId: agent.id, scopes: options.scopes, expiresInDays: options.expiresInDays },
    TEST_ACTOR,
  );
  return { agent, key, apiKey };
}
