import { database } from "../db/client";
import { pendingMigrations } from "../db/migrate";
import type { Readiness } from "../contracts/system";

export async function readiness(): Promise<Readiness> {
  const { prisma, kind } = database();
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    return { status: "not_ready", database: { kind, reachable: false, error: (error as Error).message }, migrations: { pending: [] } };
  }
  const pending = await pendingMigrations().catch(() => ["(migration table missing)"]);
  return { status: pending.length ? "not_ready" : "ready", database: { kind, reachable: true }, migrations: { pending } };
}
