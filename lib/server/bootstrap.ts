import { randomBytes } from "node:crypto";
import { database, db } from "../db/client";
import { ensureMigrated } from "../db/migrate";
import { env } from "../env";
import { log } from "../log";
import { auditSigner, prepareRedaction, startSequencer } from "../audit/service";
import { ensureInitialPolicies } from "../policy/store";
import { ensureFirstAdmin } from "../users/service";
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
  await auditSigner();
  await prepareRedaction();
  startSequencer();
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

/** Server start: bootstrap, or stop the process with a readable reason (no half-started console). */
export async function startServer() {
  try {
    await bootstrap();
  } catch (error) {
    process.stderr.write(`\nGatehouse could not start: ${(error as Error).message}\n\n`);
    process.exit(1);
  }
}
