import type { Prisma } from "./generated/client";
import { db } from "./client";

export type Tx = Prisma.TransactionClient;

/** The one place that opens transactions: a change and its audit entries commit together. */
export function transaction<T>(
  fn: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number } = {},
): Promise<T> {
  return db().$transaction(fn, { isolationLevel: options.isolationLevel, timeout: options.timeoutMs ?? 10_000, maxWait: 10_000 });
}
