import { createTwoFilesPatch } from "diff";
import type { Actor } from "../audit/entry";
import { presentAuditRow } from "../audit/present";
import { appendAudit, integrateAll, leafIndexOf, proveInclusion, verifyDatabase } from "../audit/service";
import { exportAudit, getAuditEntryBySeq, streamAudit } from "../audit/store";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { BadRequestError, ServiceUnavailableError } from "../errors";
import type { PolicyFile } from "../policy/types";
import { publishedKeys } from "../signing-keys/service";
import { BUNDLE_EVENT, MANIFEST, manifestFor, PROOF, sha256, type ManifestProof } from "./bundle";

// Builds an evidence bundle for a period: what an auditor asks for, each as a file, a
// manifest of their SHA-256, recorded in the audit trail, and the proof that the record is
// under a signed checkpoint (bundle.ts verifies it all offline).

const json = (value: unknown) => Buffer.from(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function auditOfType(eventType: string, from: Date, to: Date) {
  return (await collect(streamAudit({ from, to, eventType }))).map(presentAuditRow);
}

async function policyVersions(from: Date, to: Date) {
  const inForce = await db().policyVersion.findFirst({
    where: { createdAt: { lt: from } },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const versions = await db().policyVersion.findMany({
    where: { OR: [{ createdAt: { gte: from, lte: to } }, ...(inForce ? [{ version: inForce.version }] : [])] },
    orderBy: { version: "asc" },
    include: { createdBy: { select: { email: true } }, reviewedBy: { select: { email: true } } },
  });
  const previous = async (version: number) =>
    (await db().policyVersion.findFirst({ where: { version: { lt: version } }, orderBy: { version: "desc" } }))?.files as
      PolicyFile[] | undefined;
  return Promise.all(
    versions.map(async (v) => {
      const files = v.files as PolicyFile[];
      const before = (await previous(v.version)) ?? [];
      const paths = [...new Set([...before.map((f) => f.path), ...files.map((f) => f.path)])].sort();
      const diff = paths
        .map((p) =>
          createTwoFilesPatch(p, p, before.find((f) => f.path === p)?.content ?? "", files.find((f) => f.path === p)?.content ?? ""),
        )
        .filter((patch) => patch.includes("@@"))
        .join("");
      return {
        version: v.version,
        publishedAt: v.createdAt,
        publishedBy: v.createdBy?.email ?? null,
        via: v.publishedVia,
        reviewedBy: v.reviewedBy?.email ?? null,
        emergencyReason: v.emergencyReason,
        message: v.message,
        checksum: v.checksum,
        inForceAtStart: v.createdAt < from,
        files,
        diffFromPrevious: diff,
      };
    }),
  );
}

async function approvals(from: Date, to: Date) {
  const rows = await db().approvalRequest.findMany({
    where: { createdAt: { gte: from, lte: to } },
    orderBy: { createdAt: "asc" },
    include: {
      action: { select: { type: true, resource: true, agent: { select: { name: true } } } },
      votes: { orderBy: { createdAt: "asc" }, include: { user: { select: { email: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    action: { id: r.actionId, type: r.action.type, resource: r.action.resource, agent: r.action.agent.name },
    policy: r.policy,
    rule: r.rule,
    status: r.status,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    waitedSeconds: r.decidedAt ? (r.decidedAt.getTime() - r.createdAt.getTime()) / 1000 : null,
    votes: r.votes.map((v) => ({ by: v.user.email, decision: v.decision, comment: v.comment, at: v.createdAt })),
  }));
}

async function killSwitches(from: Date, to: Date) {
  const rows = await db().killSwitch.findMany({
    where: { engagedAt: { lte: to }, OR: [{ releasedAt: null }, { releasedAt: { gte: from } }] },
    orderBy: { engagedAt: "asc" },
    include: { agent: { select: { name: true } }, engagedBy: { select: { email: true } }, releasedBy: { select: { email: true } } },
  });
  return rows.map((k) => ({
    scope: k.scope,
    agent: k.agent?.name ?? null,
    actionType: k.actionType,
    reason: k.reason,
    engagedBy: k.engagedBy?.email ?? null,
    engagedAt: k.engagedAt,
    autoReject: k.autoReject,
    releasedAt: k.releasedAt,
    releasedBy: k.releasedBy?.email ?? null,
    releaseReason: k.releaseReason,
  }));
}

/** The bundle's files for [from, to], including the manifest and its proof. Appends (and integrates) the bundle's audit entry. */
export async function buildEvidence(input: { from: Date; to: Date; actor: Actor }): Promise<Map<string, Buffer>> {
  const { from, to } = input;
  if (!(from < to)) throw new BadRequestError("--from must be before --to");
  await integrateAll();
  const files = new Map<string, Buffer>();
  files.set("audit.jsonl", Buffer.from((await collect(exportAudit({ from, to }, "jsonl"))).join("")));
  const checkpoints = await db().auditCheckpoint.findMany({
    where: { createdAt: { gte: from, lte: to } },
    orderBy: { treeSize: "asc" },
    select: { treeSize: true, rootHash: true, keyId: true, createdAt: true, note: true },
  });
  files.set("checkpoints.json", json(checkpoints));
  files.set("verification.json", json(await verifyDatabase()));
  files.set("policy-versions.json", json(await policyVersions(from, to)));
  files.set("approvals.json", json(await approvals(from, to)));
  files.set("kill-switches.json", json(await killSwitches(from, to)));
  files.set("users-and-roles.json", json(await auditOfType("user.*", from, to)));
  files.set(
    "key-rotations.json",
    json({
      rotations: await auditOfType("signing_key.*", from, to),
      auditKeys: await publishedKeys("audit"),
      decisionKeys: await publishedKeys("decision"),
    }),
  );
  files.set(
    "retention-runs.json",
    json(await db().dataRemoval.findMany({ where: { createdAt: { gte: from, lte: to } }, orderBy: { createdAt: "asc" } })),
  );

  const manifest = json(manifestFor(files, { from: from.toISOString(), to: to.toISOString(), createdAt: new Date().toISOString() }));
  const manifestSha256 = sha256(manifest);
  const [{ id }] = (await transaction(async (tx) => {
    await appendAudit(tx, {
      type: BUNDLE_EVENT,
      actor: input.actor,
      subject: { type: "evidence_bundle", id: manifestSha256 },
      data: { from: from.toISOString(), to: to.toISOString(), manifestSha256, files: files.size },
    });
    return tx.auditEntry.findMany({ where: { subjectId: manifestSha256, eventType: BUNDLE_EVENT }, select: { id: true }, take: 1 });
  })) as [{ id: bigint }];
  const seq = await leafIndexOf(id);
  const proved = seq === undefined ? undefined : await proveInclusion(seq);
  const row = seq === undefined ? undefined : await getAuditEntryBySeq(BigInt(seq));
  if (!proved?.proof || !row)
    throw new ServiceUnavailableError("The bundle's audit entry is not yet under a signed checkpoint; try again", 1);
  const proof: ManifestProof = {
    checkpoint: proved.checkpoint.note,
    entry: {
      type: "entry",
      seq: seq!,
      createdAt: row.createdAt.toISOString(),
      eventType: row.eventType,
      canonical: row.canonical,
      payloadHash: row.payloadHash,
      leafHash: row.leafHash!,
      inclusionProof: proved.proof,
      content: row.content,
    },
  };
  files.set(MANIFEST, manifest);
  files.set(PROOF, json(proof));
  return files;
}
