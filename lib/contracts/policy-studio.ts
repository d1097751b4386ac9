import { z } from "zod";
import { defineOperation } from "./operation";
import { DiffSchema, FileDiffSchema, PolicyEffectSchema, PolicyFilesSchema, PolicyTestResultSchema } from "./policies";

// The studio's working objects: drafts, the replay of a draft against history, shadow
// mode and the change requests reviewers decide in the inbox.

const iso = z.iso.datetime();
const writer = { kind: "user", permission: "policies:write" } as const;
const reader = { kind: "user", permission: "console:read" } as const;
const idParam = z.object({ id: z.uuid() });

export const DraftSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  author: z.string(),
  mine: z.boolean(),
  baseVersion: z.number().int(),
  stale: z.boolean().describe("A newer version was published after the draft's base"),
  version: z.number().int(),
  createdAt: iso,
  updatedAt: iso,
});
export const DraftSchema = DraftSummarySchema.extend({ files: PolicyFilesSchema });

export const CreateDraftSchema = z.strictObject({
  title: z.string().trim().max(120).optional(),
  fromVersion: z.number().int().positive().optional(),
});
export const SaveDraftSchema = z.strictObject({
  version: z.number().int().nonnegative(),
  files: PolicyFilesSchema,
  title: z.string().trim().min(1).max(120).optional(),
});
export const RebaseDraftSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("reapply") }),
  z.strictObject({ mode: z.literal("manual"), files: PolicyFilesSchema }),
]);
export const PublishDraftSchema = z.strictObject({
  message: z.string().trim().min(1, "Say what the change does (a publish message)").max(500),
  emergencyReason: z.string().trim().min(10, "Type the reason for skipping review (at least 10 characters)").max(500).optional(),
});

const Transitions = z.record(z.string(), z.number().int()).describe('Counts keyed "FROM->TO" over allow, require_approval, deny');
export const ReplayRunSchema = z.object({
  total: z.number().int(),
  changed: z.number().int(),
  transitions: Transitions,
  byRule: z.array(
    z.object({
      cause: z.string(),
      kind: z.enum(["rule", "limit", "default"]),
      changed: z.number().int(),
      transitions: Transitions,
      samples: z.array(z.uuid()),
    }),
  ),
  samples: z.array(
    z.object({
      actionId: z.uuid(),
      agent: z.string(),
      type: z.string(),
      resource: z.string(),
      at: iso,
      from: PolicyEffectSchema,
      to: PolicyEffectSchema,
      was: z.string().nullable(),
      now: z.string().nullable(),
    }),
  ),
  halted: z.number().int(),
  standing: z.object({ total: z.number().int(), transitions: Transitions }),
  workload: z.object({
    days: z.array(z.object({ day: z.string(), before: z.number().int(), after: z.number().int() })),
    before: z.number().int(),
    after: z.number().int(),
    targets: z.array(z.object({ target: z.string(), before: z.number().int(), after: z.number().int() })),
  }),
  window: z.object({ from: iso, to: iso, days: z.number().int() }),
  filters: z.object({ agent: z.string().nullable(), type: z.string().nullable() }),
});

export const ReplayRequestSchema = z
  .strictObject({
    draftId: z.uuid().optional(),
    files: PolicyFilesSchema.optional(),
    days: z.number().int().min(1, "At least 1 day").max(90, "At most 90 days").default(7),
    agent: z.string().trim().min(1).max(100).optional(),
    type: z.string().trim().min(1).max(100).optional(),
  })
  .refine((r) => Boolean(r.draftId) !== Boolean(r.files), { error: "Give draftId or files (one of them)", path: ["draftId"] });

export const ShadowStatusSchema = z.object({
  run: z
    .object({
      id: z.uuid(),
      label: z.string(),
      draftId: z.uuid().nullable(),
      running: z.boolean(),
      startedAt: iso,
      startedBy: z.string().nullable(),
      stoppedAt: iso.nullable(),
      evaluated: z.number().int(),
      disagreements: z.number().int(),
    })
    .nullable(),
  transitions: Transitions,
  latest: z.array(
    z.object({
      actionId: z.uuid(),
      agent: z.string(),
      type: z.string(),
      resource: z.string(),
      at: iso,
      live: z.object({ effect: PolicyEffectSchema, rule: z.string().nullable() }),
      shadow: z.object({ effect: PolicyEffectSchema, rule: z.string().nullable() }),
    }),
  ),
});

const ChangeStatusSchema = z.enum(["pending", "approved", "rejected", "expired", "cancelled"]);
export const ChangeItemSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["publish", "rollback"]),
  message: z.string(),
  author: z.string(),
  baseVersion: z.number().int(),
  rolledBackFrom: z.number().int().nullable(),
  createdAt: iso,
  expiresAt: iso,
  changed: z.number().int().describe("Past decisions the replay says would change"),
  mine: z.boolean(),
});
export const ChangeViewSchema = ChangeItemSchema.omit({ changed: true, mine: true }).extend({
  status: ChangeStatusSchema,
  decidedAt: iso.nullable(),
  reviewer: z.string().nullable(),
  reviewComment: z.string().nullable(),
  publishedVersion: z.number().int().nullable(),
  changes: z.array(z.string()),
  files: z.array(FileDiffSchema),
  tests: z.array(PolicyTestResultSchema),
  replay: ReplayRunSchema,
  review: z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), message: z.string() })]),
});
export const ReviewChangeSchema = z
  .strictObject({ decision: z.enum(["approve", "reject"]), comment: z.string().trim().max(2000).optional() })
  .refine((v) => v.decision === "approve" || v.comment, { path: ["comment"], error: "A rejection needs a comment saying why" });

// ─── operations ───

