import { database } from "./client";

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock named `name`, so that
 * replicas starting together take turns at start-up work that is not safe to run concurrently
 * (migrations, the job queue's DDL). The lock is held on a connection of its own; the work uses
 * the usual ones. The embedded database has one process per data folder: no lock is needed.
 */
export async function withSessionLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const { bulkPool } = database();
  if (!bulkPool) return work();
  const session = await bulkPool().connect();
  try {
    await session.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      return await work();
    } finally {
      await session.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  } finally {
    session.release();
  }
}
