// A Gatehouse replica's start-up work without the web server, for
// tests/integration/migrate-replicas.test.ts: waits until the test opens its gate (a shared
// advisory lock named START_GATE, so that all replicas begin at the same moment), then runs
// bootstrap() against DATABASE_URL (migrations, secrets, policies, signing keys, the job queue
// and its schedules, the first admin) and stops cleanly. A failure exits non-zero with the
// reason on stderr.
import pg from "pg";
import { stopSequencer } from "../../../lib/audit/service";
import { stopFolding } from "../../../lib/dashboard/store";
import { closeDatabase } from "../../../lib/db/client";
import { stopJobs } from "../../../lib/jobs/queue";
import { bootstrap } from "../../../lib/server/bootstrap";

const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
await gate.connect();
await gate.query("SELECT pg_advisory_lock_shared(hashtext($1))", [process.env.START_GATE]);
await gate.end();

await bootstrap();
stopSequencer();
stopFolding();
await stopJobs();
await closeDatabase();
process.exit(0);
