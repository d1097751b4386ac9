import { z } from "zod";
import { defineOperation } from "./operation";

// The policy set as the console and GitOps pipelines handle it: files, checks, versions,
// diffs, publishing (directly, through review, or in an emergency), rollback and the
// review setting. Drafts, replay, shadow mode and change requests: policy-studio.ts.

const iso = z.iso.datetime();
export const PolicyEffectSchema = z.enum(["allow", "require_approval", "deny"]);

export const PolicyFileSchema = z.strictObject({
  path: z.string().min(1).max(200).describe("e.g. `policies/customer-support.yaml`"),
  content: z.string().max(256 * 1024, "A policy file is at most 256 KiB"),
});
export const PolicyFilesSchema = z.array(PolicyFileSchema).min(1, "A policy set needs at least one file").max(100);

export const PolicyErrorSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
});
export const PolicyTestResultSchema = z.object({
  policy: z.string(),
  file: z.string(),
  name: z.string(),
  passed: z.boolean(),
  expected: z.object({ effect: PolicyEffectSchema, rule: z.string().nullable().optional(), policy: z.string().nullable().optional() }),
  actual: z.object({ effect: PolicyEffectSchema, rule: z.string().nullable(), policy: z.string().nullable() }),
  reasons: z.array(z.string()),
});

export const CheckResponseSchema = z.object({
  ok: z.boolean().describe("Compiles and every test passes: publishable"),
  errors: z.array(PolicyErrorSchema),
  tests: z.array(PolicyTestResultSchema),
  checksum: z.string().nullable(),
});

const Message = z.string().trim().min(1, "Say what the change does (a publish message)").max(500);
const EmergencyReason = z
  .string()
  .trim()
  .min(10, "Type the reason for skipping review (at least 10 characters): it is audited and shown on the version")
  .max(500)
  .optional()
  .describe("Admins only, when review is required: publish at once without review, for this reason");

export const PublishedViaSchema = z.enum(["direct", "reviewed", "emergency"]);
export const VersionSummarySchema = z.object({
  version: z.number().int(),
  checksum: z.string(),
  message: z.string(),
  author: z.string().nullable(),
  createdAt: iso,
  publishedVia: PublishedViaSchema,
  reviewedBy: z.string().nullable(),
  emergencyReason: z.string().nullable(),
  rolledBackFrom: z.number().int().nullable(),
  files: z.array(z.string()),
});
export const VersionsSchema = z.object({ active: z.number().int().nullable(), versions: z.array(VersionSummarySchema) });
export const VersionSchema = VersionSummarySchema.extend({ files: z.array(PolicyFileSchema) });

const DiffSide = z.object({ line: z.number().int(), text: z.string() }).nullable();
export const FileDiffSchema = z.object({
  path: z.string(),
  status: z.enum(["added", "removed", "changed", "unchanged"]),
  added: z.number().int(),
  removed: z.number().int(),
  rows: z.array(z.object({ kind: z.enum(["same", "removed", "added", "changed"]), left: DiffSide, right: DiffSide })),
});
export const DiffSchema = z.object({
  from: z.string().describe('"version 3", "draft …"'),
  to: z.string(),
  changes: z.array(z.string()).describe("The changed rules and limits, in words"),
  files: z.array(FileDiffSchema),
});

export const PublishFilesSchema = z.strictObject({
  files: PolicyFilesSchema,
  message: Message,
  baseVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("The version these files were edited from; a conflict (409) if it is no longer active"),
  emergencyReason: EmergencyReason,
});
export const RollbackSchema = z.strictObject({ version: z.number().int().positive(), message: Message, emergencyReason: EmergencyReason });
export const PublishOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("published"), version: z.number().int() }),
  z.object({ outcome: z.literal("review"), changeRequestId: z.uuid(), expiresAt: iso }),
]);
export const ReviewSettingSchema = z.object({ reviewRequired: z.boolean(), expiryDays: z.number().int() });

const reader = { kind: "user", permission: "console:read" } as const;
const writer = { kind: "user", permission: "policies:write" } as const;
const versionParam = z.object({ version: z.coerce.number().int().positive() });

export const checkPoliciesOperation = defineOperation({
  method: "POST",
  path: "/api/policies/check",
  operationId: "checkPolicies",
  summary: "Validate a whole policy set (the same compiler as policies:check) and run its tests",
  access: reader,
  body: z.strictObject({ files: PolicyFilesSchema }),
  response: CheckResponseSchema,
});

export const listVersionsOperation = defineOperation({
  method: "GET",
  path: "/api/policies/versions",
  operationId: "listPolicyVersions",
  summary: "Published policy versions, newest first, with how each was published",
  access: reader,
  response: VersionsSchema,
});

export const getVersionOperation = defineOperation({
  method: "GET",
  path: "/api/policies/versions/{version}",
  operationId: "getPolicyVersion",
  summary: "One published version with its files",
  access: reader,
  params: versionParam,
  notFound: "Policy version",
  response: VersionSchema,
});

export const diffVersionsOperation = defineOperation({
  method: "GET",
  path: "/api/policies/diff",
  operationId: "diffPolicyVersions",
  summary: "Any version against any other: per file side by side, with the changed rules and limits",
  access: reader,
  query: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }),
  response: DiffSchema,
});

export const publishPoliciesOperation = defineOperation({
  method: "POST",
  path: "/api/policies/publish",
  operationId: "publishPolicies",
  summary: "Publish a set of files (GitOps): checked, tested, then published — or a change request when review is required",
  access: writer,
  body: PublishFilesSchema,
  response: PublishOutcomeSchema,
  status: 201,
  responses: { 409: "The base version is no longer active", 422: "The set has errors or failing tests" },
});

export const rollbackPoliciesOperation = defineOperation({
  method: "POST",
  path: "/api/policies/rollback",
  operationId: "rollbackPolicies",
  summary: "Publish an earlier version's files again as a new version (through review when required)",
  access: writer,
  body: RollbackSchema,
  response: PublishOutcomeSchema,
  status: 201,
});

export const getReviewSettingOperation = defineOperation({
  method: "GET",
  path: "/api/policies/settings",
  operationId: "getPolicyReviewSetting",
  summary: "Whether policy changes require review by another policy admin",
  access: reader,
  response: ReviewSettingSchema,
});

export const setReviewSettingOperation = defineOperation({
  method: "PUT",
  path: "/api/policies/settings",
  operationId: "setPolicyReviewSetting",
  summary: "Require (or stop requiring) review of policy changes; admins only, audited",
  access: { kind: "user", permission: "policies:configure" },
  body: z.strictObject({ reviewRequired: z.boolean() }),
  response: ReviewSettingSchema,
});
