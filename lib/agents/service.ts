import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { generateApiKey } from "../auth/api-key-format";
import { announceKeyChange } from "../auth/key-cache";
import { CreateAgentSchema, IssueKeySchema, type CreateAgentInput, type IssueKeyInput } from "../contracts/agents";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";

const keySummary = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export async function listAgents() {
  return db().agent.findMany({
    orderBy: { name: "asc" },
    include: {
      owner: { select: { email: true } },
      apiKeys: { where: { revokedAt: null }, select: { lastUsedAt: true, expiresAt: true } },
    },
  });
}

export async function getAgent(id: string) {
  const agent = await db().agent.findUnique({
    where: { id },
    include: { owner: { select: { id: true, email: true } }, apiKeys: { select: keySummary, orderBy: { createdAt: "desc" } } },
  });
  if (!agent) throw new NotFoundError("Agent");
  return agent;
}

export async function findAgentByName(name: string) {
  const agent = await db().agent.findUnique({ where: { name } });
  if (!agent) throw new NotFoundError(`Agent "${name}"`);
  return agent;
}

export async function createAgent(input: CreateAgentInput, actor: Actor) {
  const { name, description, ownerEmail, labels } = CreateAgentSchema.parse(input);
  return transaction(async (tx) => {
    const owner = ownerEmail ? await tx.user.findUnique({ where: { email: ownerEmail } }) : null;
    if (ownerEmail && !owner) throw new ValidationError("Owner not found", { ownerEmail: [`No user with e-mail ${ownerEmail}`] });
    if (await tx.agent.findUnique({ where: { name }, select: { id: true } })) {
      throw new ConflictError(`An agent named "${name}" already exists`);
    }
    const agent = await tx.agent.create({
      data: { name, description, labels, ownerId: owner?.id, webhookSecret: randomBytes(32).toString("base64url") },
    });
    await appendAudit(tx, {
      type: "agent.created",
      actor,
      subject: { type: "agent", id: agent.id },
      agentId: agent.id,
      data: { name, description, owner: ownerEmail ?? null, labels },
    });
    return agent;
  });
}

/** Issues a key. The plaintext key is in the result and nowhere else, ever. */
export async function issueApiKey(input: IssueKeyInput, actor: Actor) {
  const { agentId, name, scopes, expiresInDays } = IssueKeySchema.parse(input);
  const generated = generateApiKey();
  return transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId } });
    if (!agent) throw new NotFoundError("Agent");
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const apiKey = await tx.apiKey.create({
      data: {
        agentId,
        name,
        scopes,
        expiresAt,
        prefix: generated.prefix,
        hash: generated.hash,
        createdById: actor.type === "user" ? actor.id : null,
      },
      select: keySummary,
    });
    await appendAudit(tx, {
      type: "api_key.created",
      actor,
      subject: { type: "api_key", id: apiKey.id },
      agentId,
      data: { agent: agent.name, prefix: apiKey.prefix, name, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { key: generated.key, apiKey, agent };
  });
}

/** Revokes by key id or by its public prefix (`gatehouse_3f9a1c2b`). Revoking twice is refused. */
export async function revokeApiKey(ref: { keyId: string } | { prefix: string }, actor: Actor) {
  return transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({
      where: "keyId" in ref ? { id: ref.keyId } : { prefix: ref.prefix },
      include: { agent: { select: { name: true } } },
    });
    if (!key) throw new NotFoundError("API key");
    if (key.revokedAt) throw new ConflictError(`Key ${key.prefix} was already revoked on ${key.revokedAt.toISOString()}`);
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date(), revokedById: actor.type === "user" ? actor.id : null },
      select: keySummary,
    });
    await appendAudit(tx, {
      type: "api_key.revoked",
      actor,
      subject: { type: "api_key", id: key.id },
      agentId: key.agentId,
      data: { agent: key.agent.name, prefix: key.prefix },
    });
    await announceKeyChange(tx, key.agentId);
    return { apiKey: revoked, agentId: key.agentId, agentName: key.agent.name };
  });
}

export async function setAgentStatus(agentId: string, status: "active" | "disabled", actor: Actor) {
  return transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId } });
    if (!agent) throw new NotFoundError("Agent");
    const updated = await tx.agent.update({ where: { id: agentId }, data: { status } });
    await appendAudit(tx, {
      type: status === "disabled" ? "agent.disabled" : "agent.enabled",
      actor,
      subject: { type: "agent", id: agentId },
      agentId,
      data: { name: agent.name },
    });
    await announceKeyChange(tx, agentId);
    return updated;
  });
}
