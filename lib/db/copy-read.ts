import { StringDecoder } from "node:string_decoder";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { database } from "./client";

// Streaming a large read-only query out of PostgreSQL with COPY ... TO STDOUT (text
// format): one stream instead of a query per batch, and no per-column parsing by the
// driver; the caller splits each line into fields (copyFields). PostgreSQL only: the
// embedded database has no COPY stream (copyLines returns null there).

/**
 * The rows of `sql` as COPY text lines, a socket chunk at a time. `sql` takes no bind
 * parameters (COPY cannot): inline values with `pg.escapeLiteral`. Stopping early (a
 * `break`, an aborted signal) discards the connection, since the server is still sending.
 */
export function copyLines(sql: string, signal?: AbortSignal): AsyncGenerator<string[]> | null {
  const { bulkPool } = database();
  return bulkPool ? stream(bulkPool(), sql, signal) : null;
}

async function* stream(pool: pg.Pool, sql: string, signal?: AbortSignal) {
  const client = await pool.connect();
  let finished = false;
  try {
    const decoder = new StringDecoder("utf8"); // a chunk may end inside a multi-byte character
    let rest = "";
    for await (const chunk of client.query(copyTo(`COPY (${sql}) TO STDOUT`)) as AsyncIterable<Buffer>) {
      if (signal?.aborted) return;
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop()!;
      if (lines.length) yield lines;
    }
    finished = true;
  } finally {
    client.release(finished ? undefined : new Error("COPY stopped before its end"));
  }
}

const UNESCAPE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** A COPY text line's fields: `\N` is null, backslash escapes undone. */
export function copyFields(line: string): (string | null)[] {
  const fields: (string | null)[] = line.split("\t");
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f === "\\N") fields[i] = null;
    else if (f.includes("\\")) fields[i] = f.replace(/\\(.)/g, (_m, c: string) => UNESCAPE[c] ?? c);
  }
  return fields;
}
