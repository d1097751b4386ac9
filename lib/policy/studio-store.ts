import type { z } from "zod";
import type { DiffSchema, VersionSchema, VersionSummarySchema } from "../contracts/policies";
import type { DraftSchema, DraftSummarySchema } from "../contracts/policy-studio";
import type { Principal } from "../auth/principal";
import { NotFoundError } from "../errors";
import { summarizeChanges } from "./change-summary";
import { getDraft, listDrafts } from "./draft-service";
import { diffFiles } from "./file-diff";
import { activeVersionNumber, listPolicyVersions, versionFiles } from "./store";
import type { PolicyFile } from "./types";

// The studio's reads as the contracts shape them: versions, diffs, drafts.

type VersionRow = Awaited<ReturnType<typeof listPolicyVersions>>[number];
type DraftRow = Awaited<ReturnType<typeof getDraft>>;

function versionSummary(v: VersionRow): z.input<typeof VersionSummarySchema> {
  return {
    version: v.version,
    checksum: v.checksum,
    message: v.message,
    author: v.createdBy?.email ?? null,
    createdAt: v.createdAt.toISOString(),
    publishedVia: v.publishedVia,
    reviewedBy: v.reviewedBy?.email ?? null,
    emergencyReason: v.emergencyReason,
    rolledBackFrom: v.rolledBackFrom,
    files: (v.files as PolicyFile[]).map((f) => f.path),
  };
}

export async function versionsView() {
  const versions = await listPolicyVersions(200);
  return { active: versions[0]?.version ?? null, versions: versions.map(versionSummary) };
}

export async function versionView(version: number): Promise<z.input<typeof VersionSchema>> {
  const [row] = await listPolicyVersions(1, version);
  if (!row) throw new NotFoundError(`Policy version ${version}`);
  return { ...versionSummary(row), files: row.files as PolicyFile[] };
}

function diffOf(from: string, to: string, before: PolicyFile[], after: PolicyFile[]): z.input<typeof DiffSchema> {
  return {
    from,
    to,
    changes: summarizeChanges(before, after).map((c) => c.text),
    files: diffFiles(before, after).filter((f) => f.status !== "unchanged"),
  };
}

export async function diffVersions(from: number, to: number) {
  const [before, after] = await Promise.all([versionFiles(from), versionFiles(to)]);
  return diffOf(`version ${from}`, `version ${to}`, before, after);
}

export async function draftDiff(id: string) {
  const draft = await getDraft(id);
  const active = await activeVersionNumber();
  return diffOf(`version ${active} (active)`, `draft “${draft.title}”`, await versionFiles(active), draft.files as PolicyFile[]);
}

function draftSummary(d: DraftRow, active: number, user: Pick<Principal, "id">): z.input<typeof DraftSummarySchema> {
  return {
    id: d.id,
    title: d.title,
    author: d.author.email,
    mine: d.authorId === user.id,
    baseVersion: d.baseVersion,
    stale: d.baseVersion !== active,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export async function draftsView(user: Pick<Principal, "id">) {
  const [drafts, active] = await Promise.all([listDrafts(), activeVersionNumber()]);
  return { activeVersion: active, drafts: drafts.map((d) => draftSummary(d, active, user)) };
}

export async function draftView(id: string, user: Pick<Principal, "id">): Promise<z.input<typeof DraftSchema>> {
  const [draft, active] = await Promise.all([getDraft(id), activeVersionNumber()]);
  return { ...draftSummary(draft, active, user), files: draft.files as PolicyFile[] };
}

/** The active version's files (the studio's starting point when there is no draft). */
export async function activeFiles() {
  const active = await activeVersionNumber();
  return { version: active, files: active ? await versionFiles(active) : [] };
}
