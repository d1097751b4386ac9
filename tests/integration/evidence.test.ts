import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as evidenceRoute } from "@/app/api/v1/audit/evidence/route";
import { auditVerifierKeys } from "@/lib/audit/service";
import { db } from "@/lib/db/client";
import { BUNDLE_EVENT, MANIFEST, sha256, verifyBundle, type Manifest } from "@/lib/evidence/bundle";
import { buildEvidence } from "@/lib/evidence/service";
import { unzipBundle, zipBundle } from "@/lib/evidence/zip";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { makeAgent, makeAgentWithKey, makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { sessionCookie } from "@/lib/testing/session";
import { commands } from "@/scripts/cli/commands";
import { callRoute } from "./route-call";

const zipOf = async (files: Map<string, Buffer>) => new Uint8Array(await new Response(zipBundle(files)).arrayBuffer());
const period = (from: Date, to: Date) => `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

describe("evidence bundle", () => {
  it("holds the period's evidence, verifies offline against the verifier keys, and fails when any file is changed", async () => {
    const from = new Date(Date.now() - 60_000);
    await makeUser("approver");
    await makeAgent();
    const engaged = await engageKillSwitch(
      { target: { scope: "action_type", actionType: "evidence.drill" }, reason: "evidence drill" },
      TEST_ACTOR,
    );
    await releaseKillSwitch({ id: engaged.killSwitch.id, reason: "drill over" }, TEST_ACTOR);
    const files = await buildEvidence({ from, to: new Date(), actor: TEST_ACTOR });
    const keys = await auditVerifierKeys();

    expect([...files.keys()].sort()).toEqual([
      "approvals.json",
      "audit.jsonl",
      "checkpoints.json",
      "key-rotations.json",
      "kill-switches.json",
      "manifest-proof.json",
      "manifest.json",
      "policy-versions.json",
      "retention-runs.json",
      "users-and-roles.json",
      "verification.json",
    ]);
    expect(JSON.parse(files.get("kill-switches.json")!.toString())).toContainEqual(
      expect.objectContaining({
        scope: "action_type",
        actionType: "evidence.drill",
        reason: "evidence drill",
        releaseReason: "drill over",
      }),
    );
    expect(JSON.parse(files.get("users-and-roles.json")!.toString()).map((e: { eventType: string }) => e.eventType)).toContain(
      "user.created",
    );
    expect(JSON.parse(files.get("verification.json")!.toString())).toMatchObject({ ok: true });
    expect(verifyBundle(files, keys)).toMatchObject({ ok: true, problems: [] });
    expect(await db().auditEntry.count({ where: { eventType: "evidence.bundle_created" } })).toBeGreaterThanOrEqual(1);

    const tampered = new Map(files);
    tampered.set("approvals.json", Buffer.from('[{"id":"forged"}]\n'));
    expect(verifyBundle(tampered, keys)).toMatchObject({
      ok: false,
      problems: ["approvals.json: SHA-256 differs from the manifest (the file was changed)"],
    });

    // Rewriting the manifest to match a changed file does not help: the audit trail recorded the manifest's hash.
    const manifest = JSON.parse(files.get(MANIFEST)!.toString()) as Manifest;
    const rewritten = new Map(tampered);
    const { createHash } = await import("node:crypto");
    manifest.files.find((f) => f.path === "approvals.json")!.sha256 = createHash("sha256").update('[{"id":"forged"}]\n').digest("hex");
    rewritten.set(MANIFEST, Buffer.from(JSON.stringify(manifest)));
    expect(verifyBundle(rewritten, keys).problems).toEqual([`${MANIFEST}: SHA-256 differs from the one the audit trail recorded`]);

    const extra = new Map(files).set("note.txt", Buffer.from("trust me"));
    expect(verifyBundle(extra, keys).problems).toEqual(["note.txt: not listed in the manifest"]);
  });
});

describe("evidence bundle as a zip", () => {
  it("streams from the route as the caller's own audit entry, reads back with the same files, verifies, and fails once an entry is changed", async () => {
    const user = await makeUser("viewer");
    const from = new Date(Date.now() - 60_000);
    const res = await callRoute(evidenceRoute, `/api/v1/audit/evidence?${period(from, new Date(Date.now() + 60_000))}`, {
      headers: { cookie: await sessionCookie(user) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const day = (d: Date) => d.toISOString().slice(0, 10);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="gatehouse-evidence-${day(from)}-${day(new Date(Date.now() + 60_000))}.zip"`,
    );
    const files = unzipBundle(new Uint8Array(await res.arrayBuffer()));
    const manifest = JSON.parse(files.get(MANIFEST)!.toString()) as Manifest;
    expect([...files.keys()].sort()).toEqual([...manifest.files.map((f) => f.path), MANIFEST, "manifest-proof.json"].sort());
    const keys = await auditVerifierKeys();
    expect(verifyBundle(files, keys)).toMatchObject({ ok: true, problems: [] });
    const entry = await db().auditEntry.findFirst({ where: { eventType: BUNDLE_EVENT, subjectId: sha256(files.get(MANIFEST)!) } });
    expect(entry).toMatchObject({ actorType: "user", actorId: user.id, actorLabel: user.email });

    // One entry of the archive changed, the archive written again: the verifier finds it.
    const tampered = new Map(files).set("approvals.json", Buffer.from('[{"id":"forged"}]\n'));
    expect(verifyBundle(unzipBundle(await zipOf(tampered)), keys)).toMatchObject({
      ok: false,
      problems: ["approvals.json: SHA-256 differs from the manifest (the file was changed)"],
    });
  });

  it("serves a key with audit:read as itself, and refuses a bad period with the reason and a key without the scope", async () => {
    const { agent, key: reader } = await makeAgentWithKey({ scopes: ["audit:read"] });
    const { key: writer } = await makeAgentWithKey({ scopes: ["actions:write", "actions:read"] });
    const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
    const url = `/api/v1/audit/evidence?${period(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000))}`;

    const served = await callRoute(evidenceRoute, url, as(reader));
    expect(served.status).toBe(200);
    const files = unzipBundle(new Uint8Array(await served.arrayBuffer()));
    const entry = await db().auditEntry.findFirst({ where: { eventType: BUNDLE_EVENT, subjectId: sha256(files.get(MANIFEST)!) } });
    expect(entry).toMatchObject({ actorType: "agent", actorId: agent.id });
    expect((await callRoute(evidenceRoute, url, as(writer))).status).toBe(403);

    const refused = async (query: string) => {
      const res = await callRoute(evidenceRoute, `/api/v1/audit/evidence${query}`, as(reader));
      expect(res.status, query).toBe(422);
      return (await res.json()).error.details.fieldErrors;
    };
    expect(await refused("")).toMatchObject({ from: [expect.stringContaining("Give from")], to: [expect.stringContaining("Give to")] });
    expect(await refused("?from=2026-11-30&to=2026-11-01")).toEqual({ to: ["to must be after from"] });
    expect(await refused("?from=2020-01-01&to=2026-11-30")).toEqual({ to: [expect.stringContaining("at most 366 days")] });
    expect(await refused("?from=yesterday&to=2026-11-30")).toEqual({ from: [expect.stringContaining("ISO 8601")] });
  });

  it("is what the CLI writes for OUT ending in .zip, and what evidence verify reads", async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "gatehouse-evidence-")), "bundle.zip");
    const command = (name: string) => commands.find((c) => c.name === name)!;
    const today = new Date().toISOString().slice(0, 10);
    const written = await command("evidence").run({ args: [out], options: { from: today, to: today }, actor: TEST_ACTOR });
    expect(written.text).toContain(`to ${out}`);
    const verified = await command("evidence verify").run({ args: [out], options: { key: await auditVerifierKeys() }, actor: TEST_ACTOR });
    expect(verified.data).toMatchObject({ ok: true, files: 11 });
  });
});
