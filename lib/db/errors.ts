// Recognises database failures that are the caller's fault, whichever driver raised them.

type MaybeDbError = {
  code?: unknown;
  meta?: { target?: unknown; driverAdapterError?: { cause?: { kind?: string; constraint?: unknown } } };
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
