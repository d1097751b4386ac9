import type { Prisma } from "./generated/client";
import { db } from "./client";

export type Tx = Prisma.TransactionClient;

// Work to do once a transaction has committed (counting what it did, say): never for one
// that rolled back.
const afterCommitHooks = new WeakMap<Tx, (() => void)[]>();

/** Runs `fn` after the transaction `tx` commits; at once when `tx` is not one opened by transaction(). */
export function afterCommit(tx: Tx, fn: () => void) {
  const hooks = afterCommitHooks.get(tx);
  if (hooks) hooks.push(fn);
  else fn();
}

/** The one place that opens transactions: a change and its audit entries commit together. */
export async function transaction<T>(
  fn: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number } = {},
): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await db().$transaction(
    (tx) => {
      afterCommitHooks.set(tx, hooks);
      return fn(tx);
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeoutMs ?? 10_000, maxWait: 10_000 },
  );
  for (const hook of hooks) hook();
  return result;
}
