// What the HTTP benchmarks share: a throwaway database on a real PostgreSQL server,
// migrated and seeded by the app's own code, and the production build serving it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import pg from "pg";

export const BENCH_SERVER = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: BENCH_SERVER });
  await client.connect();
  await client.query(sql);
  await client.end();
}

export function benchDatabaseUrl(name: string) {
  const url = new URL(BENCH_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the database, migrates it, runs `seed` with the app's modules on it, and closes them. */
export async function throwawayDatabase<T>(
  name: string,
  seed: () => Promise<T>,
): Promise<{ url: string; seeded: T; drop: () => Promise<void> }> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = benchDatabaseUrl(name);
  process.env.DATABASE_URL = url;
  const { migrateDatabase } = await import("../lib/db/migrate");
  const { closeDatabase } = await import("../lib/db/client");
  await migrateDatabase();
  const seeded = await seed();
  await closeDatabase();
  return { url, seeded, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The production build (built first if missing), ready to serve: the server process `npm start`
 * runs (scripts/serve.mjs), or with `workers` `npm start` itself (scripts/start.mjs, GATEHOUSE_WORKERS processes).
 * `databaseUrl` undefined: the embedded database in env.GATEHOUSE_DATA_DIR. Its errors on stderr, or in `logFile`.
 */
export async function startProductionServer(
  port: number,
  databaseUrl: string | undefined,
  env: Record<string, string> = {},
  { workers, logFile }: { workers?: number; logFile?: string } = {},
): Promise<ChildProcess> {
  if (!existsSync(".next/BUILD_ID")) spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  const answering = () =>
    fetch(`http://127.0.0.1:${port}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
  // A server left over from an earlier run would answer for this one.
  if (await answering()) throw new Error(`port ${port} is already serving: stop what runs there first`);
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const command = workers ? ["scripts/start.mjs"] : ["scripts/serve.mjs"];
  const server = spawn(process.execPath, command, {
    env: {
      ...inherited,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(workers ? { GATEHOUSE_WORKERS: String(workers) } : {}),
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret!",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "1", // Gatehouse closes its job queue and database on SIGTERM
      ...env,
    },
    stdio: ["ignore", "ignore", logFile ? openSync(logFile, "a") : "inherit"],
  });
  // Never outlive the script that started it, even when that script fails half-way.
  process.once("exit", () => server.kill("SIGKILL"));
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`server on port ${port} exited with code ${server.exitCode} before it was ready`);
    if (await answering()) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error("server did not become ready");
}

/** Resident memory of a process and all its descendants (Linux /proc), in bytes. */
export function processTreeRss(pid: number): number {
  try {
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
    return children.reduce((sum, child) => sum + processTreeRss(child), rss);
  } catch {
    return 0; // exited meanwhile
  }
}

/** Samples processTreeRss(pid) every 250 ms until stopped; stop() gives the peak. */
export function watchRss(pid: number) {
  let peak = processTreeRss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, processTreeRss(pid))), 250);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** SIGTERM, and wait for the exit (SIGKILL after 10 s), so the database can be dropped after. */
export async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
