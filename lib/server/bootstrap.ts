import { randomBytes } from "node:crypto";
import { closeDatabase, database, db } from "../db/client";
import { ensureMigrated } from "../db/migrate";
import { env } from "../env";
import { log } from "../log";
import { auditSigner, prepareRedaction, startSequencer, stopSequencer } from "../audit/service";
import { stopJobs } from "../jobs/queue";
import { decisionSigningKey } from "../decision-token/service";
import { ensureInitialPolicies } from "../policy/store";
import { reloadShadow } from "../policy/shadow-store";
import { ensureFirstAdmin } from "../users/service";
import { startFolding, stopFolding } from "../dashboard/store";
import { stopTracing } from "../observability/otel";
import { startBackgroundJobs } from "./jobs";

// What every process that serves Gatehouse does once at start: validate config,
// migrate, make sure there is a session secret and an admin to sign in with.

/** A session secret shared by all replicas: NEXTAUTH_SECRET, else one generated once and kept in the database. */
async function ensureAuthSecret() {
  if (env().NEXTAUTH_SECRET) return;
  const generated = randomBytes(32).toString("base64url");
  await db().setting.upsert({ where: { key: "auth_secret" }, create: { key: "auth_secret", value: generated }, update: {} });
  const stored = await db().setting.findUniqueOrThrow({ where: { key: "auth_secret" } });
  process.env.NEXTAUTH_SECRET = stored.value;
}

export async function bootstrap() {
  const e = env();
  const { kind } = database();
  const started = Date.now();
  const applied = await ensureMigrated();
  log.info("database ready", {
    database: kind === "postgres" ? "postgresql" : `embedded (${e.GATEHOUSE_DATA_DIR})`,
    migrationsApplied: applied,
    ms: Date.now() - started,
  });
  await ensureAuthSecret();
  const published = await ensureInitialPolicies();
  if (published) log.info("policy set loaded from policies/", { version: published });
  await reloadShadow(); // a shadow set started before a restart (or on another replica) runs here too
  await auditSigner();
  await decisionSigningKey();
  await prepareRedaction();
  startSequencer();
  startFolding();
  await startBackgroundJobs();
  const admin = await ensureFirstAdmin({ email: e.GATEHOUSE_ADMIN_EMAIL, password: e.GATEHOUSE_ADMIN_PASSWORD });
  if (admin) {
    const banner = [
      "",
      "  ┌─ Gatehouse: first start ─────────────────────────────────────",
      `  │ Admin account created: ${admin.email}`,
      admin.generated ? `  │ Password (shown once, change it): ${admin.password}` : "  │ Password: the one in GATEHOUSE_ADMIN_PASSWORD",
      "  └───────────────────────────────────────────────────────────────",
      "",
    ].join("\n");
    process.stdout.write(banner + "\n");
  }
}

/**
 * On SIGTERM/SIGINT: stop taking jobs, then close the database cleanly (the embedded one
 * must be closed to stay consistent). The start scripts set NEXT_MANUAL_SIG_HANDLE so that
 * Next.js leaves the signals to this handler rather than exiting first.
 */
function closeOnSignals() {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    stopSequencer();
    stopFolding();
    await stopTracing().catch((error) => log.warn("traces were not all sent", { err: error }));
    await stopJobs().catch((error) => log.warn("job queue did not stop cleanly", { err: error }));
    await closeDatabase().catch((error) => log.warn("database did not close cleanly", { err: error }));
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, (s) => void shutdown(s));
}

/** Server start: bootstrap, or stop the process with a readable reason (no half-started console). */
export async function startServer() {
  try {
    if (process.env.NEXT_MANUAL_SIG_HANDLE) closeOnSignals();
    await bootstrap();
  } catch (error) {
    process.stderr.write(`\nGatehouse could not start: ${(error as Error).message}\n\n`);
    process.exit(1);
  }
}
