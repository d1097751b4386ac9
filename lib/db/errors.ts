// Recognises database failures that are the caller's fault, and those that mean the
// database is briefly away, whichever driver (Prisma over pg, or PGlite) raised them.

type MaybeDbError = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errorCode?: unknown;
  meta?: { target?: unknown; driverAdapterError?: { cause?: { kind?: string; constraint?: unknown; originalCode?: unknown } } };
};

export function isUniqueViolation(error: unknown): boolean {
  const e = error as MaybeDbError | undefined;
  // P2002: Prisma; 23505: PostgreSQL's own code, as pg and PGlite raise it (lib/db/batch-transaction.ts).
  return e?.code === "P2002" || e?.code === "23505" || e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}

export function uniqueViolationTarget(error: unknown): string | undefined {
  const e = error as MaybeDbError;
  const target = e.meta?.target ?? e.meta?.driverAdapterError?.cause?.constraint;
  if (Array.isArray(target)) return target.join(", ");
  if (target && typeof target === "object" && "fields" in target) return (target as { fields: string[] }).fields.join(", ");
  return typeof target === "string" ? target : undefined;
}

/** Prisma's codes for a server it cannot reach, that timed out or closed, or a full pool. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** Driver adapter error kinds with the same meaning. */
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
/** PostgreSQL: connection exceptions (class 08), shutting down or starting up (57P01-57P03), too many connections. */
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;
/** Node's socket errors. */
const SOCKET_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);
/** What pg and PGlite say when a connection ends or never comes, with no code. */
const MESSAGE_UNAVAILABLE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|PGlite is closed|Can't reach database server/i;

/** Prisma could not get a connection for a transaction in time (P2028): every one is busy; nothing was written. */
const TRANSACTION_NOT_STARTED = /Unable to start a transaction in the given time/i;

/** Whether this error means the database is away (restarting, unreachable, out of connections), not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as MaybeDbError | undefined, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = e.cause as MaybeDbError, depth++
  ) {
    const code = typeof e.code === "string" ? e.code : typeof e.errorCode === "string" ? e.errorCode : undefined;
    const adapter = e.meta?.driverAdapterError?.cause;
    if (code && (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
    if (adapter?.kind && ADAPTER_UNAVAILABLE.has(adapter.kind)) return true;
    if (typeof adapter?.originalCode === "string" && SQLSTATE_UNAVAILABLE.test(adapter.originalCode)) return true;
    if (typeof e.message === "string" && MESSAGE_UNAVAILABLE.test(e.message)) return true;
    if (typeof e.message === "string" && TRANSACTION_NOT_STARTED.test(e.message)) return true;
  }
  return false;
}
