// Authors a migration, like `prisma migrate dev --create-only`: diffs the committed
// migrations against prisma/schema.prisma on an in-memory PGlite shadow database.
// Usage: npm run db:migration -- <name>
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { diffMigrationsToSchema } from "../lib/db/schema-engine";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (name: lower-case letters, digits, _)");
  process.exit(2);
}
const sql = await diffMigrationsToSchema(new PrismaPGlite(new PGlite("memory://")));
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("prisma/schema.prisma matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql`);
