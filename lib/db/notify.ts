import pg from "pg";
import { env } from "../env";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { database } from "./client";
import type { Tx } from "./transaction";

// Postgres LISTEN/NOTIFY for "something changed, look again" signals between replicas
// (an action was decided, a policy was published). A notification is sent inside the
// transaction that made the change, so it is delivered only if that change commits.
// One listening connection per process fans out to in-process subscribers.

type Listener = (payload: string) => void;
type Hub = { listeners: Map<string, Set<Listener>>; listen(channel: string): Promise<void> };

const hubSlot = processSlot<Promise<Hub>>("notify-hub");

function dispatch(listeners: Map<string, Set<Listener>>, channel: string, payload: string) {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
}

async function postgresHub(url: string): Promise<Hub> {
  const listeners = new Map<string, Set<Listener>>();
  const channels = new Set<string>();
  let client: pg.Client | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => dispatch(listeners, n.channel, n.payload ?? ""));
    c.on("error", (error) => {
      log.warn("notification connection lost; reconnecting", { err: error });
      client = undefined;
      setTimeout(() => void connect().catch(() => undefined), 1000);
    });
    await c.connect();
    for (const channel of channels) await c.query(`LISTEN "${channel}"`);
    client = c;
    // Anything missed while disconnected: wake every subscriber to re-read.
    for (const [channel] of listeners) dispatch(listeners, channel, "");
  };
  await connect();
  return {
    listeners,
    async listen(channel) {
      if (channels.has(channel)) return;
      channels.add(channel);
      await client?.query(`LISTEN "${channel}"`);
    },
  };
}

async function embeddedHub(): Promise<Hub> {
  const listeners = new Map<string, Set<Listener>>();
  const channels = new Set<string>();
  const pglite = database().pglite!;
  return {
    listeners,
    async listen(channel) {
      if (channels.has(channel)) return;
      channels.add(channel);
      await pglite.listen(channel, (payload) => dispatch(listeners, channel, payload));
    },
  };
}

function hub(): Promise<Hub> {
  const url = env().DATABASE_URL;
  return hubSlot.getOrCreate(() => (url ? postgresHub(url) : embeddedHub()));
}

/** Calls `listener` with each payload sent on `channel`, until the returned function is called. */
export async function subscribe(channel: string, listener: Listener): Promise<() => void> {
  const h = await hub();
  await h.listen(channel);
  const set = h.listeners.get(channel) ?? new Set<Listener>();
  h.listeners.set(channel, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Sends a notification when (and only if) the transaction commits. */
export async function notify(tx: Tx, channel: string, payload: string) {
  await tx.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
}

export const CHANNELS = { actions: "gatehouse_actions", policies: "gatehouse_policies", apiKeys: "gatehouse_api_keys" } as const;
