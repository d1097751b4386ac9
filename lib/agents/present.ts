// Agents and keys as JSON (ISO times), for the operator API.

const iso = (d: Date | null) => d?.toISOString() ?? null;

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export const presentApiKey = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as ("actions:write" | "actions:read" | "audit:read")[],
  createdAt: k.createdAt.toISOString(),
  expiresAt: iso(k.expiresAt),
  lastUsedAt: iso(k.lastUsedAt),
  revokedAt: iso(k.revokedAt),
});

export const presentAgent = (a: { id: string; name: string; description: string; status: "active" | "disabled"; createdAt: Date }) => ({
  id: a.id,
  name: a.name,
  description: a.description,
  status: a.status,
  createdAt: a.createdAt.toISOString(),
});