export const listDraftsOperation = defineOperation({
  method: "GET",
  path: "/api/policies/drafts",
  operationId: "listPolicyDrafts",
  summary: "Open drafts: author, age and base version (anyone may read them)",
  access: reader,
  response: z.object({ activeVersion: z.number().int(), drafts: z.array(DraftSummarySchema) }),
});

export const createDraftOperation = defineOperation({
  method: "POST",
  path: "/api/policies/drafts",
  operationId: "createPolicyDraft",
  summary: "Start a draft from the active version (or `fromVersion`)",
  access: writer,
  body: CreateDraftSchema,
  response: DraftSchema,
  status: 201,
});

export const getDraftOperation = defineOperation({
  method: "GET",
  path: "/api/policies/drafts/{id}",
  operationId: "getPolicyDraft",
  summary: "One draft with its files",
  access: reader,
  params: idParam,
  notFound: "Draft",
  response: DraftSchema,
});

export const saveDraftOperation = defineOperation({
  method: "PUT",
  path: "/api/policies/drafts/{id}",
  operationId: "savePolicyDraft",
  summary: "Save (autosave) the author's draft; a 409 if it was saved elsewhere since `version`",
  access: writer,
  params: idParam,
  notFound: "Draft",
  body: SaveDraftSchema,
  response: z.object({ id: z.uuid(), version: z.number().int() }),
});

export const discardDraftOperation = defineOperation({
  method: "DELETE",
  path: "/api/policies/drafts/{id}",
  operationId: "discardPolicyDraft",
  summary: "Discard the author's draft",
  access: writer,
  params: idParam,
  notFound: "Draft",
  response: z.object({ id: z.uuid() }),
});

export const draftDiffOperation = defineOperation({
  method: "GET",
  path: "/api/policies/drafts/{id}/diff",
  operationId: "diffPolicyDraft",
  summary: "A draft against the active version",
  access: reader,
  params: idParam,
  notFound: "Draft",
  response: DiffSchema,
});

export const rebaseDraftOperation = defineOperation({
  method: "POST",
  path: "/api/policies/drafts/{id}/rebase",
  operationId: "rebasePolicyDraft",
  summary: "Move a stale draft onto the active version: re-apply its changes there, or take files merged by hand",
  access: writer,
  params: idParam,
  notFound: "Draft",
  body: RebaseDraftSchema,
  response: z.object({ id: z.uuid(), baseVersion: z.number().int(), version: z.number().int(), files: PolicyFilesSchema }),
});

export const publishDraftOperation = defineOperation({
  method: "POST",
  path: "/api/policies/drafts/{id}/publish",
  operationId: "publishPolicyDraft",
  summary: "Publish the author's draft (or open a change request when review is required)",
  access: writer,
  params: idParam,
  notFound: "Draft",
  body: PublishDraftSchema,
  response: z.discriminatedUnion("outcome", [
    z.object({ outcome: z.literal("published"), version: z.number().int() }),
    z.object({ outcome: z.literal("review"), changeRequestId: z.uuid(), expiresAt: iso }),
  ]),
  status: 201,
  responses: { 409: "The draft's base version is no longer active (details: upstream changes, whether it re-applies)" },
});

export const replayOperation = defineOperation({
  method: "POST",
  path: "/api/policies/replay",
  operationId: "replayPolicies",
  summary: "Replay a draft (or files) against recorded actions: a stream of JSON lines, `progress` then one `result`",
  description:
    'Each line is `{"type":"progress","done":n,"total":n}`, then `{"type":"result","replay":{…}}` or `{"type":"error","error":{…}}`. Close the connection to cancel.',
  access: writer,
  body: ReplayRequestSchema,
  produces: "application/x-ndjson",
});

export const shadowStatusOperation = defineOperation({
  method: "GET",
  path: "/api/policies/shadow",
  operationId: "policyShadowStatus",
  summary: "The shadow set (running, or the last one) and its disagreements with live decisions",
  access: reader,
  response: ShadowStatusSchema,
});

export const startShadowOperation = defineOperation({
  method: "POST",
  path: "/api/policies/shadow",
  operationId: "startPolicyShadow",
  summary: "Run a draft in shadow: every live decision is also evaluated by it, never changed",
  access: writer,
  body: z.strictObject({ draftId: z.uuid() }),
  response: ShadowStatusSchema,
  status: 201,
  responses: { 409: "Another shadow set is running" },
});

export const stopShadowOperation = defineOperation({
  method: "DELETE",
  path: "/api/policies/shadow",
  operationId: "stopPolicyShadow",
  summary: "Stop the running shadow set",
  access: writer,
  response: ShadowStatusSchema,
});

export const listChangesOperation = defineOperation({
  method: "GET",
  path: "/api/policies/changes",
  operationId: "listPolicyChanges",
  summary: "Pending policy change requests (policy admins and admins); `mine` marks the caller's own",
  access: writer,
  response: z.object({ changes: z.array(ChangeItemSchema) }),
});

export const getChangeOperation = defineOperation({
  method: "GET",
  path: "/api/policies/changes/{id}",
  operationId: "getPolicyChange",
  summary: "One change request with its diff, test results and replay summary",
  access: reader,
  params: idParam,
  notFound: "Policy change request",
  response: ChangeViewSchema,
});

export const reviewChangeOperation = defineOperation({
  method: "POST",
  path: "/api/policies/changes/{id}/review",
  operationId: "reviewPolicyChange",
  summary: "Approve (publishes at once) or reject a change request; never one's own",
  access: writer,
  params: idParam,
  notFound: "Policy change request",
  body: ReviewChangeSchema,
  response: z.object({ status: ChangeStatusSchema, version: z.number().int().nullable() }),
});
