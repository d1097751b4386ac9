import path from "node:path";
import { appendAudit } from "../audit/service";
import { SYSTEM, type Actor } from "../audit/entry";
import { db } from "../db/client";
import { CHANNELS, notify } from "../db/notify";
import { transaction } from "../db/transaction";
import { ValidationError } from "../errors";
import { processSlot } from "../process-singleton";
import { readPolicyDir } from "../server/policy-files";
import { compilePolicies, formatPolicyError } from "./index";
import type { PolicyFile } from "./types";

// Where policy sets meet the database: every published set is a numbered version; the
// highest is active. Each process keeps the active set compiled in memory and checks
// the version number at most once a second, so a version published on any replica is
// in force everywhere within a second.

type CompiledSet = Extract<ReturnType<typeof compilePolicies>, { ok: true }>["set"];
export type ActivePolicySet = { version: number; set: CompiledSet };

const CHECK_INTERVAL_MS = 1000;
const cache = processSlot<{ active: ActivePolicySet; checkedAt: number }>("policies");

export class PolicyCompileError extends ValidationError {
  constructor(public readonly errors: ReturnType<typeof formatPolicyError>[]) {
    super(`The policy set has ${errors.length} error(s)`, { policies: errors });
  }
}

export function compileOrThrow(files: PolicyFile[]): CompiledSet {
  const result = compilePolicies(files);
  if (!result.ok) throw new PolicyCompileError(result.errors.map(formatPolicyError));
  return result.set;
}

/** The active policy set, compiled; reloaded when a newer version has been published. */
export async function activePolicySet(now = Date.now()): Promise<ActivePolicySet> {
  const cached = cache.get();
  if (cached && now - cached.checkedAt < CHECK_INTERVAL_MS) return cached.active;
  const latest = await db().policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  if (!latest) throw new Error("No policy version is published: start the server (it loads policies/) or publish one");
  if (cached?.active.version === latest.version) {
    cached.checkedAt = now;
    return cached.active;
  }
  const row = await db().policyVersion.findUniqueOrThrow({ where: { version: latest.version } });
  const active = { version: row.version, set: compileOrThrow(row.files as PolicyFile[]) };
  cache.set({ active, checkedAt: now });
  return active;
}

/** Publishes a policy set as the next version (validated first; nothing is stored if it does not compile). */
export async function publishPolicyVersion(files: PolicyFile[], message: string, actor: Actor, rolledBackFrom?: number) {
  const { checksum } = compileOrThrow(files);
  const version = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gatehouse.policy_versions'))`;
    const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const next = (latest?.version ?? 0) + 1;
    await tx.policyVersion.create({
      data: { version: next, files, checksum, message, rolledBackFrom, createdById: actor.type === "user" ? actor.id : null },
    });
    await appendAudit(tx, {
      type: rolledBackFrom ? "policy.rolled_back" : "policy.published",
      actor,
      subject: { type: "policy_version", id: String(next) },
      data: { version: next, checksum, message, files: files.map((f) => f.path), rolledBackFrom: rolledBackFrom ?? null },
    });
    await notify(tx, CHANNELS.policies, String(next));
    return next;
  });
  cache.set(undefined);
  return version;
}

/** First start: the files in policies/ become version 1. Later starts leave the published versions alone. */
export async function ensureInitialPolicies(dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "policies")) {
  if (await db().policyVersion.findFirst({ select: { id: true } })) return undefined;
  const files = await readPolicyDir(dir, "policies");
  return publishPolicyVersion(files, `Initial policy set from ${path.basename(dir)}/`, SYSTEM).catch(async (error) => {
    // Another replica may have published version 1 at the same moment.
    if (await db().policyVersion.findFirst({ select: { id: true } })) return undefined;
    throw error;
  });
}

export async function listPolicyVersions(limit = 50) {
  return db().policyVersion.findMany({
    orderBy: { version: "desc" },
    take: limit,
    select: {
      version: true,
      checksum: true,
      message: true,
      rolledBackFrom: true,
      createdAt: true,
      files: true,
      createdBy: { select: { email: true } },
    },
  });
}
