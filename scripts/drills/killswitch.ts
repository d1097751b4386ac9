// `npm run drill:killswitch`: agents post refunds under load while an admin engages the global
// kill switch (with "reject pending approvals") through the console's server action. Figures:
// no action allowed that was asked after the engage returned (by the answers and by the
// database), every pending approval in scope rejected, no 5xx.
//
// Needs the production build (`npm run build`) and PostgreSQL (BENCH_DATABASE_URL, default the local one).
// Env: DRILL_PORT (default 3431), DRILL_AGENTS (8), DRILL_PENDING (10).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startProductionServer, stopServer, throwawayDatabase } from "../../bench/harness";
import { callAction } from "../suites/live";
import { DRILL_SECRET, Figures, serverLog, postRefund, refundPolicy, seedDrill, serverAction, sleep, type Answer } from "./drill";

const PORT = Number(process.env.DRILL_PORT ?? 3431);
const AGENTS = Number(process.env.DRILL_AGENTS ?? 8);
const PENDING = Number(process.env.DRILL_PENDING ?? 10);
const BASE = `http://127.0.0.1:${PORT}`;

const engage = await serverAction("app/(console)/kill-switch/actions.ts#engageAction");
const database = await throwawayDatabase(`gatehouse_drill_killswitch_${process.pid}`, () => seedDrill(refundPolicy(1_000_000), AGENTS));
const { keys, adminCookie } = database.seeded;
const server = await startProductionServer(
  PORT,
  database.url,
  { NEXTAUTH_SECRET: DRILL_SECRET, LOG_LEVEL: "error" },
  { logFile: serverLog("killswitch") },
);
const figures = new Figures("drill:killswitch");
try {
  const pending = await Promise.all(Array.from({ length: PENDING }, (_, i) => postRefund(BASE, keys[i % keys.length]!, 500, randomUUID())));
  const pendingIds = pending.filter((a) => a.decision === "pending").map((a) => a.id!);

  const answers: Answer[] = [];
  let running = true;
  const workers = keys.map(async (key) => {
    while (running) answers.push(await postRefund(BASE, key, 10, randomUUID()));
  });
  await sleep(3_000);
  const engageSentAt = performance.now();
  const response = await callAction(
    BASE,
    engage,
    [{ target: { scope: "global" }, reason: "drill", autoReject: true, confirmation: "HALT" }],
    {
      cookie: adminCookie,
    },
  );
  const engageResult = await response.text();
  const engageReturnedAt = performance.now();
  const engageReturnedWall = new Date();
  await sleep(3_000);
  running = false;
  await Promise.all(workers);

  const after = answers.filter((a) => a.sentAt > engageReturnedAt);
  const allowedAfter = after.filter((a) => a.decision === "allowed").length;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ allowed_after: number; rejected: number }>(
    `SELECT (SELECT count(*) FROM actions WHERE status = 'allowed' AND decided_at > $2)::int AS allowed_after,
            (SELECT count(*) FROM approval_requests r JOIN actions a ON a.id = r.action_id WHERE r.action_id = ANY($1::uuid[]) AND r.status IN ('cancelled', 'rejected') AND a.status = 'denied')::int AS rejected`,
    [pendingIds, engageReturnedWall],
  );
  await client.end();

  if (!engageResult.includes('"ok":true')) console.log(`the engage answered ${response.status}: ${engageResult.slice(0, 400)}`);
  figures.add("engage answered ok", engageResult.includes('"ok":true') ? "yes" : "no", engageResult.includes('"ok":true'), "yes");
  figures.add("engage took (ms)", Math.round(engageReturnedAt - engageSentAt), true, "reported");
  figures.add("actions asked under load", answers.length, answers.length > 0, "> 0");
  figures.add(
    "allowed before the engage",
    answers.filter((a) => a.answeredAt < engageSentAt && a.decision === "allowed").length,
    true,
    "reported",
  );
  figures.add("asked after the engage returned", after.length, after.length > 0, "> 0");
  figures.add(
    "of those refused with 423",
    after.filter((a) => a.status === 423).length,
    after.every((a) => a.status === 423),
    "all",
  );
  figures.add("allowed after the engage (answers)", allowedAfter, allowedAfter === 0, "0");
  figures.add("allowed after the engage (database)", rows[0]!.allowed_after, rows[0]!.allowed_after === 0, "0");
  figures.add("pending approvals in scope", pendingIds.length, pendingIds.length === PENDING, String(PENDING));
  figures.add("of those rejected", rows[0]!.rejected, rows[0]!.rejected === pendingIds.length, "all");
  const fiveXX = answers.filter((a) => a.status >= 500 || a.status === 0).length;
  figures.add("5xx or no answer", fiveXX, fiveXX === 0, "0");
} finally {
  await stopServer(server);
  await database.drop();
}
figures.report();
