// `npm run drill:replicas`: three server processes of the production build on one PostgreSQL
// database. Figures: a limit of 20 is exact under 90 concurrent refunds spread over the three;
// one audit sequencer (every entry a leaf, leaf indexes contiguous, audit:verify passes); every
// approval timer fires once; a kill switch engaged on one replica is refused (423) on the
// others within a second (the time to the first 423 on each is printed).
//
// Needs the production build (`npm run build`) and PostgreSQL (BENCH_DATABASE_URL, default the local one).
// Env: DRILL_PORTS (default 3427,3428,3429), DRILL_REFUNDS (90), DRILL_LIMIT (20), DRILL_TIMERS (12).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startProductionServer, stopServer, throwawayDatabase } from "../../bench/harness";
import { callAction } from "../suites/live";
import {
  DRILL_SECRET,
  Figures,
  serverLog,
  postAction,
  postRefund,
  postUntilAnswered,
  refundPolicy,
  seedDrill,
  serverAction,
  sleep,
} from "./drill";

const PORTS = (process.env.DRILL_PORTS ?? "3427,3428,3429").split(",").map(Number);
const REFUNDS = Number(process.env.DRILL_REFUNDS ?? 90);
const LIMIT = Number(process.env.DRILL_LIMIT ?? 20);
const TIMERS = Number(process.env.DRILL_TIMERS ?? 12);
const bases = PORTS.map((port) => `http://127.0.0.1:${port}`);

const engage = await serverAction("app/(console)/kill-switch/actions.ts#engageAction");
const database = await throwawayDatabase(`gatehouse_drill_replicas_${process.pid}`, () => seedDrill(refundPolicy(LIMIT, "2s", "deny"), 4));
const { keys, adminCookie } = database.seeded;
const servers = await Promise.all(
  PORTS.map((port) =>
    startProductionServer(
      port,
      database.url,
      { NEXTAUTH_SECRET: DRILL_SECRET, LOG_LEVEL: "error" },
      { logFile: serverLog(`replica-${port}`) },
    ),
  ),
);
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;
const figures = new Figures("drill:replicas");

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

try {
  // 1. A limit of LIMIT refunds an hour for one agent, REFUNDS of them at once over the three replicas.
  const attempts = await Promise.all(
    Array.from({ length: REFUNDS }, (_, i) => {
      const idempotencyKey = randomUUID();
      return postUntilAnswered(() => postRefund(bases[i % bases.length]!, keys[0]!, 10, idempotencyKey));
    }),
  );
  const refunds = attempts.map((answers) => answers.at(-1)!);
  figures.add("503 answers retried", attempts.flat().filter((a) => a.status === 503).length, true, "reported");
  const allowed = refunds.filter((a) => a.decision === "allowed").length;
  figures.add(`refunds allowed of ${REFUNDS} at a limit of ${LIMIT}`, allowed, allowed === LIMIT, `exactly ${LIMIT}`);
  figures.add(
    "refunds denied by the limit",
    refunds.filter((a) => a.decision === "denied").length,
    allowed + refunds.filter((a) => a.decision === "denied").length === REFUNDS,
    `${REFUNDS - LIMIT}`,
  );

  // 2. Approval timers: TIMERS payouts wait 2 s for an approver, then time out (deny), each exactly once.
  const payouts = await Promise.all(
    Array.from({ length: TIMERS }, (_, i) => postAction(bases[i % bases.length]!, keys[1]!, "payout.issue", 50, randomUUID())),
  );
  const pendingIds = payouts.filter((a) => a.decision === "pending").map((a) => a.id!);
  figures.add("payouts pending an approver", pendingIds.length, pendingIds.length === TIMERS, String(TIMERS));
  const pendingLeft = () => one<{ n: number }>(`SELECT count(*)::int AS n FROM approval_requests WHERE status = 'pending'`);
  await waitFor(async () => (await pendingLeft()).n === 0, 60_000);
  const timers = await one<{ requests: number; fired: number; twice: number }>(
    `SELECT count(*)::int AS requests, coalesce(sum(n), 0)::int AS fired, count(*) FILTER (WHERE n > 1)::int AS twice
       FROM (SELECT r.id, (SELECT count(*) FROM audit_entries e WHERE e.event_type = 'approval.timed_out' AND e.subject_id IN (r.id::text, r.action_id::text)) AS n
               FROM approval_requests r WHERE r.action_id = ANY($1::uuid[])) t`,
    [pendingIds],
  );
  figures.add("approval timers fired", timers.fired, timers.fired === pendingIds.length, `${pendingIds.length}, once each`);
  figures.add("timers that fired twice", timers.twice, timers.twice === 0, "0");

  // 3. The kill switch, engaged on the first replica; the others are asked until they refuse.
  let stop = false;
  let engagedReturned = Infinity;
  const firstRefusal = bases.slice(1).map(async (base) => {
    let first: number | undefined;
    let lateAnswers = 0;
    while (!stop) {
      const answer = await postAction(base, keys[2]!, "noop.ping", 0, randomUUID());
      if (answer.status === 423) first ??= answer.answeredAt;
      else if (answer.sentAt > engagedReturned) lateAnswers++;
    }
    return { first, lateAnswers };
  });
  await sleep(1_000);
  const engageSent = performance.now();
  const engaged = await (
    await callAction(bases[0]!, engage, [{ target: { scope: "global" }, reason: "drill", confirmation: "HALT" }], { cookie: adminCookie })
  ).text();
  engagedReturned = performance.now();
  await sleep(2_000);
  stop = true;
  const refusals = await Promise.all(firstRefusal);
  figures.add("kill switch engaged on replica 1", engaged.includes('"ok":true') ? "yes" : "no", engaged.includes('"ok":true'), "yes");
  figures.add("the engage took (ms)", Math.round(engagedReturned - engageSent), true, "reported");
  refusals.forEach(({ first, lateAnswers }, i) => {
    // Negative: the other replica refused before the engaging one had answered.
    const ms = first === undefined ? Infinity : Math.round(first - engagedReturned);
    figures.add(`first 423 on replica ${i + 2} (ms after the engage returned)`, ms, ms < 1_000, "< 1000");
    figures.add(`answers other than 423 on replica ${i + 2} after the engage`, lateAnswers, lateAnswers === 0, "0");
  });

  // 4. One audit sequencer: every entry becomes exactly one leaf, indexes 0..n-1, and the log verifies.
  const sequenced = () =>
    one<{ entries: number; leaves: number; top: number }>(
      `SELECT (SELECT count(*) FROM audit_entries)::int AS entries, (SELECT count(*) FROM audit_leaves)::int AS leaves,
              (SELECT coalesce(max(leaf_index) + 1, 0) FROM audit_leaves)::int AS top`,
    );
  await waitFor(async () => {
    const s = await sequenced();
    return s.entries === s.leaves;
  }, 30_000);
  const s = await sequenced();
  figures.add("audit entries sequenced into leaves", `${s.leaves}/${s.entries}`, s.entries === s.leaves, "all");
  figures.add("leaf indexes contiguous", s.top === s.leaves ? "yes" : "no", s.top === s.leaves, "yes");
  const verify = spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
  });
  figures.add("audit:verify", verify.status === 0 ? "passes" : "fails", verify.status === 0, "passes");
  if (verify.status !== 0) console.log(verify.stdout, verify.stderr);
  const fiveXX = refunds.concat(payouts).filter((a) => a.status >= 500 || a.status === 0).length;
  figures.add("5xx or no answer", fiveXX, fiveXX === 0, "0");
} finally {
  await client.end();
  await Promise.all(servers.map(stopServer));
  await database.drop();
}
figures.report();
