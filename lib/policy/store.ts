import path from "node:path";
import { appendAudit } from "../audit/service";
import { SYSTEM, type Actor } from "../audit/entry";
import { db } from "../db/client";
import { CHANNELS, notify } from "../db/notify";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { processSlot } from "../process-singleton";
import { readPolicyDir } from "../server/policy-files";
import { compilePolicies, formatPolicyError } from "./index";
import { endShadowOfPublished } from "./shadow-store";
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

/** How a version comes to be published; everything but `via` is optional. */
export type Provenance = {
  via?: "direct" | "reviewed" | "emergency";
  rolledBackFrom?: number;
  emergencyReason?: string;
  changeRequestId?: string;
  reviewedBy?: { id: string; email: string };
  draftId?: string;
  /** Publish only if this is still the active version (a draft's or a change request's base); else a conflict. */
  expectedBase?: number;
};

export class StaleBaseError extends ConflictError {
  constructor(
    public readonly base: number,
    public readonly active: number,
  ) {
    super(
      `Version ${active} was published after this change was based on version ${base}: re-apply it on version ${active} or merge by hand`,
      {
        base,
        active,
      },
    );
  }
}

const AUDIT_TYPE = { direct: "policy.published", reviewed: "policy.published", emergency: "policy.emergency_published" } as const;

/** The next version, inside the caller's transaction (serialised by an advisory lock), audited and announced to every replica. */
export async function insertVersion(tx: Tx, files: PolicyFile[], checksum: string, message: string, actor: Actor, p: Provenance = {}) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gatehouse.policy_versions'))`;
  const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  if (p.expectedBase !== undefined && latest && latest.version !== p.expectedBase) throw new StaleBaseError(p.expectedBase, latest.version);
  const next = (latest?.version ?? 0) + 1;
  const via = p.via ?? "direct";
  await tx.policyVersion.create({
    data: {
      version: next,
      files,
      checksum,
      message,
      rolledBackFrom: p.rolledBackFrom,
      publishedVia: via,
      emergencyReason: p.emergencyReason,
      changeRequestId: p.changeRequestId,
      reviewedById: p.reviewedBy?.id,
      createdById: actor.type === "user" ? actor.id : null,
    },
  });
  await appendAudit(tx, {
    type: via === "emergency" ? AUDIT_TYPE.emergency : p.rolledBackFrom ? "policy.rolled_back" : AUDIT_TYPE[via],
    actor,
    subject: { type: "policy_version", id: String(next) },
    data: {
      version: next,
      checksum,
      message,
      files: files.map((f) => f.path),
      rolledBackFrom: p.rolledBackFrom ?? null,
      via,
      ...(p.emergencyReason ? { emergencyReason: p.emergencyReason } : {}),
      ...(p.changeRequestId ? { changeRequestId: p.changeRequestId, reviewedBy: p.reviewedBy?.email ?? null } : {}),
      ...(p.draftId ? { draftId: p.draftId } : {}),
    },
  });
  await endShadowOfPublished(tx, checksum, next, actor);
  await notify(tx, CHANNELS.policies, String(next));
  return next;
}

/** Publishes a policy set as the next version (validated first; nothing is stored if it does not compile). */
export async function publishPolicyVersion(files: PolicyFile[], message: string, actor: Actor, provenance: Provenance = {}) {
  const { checksum } = compileOrThrow(files);
  const version = await transaction((tx) => insertVersion(tx, files, checksum, message, actor, provenance));
  cache.set(undefined);
  return version;
}

/** After publishing inside a transaction of one's own: this process re-reads the active set on its next decision. */
export const forgetActiveSet = () => cache.set(undefined);

/** The number of the active version (0 before the first publish). */
export async function activeVersionNumber(tx: Tx | ReturnType<typeof db> = db()) {
  const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  return latest?.version ?? 0;
}

/** The files of one version. */
export async function versionFiles(version: number): Promise<PolicyFile[]> {
  const row = await db().policyVersion.findUnique({ where: { version }, select: { files: true } });
  if (!row) throw new NotFoundError(`Policy version ${version}`);
  return row.files as PolicyFile[];
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

/** Newest first; with `version`, that one only. */
export async function listPolicyVersions(limit = 50, version?: number) {
  return db().policyVersion.findMany({
    where: version === undefined ? {} : { version },
    orderBy: { version: "desc" },
    take: limit,
    select: {
      version: true,
      checksum: true,
      message: true,
      rolledBackFrom: true,
      publishedVia: true,
      emergencyReason: true,
      createdAt: true,
      files: true,
      createdBy: { select: { email: true } },
      reviewedBy: { select: { email: true } },
    },
  });
}
