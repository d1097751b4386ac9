import path from "node:path";
import { defineConfig } from "prisma/config";

// Used by the stock Prisma CLI where its native engine is available
// (`npx prisma migrate deploy`). Gatehouse's own `npm run db:migrate` needs no CLI.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/gatehouse" },
});
