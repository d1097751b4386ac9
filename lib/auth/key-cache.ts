import { db } from "../db/client";
import { CHANNELS, notify, subscribe } from "../db/notify";
import { afterCommit, type Tx } from "../db/transaction";
import { log } from "../log";
import { processSlot } from "../process-singleton";

// API keys as every agent request reads them, cached per process. A change that can stop
// a key working (revoked, agent disabled) is announced on the api-keys channel inside its
// transaction: every process drops that agent's keys when it commits (this one at once,
// the others as the notification arrives, in milliseconds). A bounded TTL is the backstop
// for a notification lost with the listening connection (whose reconnect also clears
// everything). Expiry needs no announcement: it is checked against the clock per request.

export type CachedKey = {
  id: string;
  prefix: string;
  hash: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  agent: { id: string; name: string; status: string; labels: unknown; ownerId: string | null };
};

const TTL_MS = 10_000;

type Cache = {
  entries: Map<string, { key: CachedKey; loadedAt: number }>;
  /** Bumped by every invalidation: a load that raced one is not kept. */
  generation: number;
  /** Resolves once this process listens for changes; until then nothing is cached. */
  listening?: Promise<boolean>;
};

const cacheSlot = processSlot<Cache>("api-key-cache");
const cache = () => cacheSlot.getOrCreate(() => ({ entries: new Map(), generation: 0 }));

function invalidate(agentId: string) {
  const c = cache();
  c.generation++;
  if (agentId === "") c.entries.clear();
  else for (const [prefix, { key }] of c.entries) if (key.agent.id === agentId) c.entries.delete(prefix);
}

function listen(c: Cache): Promise<boolean> {
  c.listening ??= subscribe(CHANNELS.apiKeys, invalidate).then(
    () => true,
    (error: unknown) => {
      log.warn("api key cache disabled: cannot listen for key changes", { err: error });
      c.listening = undefined; // try again on a later request
      return false;
    },
  );
  return c.listening;
}

/** The key with this public prefix (and its agent), from the cache when it is fresh. */
export async function findKey(prefix: string, now = Date.now()): Promise<CachedKey | null> {
  const c = cache();
  const hit = c.entries.get(prefix);
  if (hit && now - hit.loadedAt < TTL_MS) return hit.key;
  const listening = await listen(c);
  const generation = c.generation;
  const key = await db().apiKey.findUnique({
    where: { prefix },
    select: {
      id: true,
      prefix: true,
      hash: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      agent: { select: { id: true, name: true, status: true, labels: true, ownerId: true } },
    },
  });
  if (key && listening && generation === c.generation) c.entries.set(prefix, { key, loadedAt: now });
  return key;
}

/** Inside the transaction that revokes a key or disables an agent: every process forgets the agent's keys once it commits. */
export async function announceKeyChange(tx: Tx, agentId: string) {
  await notify(tx, CHANNELS.apiKeys, agentId);
  afterCommit(tx, () => invalidate(agentId));
}

// ─── last use, written in batches ───────────────────────────────────────────

const LAST_USED_GRANULARITY_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;

type LastUse = { pending: Map<string, Date>; timer?: NodeJS.Timeout };
const lastUseSlot = processSlot<LastUse>("api-key-last-use");

async function flushLastUse(state: LastUse) {
  const batch = [...state.pending];
  state.pending.clear();
  if (batch.length === 0) return;
  await db().$executeRaw`
    UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.at)
    FROM unnest(${batch.map(([id]) => id)}::text[]::uuid[], ${batch.map(([, at]) => at.toISOString())}::text[]::timestamptz[]) AS u(id, at)
    WHERE k.id = u.id`;
}

/**
 * Records that a key was used, at most once a minute per key and process. A key's first
 * use is written at once (so "never used" flips as soon as it is not true); later ones are
 * written in a batch every few seconds, off the request's path.
 */
export async function recordKeyUse(key: CachedKey, now: Date) {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() <= LAST_USED_GRANULARITY_MS) return;
  const firstUse = key.lastUsedAt === null;
  key.lastUsedAt = now;
  if (firstUse) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
    return;
  }
  const state = lastUseSlot.getOrCreate(() => ({ pending: new Map() }));
  state.pending.set(key.id, now);
  if (!state.timer) {
    state.timer = setInterval(
      () => void flushLastUse(state).catch((error: unknown) => log.warn("could not record api key use", { err: error })),
      FLUSH_EVERY_MS,
    );
    state.timer.unref();
  }
}
