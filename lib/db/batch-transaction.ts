import pg from "pg";
import { database } from "./client";

// Transactions sent as a few multi-statement batches straight through the driver, for the
// decision path: each batch is one round trip (PostgreSQL's simple query protocol runs
// every statement of a string in order and stops at the first error), and on PostgreSQL
// the first batch carries BEGIN and the last COMMIT, so a decision takes two round trips
// where Prisma's interactive transaction took eight. Values go into the SQL as escaped
// literals (the simple protocol has no parameters): build statements only with
// `literal` and `insertStatement` below. Everywhere else, Prisma and lib/db/transaction.ts.

export type Row = Record<string, unknown>;

export type BatchTx = {
  /** Runs the statements (separated by ";") in one round trip; the rows of each statement, in order. */
  run(sql: string): Promise<Row[][]>;
  /** As run(), then commits in the same round trip. Nothing may run after it. */
  runAndCommit(sql: string): Promise<Row[][]>;
};

/** A value as an SQL literal. An untyped literal takes the type of the column it is written to. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === "string") return pg.escapeLiteral(value);
  return pg.escapeLiteral(JSON.stringify(value));
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `INSERT INTO table (...) VALUES (...), ...` for rows keyed by the Prisma model's field names
 * (camelCase; the columns are their snake_case @map names). An undefined field takes its default.
 */
export function insertStatement(table: string, rows: Row[]): string {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const values = rows.map((r) => `(${fields.map((f) => (r[f] === undefined ? "DEFAULT" : literal(r[f]))).join(", ")})`);
  return `INSERT INTO ${table} (${fields.map(column).join(", ")}) VALUES ${values.join(", ")}`;
}

/** pg answers a single statement with one result and several with an array of them. */
const rowsOf = (result: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(result) ? result : [result]).map((r) => r.rows as Row[]);

async function onPostgres<T>(pool: pg.Pool, fn: (tx: BatchTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let state = "idle" as "idle" | "open" | "done";
  const send = async (sql: string, commit: boolean) => {
    if (state === "done") throw new Error("batch transaction already committed");
    const begin = state === "idle";
    state = "open";
    const rows = rowsOf(await client.query(`${begin ? "BEGIN;" : ""}${sql}${commit ? ";COMMIT" : ""}`));
    if (commit) state = "done";
    return rows.slice(begin ? 1 : 0, commit ? -1 : undefined);
  };
  try {
    const result = await fn({ run: (sql) => send(sql, false), runAndCommit: (sql) => send(sql, true) });
    if (state === "open") await send("SELECT 1", true);
    client.release();
    return result;
  } catch (error) {
    // After an error PostgreSQL skipped the rest of the batch (COMMIT included): roll back.
    const rolledBack =
      state === "open"
        ? await client.query("ROLLBACK").then(
            () => true,
            () => false,
          )
        : true;
    client.release(rolledBack ? undefined : true); // a connection in an unknown state is closed, not reused
    throw error;
  }
}

/** One transaction of batches: committed by runAndCommit (or when `fn` returns), rolled back if anything throws. */
export async function batchTransaction<T>(fn: (tx: BatchTx) => Promise<T>): Promise<T> {
  const { pglite, batchPool } = database();
  if (!pglite) return onPostgres(batchPool!(), fn);
  // The embedded database runs in this process: no round trips to save, the same SQL in its transaction.
  return pglite.transaction(async (tx) => {
    const run = async (sql: string) => (await tx.exec(sql)).map((r) => r.rows as Row[]);
    return fn({ run, runAndCommit: run });
  });
}
