import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { GET as changeRoute } from "@/app/api/policies/changes/[id]/route";
import { POST as reviewRoute } from "@/app/api/policies/changes/[id]/review/route";
import { POST as checkRoute } from "@/app/api/policies/check/route";
import { POST as publishDraftRoute } from "@/app/api/policies/drafts/[id]/publish/route";
import { PUT as saveDraftRoute } from "@/app/api/policies/drafts/[id]/route";
import { POST as rebaseRoute } from "@/app/api/policies/drafts/[id]/rebase/route";
import { POST as createDraftRoute } from "@/app/api/policies/drafts/route";
import { POST as publishRoute } from "@/app/api/policies/publish/route";
import { GET as versionsRoute } from "@/app/api/policies/versions/route";
import { userActor } from "@/lib/audit/entry";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { setReviewRequired } from "@/lib/policy/review-setting-service";
import { activeVersionNumber, publishPolicyVersion } from "@/lib/policy/store";
import { makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { sessionCookie } from "@/lib/testing/session";
import { callRoute } from "./route-call";
import { POLICY, draftOf } from "./policy-studio-fixtures";

// The studio's publishing rules through its routes, as the console calls them: a stale
// base is a conflict, failing tests block a publish, review by someone else, emergencies.

type User = Awaited<ReturnType<typeof makeUser>>;
const users = {} as Record<"author" | "reviewer" | "admin", User>;
const cookies = new Map<User, string>();
const call = (user: User, handler: Parameters<typeof callRoute>[0], url: string, method = "GET", body?: unknown) =>
  callRoute(handler, url, {
    method,
    headers: { cookie: cookies.get(user)!, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

/** A draft of the active version with the threshold lowered to 50, saved as the editor autosaves it. */
async function newDraft(user: User, threshold = 50) {
  const created = await call(user, createDraftRoute, "/api/policies/drafts", "POST", { title: "lower the threshold" });
  expect(created.status).toBe(201);
  const draft = await created.json();
  const saved = await call(user, saveDraftRoute, `/api/policies/drafts/${draft.id}`, "PUT", {
    version: draft.version,
    files: [{ path: "policies/studio.yaml", content: draftOf(draft.files[0].content, threshold) }],
  });
  expect(saved.status).toBe(200);
  return draft as { id: string; baseVersion: number };
}

beforeAll(async () => {
  for (const [name, role] of [
    ["author", "policy_admin"],
    ["reviewer", "policy_admin"],
    ["admin", "admin"],
  ] as [keyof typeof users, Role][]) {
    users[name] = await makeUser(role);
    cookies.set(users[name], await sessionCookie(users[name]));
  }
  await publishPolicyVersion([{ path: "policies/studio.yaml", content: POLICY }], "studio tests", TEST_ACTOR);
});

afterAll(() => setReviewRequired(false, TEST_ACTOR));

describe("the policy studio's publishing rules", () => {
  it("validates a whole set live, CEL type errors at their line and column included", async () => {
    const broken = POLICY.replace('when: "params.amount <= 100"', 'when: "params.amount <= \\"100\\" + 1"');
    const res = await call(users.author, checkRoute, "/api/policies/check", "POST", {
      files: [{ path: "policies/studio.yaml", content: broken }],
    });
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.errors[0]).toMatchObject({ file: "policies/studio.yaml", line: 11, path: "spec.rules[0].when" });
    expect(body.errors[0].message).toMatch(/CEL type error/);
  });

  it("refuses to publish a set whose tests fail", async () => {
    const failing = POLICY.replace('when: "params.amount <= 100"', 'when: "params.amount <= 50"');
    const res = await call(users.author, publishRoute, "/api/policies/publish", "POST", {
      files: [{ path: "policies/studio.yaml", content: failing }],
      message: "tests fail",
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.message).toMatch(/test\(s\) fail/);
    expect(error.details.fieldErrors.files[0]).toContain("a refund of 100 is routine");
  });

  it("answers a stale base with a conflict naming upstream's changes, then re-applies the draft on the new version", async () => {
    const draft = await newDraft(users.author);
    const upstream = POLICY.replace("max: 1000", "max: 900");
    const published = await publishPolicyVersion([{ path: "policies/studio.yaml", content: upstream }], "meanwhile", TEST_ACTOR);
    const res = await call(users.author, publishDraftRoute, `/api/policies/drafts/${draft.id}/publish`, "POST", { message: "lower it" });
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.details).toMatchObject({ base: draft.baseVersion, active: published, reapply: { ok: true } });
    expect(error.details.upstream).toEqual(["limit per-hour: max changed from `1000` to `900`"]);
    expect(await activeVersionNumber()).toBe(published); // nothing overwritten
    const rebased = await call(users.author, rebaseRoute, `/api/policies/drafts/${draft.id}/rebase`, "POST", { mode: "reapply" });
    const body = await rebased.json();
    expect(body.baseVersion).toBe(published);
    expect(body.files[0].content).toContain("max: 900");
    expect(body.files[0].content).toContain("params.amount <= 50");
    const again = await call(users.author, publishDraftRoute, `/api/policies/drafts/${draft.id}/publish`, "POST", { message: "lower it" });
    expect(await again.json()).toEqual({ outcome: "published", version: published + 1 });
  });

  it("with review required, opens a change request its author can never approve; another policy admin's approval publishes it", async () => {
    await setReviewRequired(true, userActor(users.admin));
    const draft = await newDraft(users.author, 40);
    const res = await call(users.author, publishDraftRoute, `/api/policies/drafts/${draft.id}/publish`, "POST", {
      message: "needs review",
    });
    const outcome = await res.json();
    expect(outcome.outcome).toBe("review");
    const id = outcome.changeRequestId as string;
    const view = await (await call(users.reviewer, changeRoute, `/api/policies/changes/${id}`)).json();
    expect(view.changes).toEqual([
      "rule small-refunds: when changed from `params.amount <= 50` to `params.amount <= 40`",
      "rule large-refunds: when changed from `params.amount > 50` to `params.amount > 40`",
    ]);
    expect(view.tests.every((t: { passed: boolean }) => t.passed)).toBe(true);
    expect(view.review).toEqual({ ok: true });
    const own = await call(users.author, reviewRoute, `/api/policies/changes/${id}/review`, "POST", { decision: "approve" });
    expect(own.status).toBe(403);
    expect((await own.json()).error.message).toMatch(/You asked for this change/);
    const before = await activeVersionNumber();
    const approved = await call(users.reviewer, reviewRoute, `/api/policies/changes/${id}/review`, "POST", { decision: "approve" });
    expect(await approved.json()).toEqual({ status: "approved", version: before + 1 });
    const version = await db().policyVersion.findUniqueOrThrow({ where: { version: before + 1 }, include: { reviewedBy: true } });
    expect(version).toMatchObject({ publishedVia: "reviewed", changeRequestId: id });
    expect(version.reviewedBy?.email).toBe(users.reviewer.email);
    const audit = await db().auditEntry.findMany({ where: { subjectId: id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.eventType)).toEqual(["policy.change_requested", "policy.change_approved"]);
  });

  it("lets an admin publish without review in an emergency, with a typed reason, audited and marked on the version", async () => {
    await setReviewRequired(true, userActor(users.admin));
    const files = [{ path: "policies/studio.yaml", content: POLICY }];
    const refused = await call(users.author, publishRoute, "/api/policies/publish", "POST", {
      files,
      message: "now",
      emergencyReason: "refunds are failing",
    });
    expect(refused.status).toBe(403);
    const res = await call(users.admin, publishRoute, "/api/policies/publish", "POST", {
      files,
      message: "restore",
      emergencyReason: "refunds are failing for everyone",
    });
    expect(res.status).toBe(201);
    const { version } = await res.json();
    const list = await (await call(users.author, versionsRoute, "/api/policies/versions")).json();
    expect(list.versions[0]).toMatchObject({
      version,
      publishedVia: "emergency",
      emergencyReason: "refunds are failing for everyone",
      author: users.admin.email,
    });
    const entry = await db().auditEntry.findFirstOrThrow({
      where: { eventType: "policy.emergency_published", subjectId: String(version) },
    });
    expect(entryData(entry)).toMatchObject({ via: "emergency", emergencyReason: "refunds are failing for everyone" });
  });
});
