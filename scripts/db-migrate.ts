// `npm run db:migrate`: applies pending migrations to the configured database
// (DATABASE_URL, or the embedded one in GATEHOUSE_DATA_DIR). Safe to run again.
import { closeDatabase, database } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";

const target = database().kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : "the embedded database";
const applied = await migrateDatabase();
console.log(
  applied.length ? `Applied ${applied.length} migration(s) to ${target}:\n  ${applied.join("\n  ")}` : `${target}: already up to date.`,
);
await closeDatabase();
