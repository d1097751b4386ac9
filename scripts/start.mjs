// `npm start`: build when the build is missing or older than the sources, then start
// the console. With no DATABASE_URL it runs on the embedded database in
// GATEHOUSE_DATA_DIR (default ./.gatehouse), created and migrated on first start.
import { spawn, spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
// The server process: Next.js behind a plain Node HTTP server (scripts/serve.mjs).
const serve = path.join(root, "scripts", "serve.mjs");
const port = (process.env.PORT ||= "3000");
process.env.HOST ||= "0.0.0.0";
// next-auth builds absolute URLs from it; the local console is the sensible default.
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;

const SOURCES = ["app", "components", "lib", "public", "instrumentation.ts", "next.config.js", "package.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(p)
    .filter((name) => !SKIP.has(name))
    .reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

const buildId = path.join(root, ".next", "BUILD_ID");
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (sourcesAt > builtAt) {
  console.log(builtAt ? "Sources changed since the last build: rebuilding…" : "First start: building the console (about a minute)…");
  const build = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const database = process.env.DATABASE_URL
  ? "PostgreSQL from DATABASE_URL"
  : `embedded PostgreSQL in ${path.resolve(process.env.GATEHOUSE_DATA_DIR || ".gatehouse")}`;
// GATEHOUSE_WORKERS=N: N server processes sharing the port (node:cluster hands each new
// connection to the next one), so the console uses more than one core. They coordinate
// through PostgreSQL as replicas do; the embedded database admits one process.
const workers = Number(process.env.GATEHOUSE_WORKERS || 1);
if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
  console.error(`GATEHOUSE_WORKERS must be a whole number from 1 to 64 (it is "${process.env.GATEHOUSE_WORKERS}")`);
  process.exit(1);
}
if (workers > 1 && !process.env.DATABASE_URL) {
  console.error(
    "GATEHOUSE_WORKERS needs DATABASE_URL: the embedded database admits one process. Set DATABASE_URL, or leave GATEHOUSE_WORKERS unset.",
  );
  process.exit(1);
}
console.log(`Starting Gatehouse on ${database}${workers > 1 ? ` with ${workers} workers` : ""}…`);
if (workers === 1) {
  const server = spawn(process.execPath, [serve], { cwd: root, stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
} else {
  process.chdir(root);
  cluster.setupPrimary({ exec: serve });
  let stopping = false;
  const forkedAt = new Map();
  const fork = () => forkedAt.set(cluster.fork(process.env).id, Date.now());
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping && Date.now() - forkedAt.get(worker.id) < 10_000) {
      console.error(`Worker ${worker.process.pid} failed at start (${signal ?? code}): stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = code || 1;
    } else if (!stopping) {
      console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      fork();
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
  for (const signal of ["SIGINT", "SIGTERM"])
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
}

// Say where to go once the server answers (the admin login, on first start, is printed above it).
const url = `http://localhost:${port}`;
const started = Date.now();
const poll = setInterval(async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/ready`, { signal: AbortSignal.timeout(400) });
    if (res.ok && poll.hasRef()) {
      clearInterval(poll);
      poll.unref();
      console.log(`\n  Gatehouse console is ready: ${url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  } catch {
    // not listening yet
  }
}, 500);
