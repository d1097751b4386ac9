import { afterAll, beforeAll, inject } from "vitest";

// Point this test file's process at the run's database before any app module reads the environment.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
else process.env.GATEHOUSE_DATA_DIR = inject("dataDir");
// Contract tests: every 2xx JSON answer of a route is checked against its operation's response schema (lib/http/route.ts).
process.env.GATEHOUSE_CHECK_RESPONSES = "1";
// Signs the session cookies tests make for operator routes (lib/testing/session.ts).
process.env.NEXTAUTH_SECRET ??= "integration-tests-session-secret-0123456789";

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
