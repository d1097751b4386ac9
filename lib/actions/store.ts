import type { Tx } from "../db/transaction";
import type { CounterRequest, CounterUsage } from "../policy/types";

// Database pieces of the decision path that run inside its transaction.

/**
 * Locks the counters a decision needs (creating missing ones) and returns their values.
 * Rows are taken in key order, so concurrent decisions on the same counters queue up
 * instead of both reading the old value: no over-admission past a limit.
 */
export async function lockCounters(tx: Tx, requests: CounterRequest[]): Promise<CounterUsage> {
  const usage: CounterUsage = {};
  const sorted = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, windowStart } of sorted) {
    // One round trip: creates the row if missing, row-locks it either way, returns its values.
    const [row] = await tx.$queryRaw<{ count: number; amount: string }[]>`
      INSERT INTO limit_counters (key, window_start) VALUES (${key}, ${windowStart})
      ON CONFLICT (key, window_start) DO UPDATE SET count = limit_counters.count
      RETURNING count, amount::text`;
    usage[key] = { count: row?.count ?? 0, amount: Number(row?.amount ?? 0) };
  }
  return usage;
}

export async function bumpCounters(tx: Tx, requests: CounterRequest[]) {
  for (const { key, windowStart, measure, increment } of requests) {
    if (measure === "count") {
      await tx.$executeRaw`UPDATE limit_counters SET count = count + ${increment} WHERE key = ${key} AND window_start = ${windowStart}`;
    } else {
      await tx.$executeRaw`UPDATE limit_counters SET amount = amount + ${increment}::numeric WHERE key = ${key} AND window_start = ${windowStart}`;
    }
  }
}
