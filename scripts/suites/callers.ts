// Seeds one of each caller of the authorization matrix into the current database (users of
// each role, a disabled user, agent keys with and without each scope, a revoked and an
// expired key) and gives the headers each one sends. Used by the fuzz suite and the matrix
// check, which run against a production server on that database.
import { CALLERS, KEY_SCOPES, SESSION_ROLES, type Caller } from "../../lib/testing/authorization-matrix";

export type CallerHeaders = Record<Caller, Record<string, string>>;

export type Seeded = { callers: CallerHeaders; agentId: string; keyIds: string[]; userIds: string[] };

/** Run with DATABASE_URL and NEXTAUTH_SECRET set as the server will have them. */
export async function seedCallers(): Promise<Seeded> {
  const { makeAgent, makeUser, TEST_ACTOR } = await import("../../lib/testing/factories");
  const { issueApiKey, revokeApiKey } = await import("../../lib/agents/service");
  const { setUserDisabled } = await import("../../lib/users/service");
  const { sessionCookie } = await import("../../lib/testing/session");
  const { db } = await import("../../lib/db/client");

  const agent = await makeAgent();
  const callers = {} as CallerHeaders;
  const keyIds: string[] = [];
  const userIds: string[] = [];
  for (const caller of CALLERS) {
    const role = SESSION_ROLES[caller];
    const scopes = KEY_SCOPES[caller];
    if (role) {
      const user = await makeUser(role);
      userIds.push(user.id);
      callers[caller] = { cookie: await sessionCookie(user) };
      if (caller === "disabled_user") await setUserDisabled(user.id, true, TEST_ACTOR);
    } else if (scopes) {
      const { key, apiKey } = await issueApiKey({ agentId: agent.id, name: caller, scopes }, TEST_ACTOR);
      keyIds.push(apiKey.id);
      callers[caller] = { authorization: `Bearer ${key}` };
      if (caller === "revoked_key") await revokeApiKey({ keyId: apiKey.id }, TEST_ACTOR);
      if (caller === "expired_key")
        await db().apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    } else {
      callers[caller] = {};
    }
  }
  return { callers, agentId: agent.id, keyIds, userIds };
}
