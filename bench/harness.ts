// What the HTTP benchmarks share: a throwaway database on a real PostgreSQL server,
// migrated and seeded by the app's own code, and the production build serving it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
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

/** `next start` on the production build (built first if missing), ready to serve; its errors on stderr, or in `logFile`. */
export async function startProductionServer(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
  logFile?: string,
): Promise<ChildProcess> {
  if (!existsSync(".next/BUILD_ID")) spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret!",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "1", // Gatehouse closes its job queue and database on SIGTERM
      ...env,
    },
    stdio: ["ignore", "ignore", logFile ? openSync(logFile, "a") : "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error("server did not become ready");
}

/** SIGTERM, and wait for the exit (SIGKILL after 10 s), so the database can be dropped after. */
export async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
