import { afterAll, inject } from "vitest";

// Point this test file's process at the run's database before any app module reads the environment.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
else process.env.GATEHOUSE_DATA_DIR = inject("dataDir");

afterAll(async () => {
  const { closeDatabase } = await import("../../lib/db/client");
  await closeDatabase();
});
