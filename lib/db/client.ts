import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { env } from "../env";
import { processSlot } from "../process-singleton";
import { PrismaClient } from "./generated/client";
import { openEmbedded } from "./embedded";

// The one Prisma client of the process. DATABASE_URL → PostgreSQL through `pg`;
// no DATABASE_URL → embedded PostgreSQL (PGlite) in GATEHOUSE_DATA_DIR. Same schema,
// same migrations, same queries.

type Database = {
  prisma: PrismaClient;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  kind: "postgres" | "embedded";
  close: () => Promise<void>;
  /** The embedded database itself (for LISTEN and bulk reads), when there is one. */
  pglite?: PGlite;
  /** A small native pool for bulk reads (lib/db/bulk-read.ts) and the migration lock (migrate.ts), when on PostgreSQL. */
  bulkPool?: () => pg.Pool;
  /** The native pool of the decision path's batch transactions (lib/db/batch-transaction.ts), when on PostgreSQL. */
  batchPool?: () => pg.Pool;
};

// One client (and one PGlite) per process.
const dbSlot = processSlot<Database>("db");

function open(): Database {
  const { DATABASE_URL, GATEHOUSE_DATA_DIR } = env();
  if (DATABASE_URL) {
    const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: 20 });
    const prisma = new PrismaClient({ adapter });
    let bulk: pg.Pool | undefined;
    const bulkPool = () => (bulk ??= new pg.Pool({ connectionString: DATABASE_URL, max: 2 }));
    let batch: pg.Pool | undefined;
    // Enough to keep both cores busy; more only queue on the same counter rows.
    const batchPool = () => (batch ??= new pg.Pool({ connectionString: DATABASE_URL, max: 12 }));
    return {
      prisma,
      adapter,
      kind: "postgres",
      bulkPool,
      batchPool,
      close: async () => {
        await prisma.$disconnect();
        await bulk?.end();
        await batch?.end();
      },
    };
  }
  mkdirSync(GATEHOUSE_DATA_DIR, { recursive: true });
  const { adapter, pglite, close } = openEmbedded(GATEHOUSE_DATA_DIR);
  const prisma = new PrismaClient({ adapter });
  return { prisma, adapter, pglite, kind: "embedded", close: () => prisma.$disconnect().finally(close) };
}

export function database(): Database {
  return dbSlot.getOrCreate(open);
}

export const db = () => database().prisma;

export async function closeDatabase() {
  const current = dbSlot.get();
  dbSlot.set(undefined);
  await current?.close();
}

export type { PrismaClient };
