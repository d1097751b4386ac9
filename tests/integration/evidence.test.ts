import { describe, expect, it } from "vitest";
import { auditVerifierKeys } from "@/lib/audit/service";
import { db } from "@/lib/db/client";
import { MANIFEST, verifyBundle, type Manifest } from "@/lib/evidence/bundle";
import { buildEvidence } from "@/lib/evidence/service";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { makeAgent, makeUser, TEST_ACTOR } from "@/lib/testing/factories";

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
