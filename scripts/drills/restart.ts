// `npm run drill:restart`: agents post decisions under load while PostgreSQL stops for a few
// seconds and starts again. The drill runs its own PostgreSQL cluster (initdb + pg_ctl from
// PG_BIN, in a temporary folder, on its own port; as the postgres user when run as root), never
// a shared one. Figures: every acknowledged action is in the database afterwards, no answer was a
// 5xx other than 503 (agents retry a 503 with the same idempotency key), decisions resume after
// the restart, and audit:verify passes.
//
// Needs the production build (`npm run build`). Env: DRILL_PORT (default 3430), DRILL_PG_PORT
// (3432), PG_BIN (/usr/lib/postgresql/15/bin), DRILL_AGENTS (8), DRILL_DOWN_SECONDS (3).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { DRILL_SECRET, Figures, serverLog, postRefund, postUntilAnswered, refundPolicy, seedDrill, sleep, type Answer } from "./drill";

const PORT = Number(process.env.DRILL_PORT ?? 3430);
const PG_PORT = Number(process.env.DRILL_PG_PORT ?? 3432);
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const AGENTS = Number(process.env.DRILL_AGENTS ?? 8);
const DOWN_MS = Number(process.env.DRILL_DOWN_SECONDS ?? 3) * 1000;
const BASE = `http://127.0.0.1:${PORT}`;

// ─── a private cluster ───
const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-drill-pg-"));
chmodSync(dir, 0o777);
const asRoot = process.getuid?.() === 0;
function pgCommand(tool: string, args: string[]) {
  const [command, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args]]
    : [path.join(PG_BIN, tool), args];
  const result = spawnSync(command, argv, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}
const data = path.join(dir, "data");
const pgCtl = (...args: string[]) => pgCommand("pg_ctl", ["-D", data, "-w", ...args]);
pgCommand("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
const startCluster = () =>
  pgCtl("-l", path.join(dir, "log"), "-o", `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start");
startCluster();
process.env.BENCH_DATABASE_URL = `postgresql://postgres@127.0.0.1:${PG_PORT}/postgres`;

const { startProductionServer, stopServer, throwawayDatabase } = await import("../../bench/harness");
const figures = new Figures("drill:restart");
try {
  const database = await throwawayDatabase("gatehouse_drill_restart", () => seedDrill(refundPolicy(1_000_000_000), AGENTS));
  const server = await startProductionServer(
    PORT,
    database.url,
    { NEXTAUTH_SECRET: DRILL_SECRET, LOG_LEVEL: "error" },
    { logFile: serverLog("restart") },
  );
  const answers: Answer[] = [];
  const acknowledged = new Set<string>();
  let running = true;
  let restartedAt = Infinity;
  // Each agent asks, and retries a 503 (or no answer) with the same idempotency key, as the typed client does.
  const agents = database.seeded.keys.map(async (key) => {
    while (running) {
      const idempotencyKey = randomUUID();
      const tries = await postUntilAnswered(() => postRefund(BASE, key, 10, idempotencyKey));
      answers.push(...tries);
      const last = tries.at(-1)!;
      if (last.status === 200 || last.status === 201) acknowledged.add(last.id!);
    }
  });
  await sleep(4_000);
  const stoppedAt = performance.now();
  pgCtl("-m", "fast", "stop");
  await sleep(DOWN_MS);
  startCluster();
  restartedAt = performance.now();
  await sleep(8_000);
  running = false;
  await Promise.all(agents);
  await stopServer(server);

  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const found = (await client.query(`SELECT count(*)::int AS n FROM actions WHERE id = ANY($1::uuid[])`, [[...acknowledged]])).rows[0]
    .n as number;
  await client.end();
  const verify = spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
  });

  const during = answers.filter((a) => a.answeredAt > stoppedAt && a.sentAt < restartedAt);
  const other5xx = answers.filter((a) => a.status >= 500 && a.status !== 503);
  const afterRestart = answers.filter((a) => a.sentAt > restartedAt);
  figures.add("answers", answers.length, answers.length > 0, "> 0");
  figures.add("acknowledged actions", acknowledged.size, acknowledged.size > 0, "> 0");
  figures.add("acknowledged found in the database", found, found === acknowledged.size, String(acknowledged.size));
  figures.add("503 answers (database away)", answers.filter((a) => a.status === 503).length, true, "reported");
  figures.add("answers while the database was away", during.length, true, "reported");
  figures.add("5xx other than 503", other5xx.length, other5xx.length === 0, "0");
  figures.add(
    "no answer at all (connection refused, timeout)",
    answers.filter((a) => a.status === 0).length,
    answers.every((a) => a.status !== 0),
    "0",
  );
  const recovered = afterRestart.filter((a) => a.status === 201).length;
  figures.add("acknowledged after the restart", recovered, recovered > 0, "> 0");
  figures.add("audit:verify", verify.status === 0 ? "passes" : "fails", verify.status === 0, "passes");
  if (verify.status !== 0) console.log(verify.stdout, verify.stderr);
  await database.drop();
} finally {
  try {
    pgCtl("-m", "immediate", "stop");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
figures.report();
