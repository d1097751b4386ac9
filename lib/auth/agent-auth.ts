import { ForbiddenError, UnauthorizedError } from "../errors";
import { keyMatchesHash, keyPrefixOf } from "./api-key-format";
import type { ApiKeyScope } from "./api-key-scopes";
import { findKey, recordKeyUse } from "./key-cache";

export type AuthenticatedAgent = {
  id: string;
  name: string;
  /** Validated when set (lib/contracts/agents.ts). */
  labels: Record<string, string>;
  ownerId: string | null;
  keyId: string;
  keyPrefix: string;
  scopes: string[];
};

/** Resolves `Authorization: Bearer <key>` to an agent, or throws 401/403. */
export async function authenticateAgent(authorization: string | null, scope?: ApiKeyScope, now = new Date()): Promise<AuthenticatedAgent> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw new UnauthorizedError("Missing API key: send it as 'Authorization: Bearer gatehouse_…'");
  const presented = match[1]!;
  const prefix = keyPrefixOf(presented);
  const key = prefix ? await findKey(prefix) : null;
  // Same answer for every kind of bad key, so a caller learns nothing about which part was wrong.
  if (!key || !keyMatchesHash(presented, key.hash)) throw new UnauthorizedError("Invalid API key");
  if (key.revokedAt) throw new UnauthorizedError("This API key has been revoked");
  if (key.expiresAt && key.expiresAt <= now) throw new UnauthorizedError("This API key has expired");
  if (key.agent.status !== "active") throw new ForbiddenError(`Agent "${key.agent.name}" is disabled`);
  if (scope && !key.scopes.includes(scope)) throw new ForbiddenError(`This API key lacks the '${scope}' scope`);

  await recordKeyUse(key, now);
  return {
    id: key.agent.id,
    name: key.agent.name,
    labels: (key.agent.labels ?? {}) as Record<string, string>,
    ownerId: key.agent.ownerId,
    keyId: key.id,
    keyPrefix: key.prefix,
    scopes: key.scopes,
  };
}
