import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import { database } from "../db/client";
import { withSessionLock } from "../db/session-lock";
import type { Tx } from "../db/transaction";
import { env } from "../env";
import { log } from "../log";
import { processSlot } from "../process-singleton";

// Background jobs through pg-boss, in the same PostgreSQL as everything else: a job is a
// row, enqueued in the transaction that made it necessary (it exists only if that change
// commits), fetched with SKIP LOCKED by whichever replica polls first, retried with
// backoff when its handler throws, and still there after a restart. On the embedded
// database, pg-boss runs the same SQL through PGlite.

export type Job<T> = {
  name: string;
  /** Attempts after the first one, with exponential backoff from retryDelaySeconds. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** How long one attempt may run before pg-boss fails it (and retries). */
  expireInSeconds: number;
  handler: (data: T) => Promise<void>;
};

export function defineJob<T>(spec: {
  name: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  handler: (data: T) => Promise<void>;
}): Job<T> {
  return { retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60, ...spec };
}

type Executor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** PGlite runs parameterless multi-statement SQL (pg-boss's locked migrations) through exec. */
function embeddedExecutor(pglite: PGlite): Executor {
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: (await pglite.query(text, values)).rows };
      try {
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      } catch (error) {
        await pglite.exec("ROLLBACK").catch(() => undefined); // a failed BEGIN … COMMIT block must not leave the one connection aborted
        throw error;
      }
    },
  };
}

/** Runs pg-boss's statement inside the caller's Prisma transaction. */
const transactionExecutor = (tx: Tx): Executor => ({
  async executeSql(text, values = []) {
    return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) };
  },
});

const QUEUE_SETUP_LOCK = "gatehouse.jobs.queue-setup";

type Runtime = { boss: PgBoss; ready: Promise<void>; workers: Set<string>; queues: Set<string> };
// One queue (and one record of the prepared queues) per process.
const jobsSlot = processSlot<Runtime>("jobs");

const runtime = () => jobsSlot.getOrCreate(startRuntime);

function startRuntime(): Runtime {
  const { DATABASE_URL } = env();
  const { pglite } = database();
  const common = {
    schema: "pgboss",
    application_name: "gatehouse-jobs",
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 120,
  } as const;
  const boss = DATABASE_URL
    ? new PgBoss({ ...common, connectionString: DATABASE_URL, max: 4 })
    : new PgBoss({ ...common, db: embeddedExecutor(pglite!) as PgBoss.Db, max: 1 });
  boss.on("error", (error) => log.error("job queue error", { err: error }));
  const ready = boss.start().then(() => undefined);
  return { boss, ready, workers: new Set(), queues: new Set() };
}

async function queueFor(job: Job<unknown>): Promise<PgBoss> {
  const { boss, ready, queues } = runtime();
  await ready;
  if (!queues.has(job.name)) {
    const options = {
      name: job.name,
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: job.retryLimit > 0,
      expireInSeconds: job.expireInSeconds,
    };
    // createQueue is a no-op for an existing queue; updateQueue keeps its options current.
    // pg-boss's create_queue() deadlocks when replicas starting together run it at once.
    await withSessionLock(QUEUE_SETUP_LOCK, async () => {
      await boss.createQueue(job.name, options);
      await boss.updateQueue(job.name, options);
    });
    queues.add(job.name);
  }
  return boss;
}

export type EnqueueOptions = {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Tx;
  startAfter?: Date;
  /** At most one queued (not yet started) job per key. */
  singletonKey?: string;
};

/**
 * Starts the queue and creates these jobs' queues. Every process that enqueues calls it
 * at start: enqueueing inside a transaction must not wait for setup work on another
 * connection (on the embedded database there is only one, held by that transaction).
 */
export async function prepareJobs(jobs: Job<never>[]) {
  for (const job of jobs as unknown as Job<unknown>[]) await queueFor(job);
}

export async function enqueue<T extends object>(job: Job<T>, data: T, options: EnqueueOptions = {}): Promise<string | null> {
  if (options.tx && !runtime().queues.has(job.name))
    throw new Error(`Job queue "${job.name}" is not prepared: call prepareJobs() when the process starts`);
  const boss = await queueFor(job as Job<unknown>);
  return boss.send(job.name, data, {
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.tx ? { db: transactionExecutor(options.tx) as PgBoss.Db } : {}),
  });
}

/** Runs these jobs' handlers in this process (once per job name), polling every half second. */
export async function startWorkers(jobs: Job<never>[], pollingIntervalSeconds = 0.5) {
  const { workers } = runtime();
  for (const job of jobs as unknown as Job<unknown>[]) {
    if (workers.has(job.name)) continue;
    const boss = await queueFor(job);
    workers.add(job.name);
    await boss.work(job.name, { pollingIntervalSeconds, batchSize: 1 }, async ([item]) => {
      if (item) await job.handler(item.data);
    });
  }
}

/** Runs a handler on a cron schedule (every replica may ask; pg-boss sends one job per slot). */
export async function schedule(job: Job<Record<string, never>>, cron: string) {
  const boss = await queueFor(job as Job<unknown>);
  await boss.schedule(job.name, cron, {});
}

/** Stops polling and waits briefly for running handlers; queued jobs stay for the next start. */
export async function stopJobs() {
  const current = jobsSlot.get();
  if (!current) return;
  jobsSlot.set(undefined);
  await current.ready.catch(() => undefined);
  await current.boss.stop({ graceful: true, wait: true, timeout: 5000, close: Boolean(env().DATABASE_URL) });
}
