import { literal, type Row } from "../db/batch-transaction";
import type { Tx } from "../db/transaction";
import type { CounterRequest, CounterUsage } from "../policy/types";

// Database pieces of the decision path that run inside its transaction, as statements both
// ways of writing a decision send: the batch path (decide-batch.ts) and Prisma (service.ts).

/** Counters in key order: concurrent decisions on the same counters lock them in the same order, so they queue, never deadlock. */
export const inLockOrder = (requests: CounterRequest[]) => [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** Creates the counter row if missing, row-locks it either way (until commit), returns its values. */
export const lockCounterStatement = ({ key, windowStart }: CounterRequest) => `
  INSERT INTO limit_counters (key, window_start) VALUES (${literal(key)}, ${literal(windowStart)})
  ON CONFLICT (key, window_start) DO UPDATE SET count = limit_counters.count
  RETURNING count, amount::text AS amount`;

export function bumpCounterStatement({ key, windowStart, measure, increment }: CounterRequest) {
  const set = measure === "count" ? `count = count + ${literal(increment)}` : `amount = amount + ${literal(increment)}::numeric`;
  return `UPDATE limit_counters SET ${set} WHERE key = ${literal(key)} AND window_start = ${literal(windowStart)}`;
}

/** The usage the policy engine reads, from lockCounterStatement's rows (one per counter, in lock order). */
export function usageOf(locked: CounterRequest[], rows: Row[][]): CounterUsage {
  const usage: CounterUsage = {};
  locked.forEach(({ key }, i) => {
    const row = rows[i]?.[0] as { count?: number; amount?: string } | undefined;
    usage[key] = { count: Number(row?.count ?? 0), amount: Number(row?.amount ?? 0) };
  });
  return usage;
}

/**
 * Locks the counters a decision needs (creating missing ones) and returns their values.
 * Concurrent decisions on the same counters queue instead of both reading the old value:
 * no over-admission past a limit.
 */
export async function lockCounters(tx: Tx, requests: CounterRequest[]): Promise<CounterUsage> {
  const sorted = inLockOrder(requests);
  const rows: Row[][] = [];
  for (const request of sorted) rows.push(await tx.$queryRawUnsafe<Row[]>(lockCounterStatement(request)));
  return usageOf(sorted, rows);
}

export async function bumpCounters(tx: Tx, requests: CounterRequest[]) {
  for (const request of requests) await tx.$executeRawUnsafe(bumpCounterStatement(request));
}
