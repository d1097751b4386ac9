import { afterAll, beforeAll, inject } from "vitest";

// Point this test file's process at the run's database before any app module reads the environment.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
else process.env.GATEHOUSE_DATA_DIR = inject("dataDir");

beforeAll(async () => {
  const { prepareBackgroundJobs } = await import("../../lib/server/jobs");
  await prepareBackgroundJobs();
});

afterAll(async () => {
  const { stopJobs } = await import("../../lib/jobs/queue");
  const { closeDatabase } = await import("../../lib/db/client");
  await stopJobs();
  await closeDatabase();
});
