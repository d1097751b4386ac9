import { database } from "./client";

// Bulk reads (verifying or exporting millions of audit rows) through the native driver
// with array rows: several times faster than mapping each row to an object. Read-only
// by design; writes go through Prisma and lib/db/transaction.ts.

/** Runs a read-only query and returns its rows as arrays (int8 values come back as strings). */
export async function readRows(sql: string, params: unknown[] = []): Promise<unknown[][]> {
  const { pglite, bulkPool } = database();
  if (pglite) return (await pglite.query<unknown[]>(sql, params, { rowMode: "array" })).rows;
  return (await bulkPool!().query({ text: sql, values: params, rowMode: "array" })).rows;
}
