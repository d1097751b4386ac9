import { readMigrations, applyMigrations } from "./schema-engine";
import { database } from "./client";
import { withSessionLock } from "./session-lock";

// Replicas that start together against a new database take turns on this lock, so the
// first applies the migrations and the others find nothing left to do. Prisma's engine
// takes its own advisory lock too, but gives up after 10 s, which a first migration of a
// busy server can outlast: the other replicas would crash and restart.
const MIGRATION_LOCK = "gatehouse.migrate";

/** Applies pending migrations to the configured database; returns the names applied. */
export const migrateDatabase = (): Promise<string[]> => withSessionLock(MIGRATION_LOCK, () => applyMigrations(database().adapter));

/** Names of committed migrations that the database has not applied (for readiness). */
export async function pendingMigrations(): Promise<string[]> {
  const { migrationDirectories } = await readMigrations();
  const rows = await database().prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((r) => r.migration_name));
  return migrationDirectories.map((d) => d.path).filter((name) => !applied.has(name));
}

/** Migrates only when something is pending (cheap on every start after the first). */
export async function ensureMigrated(): Promise<string[]> {
  const pending = await pendingMigrations().catch(() => null); // null: no migration table yet
  return pending && pending.length === 0 ? [] : migrateDatabase();
}
