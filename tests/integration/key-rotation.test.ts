import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CheckpointError, openCheckpoint } from "@/lib/audit/checkpoint";
import { entryData } from "@/lib/audit/leaf";
import { auditPublicKey, integrateAll, verifyDatabase } from "@/lib/audit/service";
import { exportAudit } from "@/lib/audit/store";
import { db } from "@/lib/db/client";
import { verifyDecisionToken } from "@/lib/decision-token/verify";
import { publishPolicyVersion } from "@/lib/policy/store";
import { rotateSigningKey } from "@/lib/signing-keys/service";
import { makeAgent, makeAgentWithKey, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { getKeys, submitAs } from "./agent-api";

const run = promisify(execFile);

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: key-rotation-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: rotate-me
      match: { actions: ["key.rotation.check"] }
      effect: allow
`;
const ACTION = { type: "key.rotation.check", resource: "keys/1", params: { n: 1 } };

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/key-rotation-test.yaml", content: POLICY }], "key rotation tests", TEST_ACTOR);
});

const kidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;

describe("rotating the audit key", () => {
  it("signs later checkpoints with the new key; earlier ones still verify; the rotation is audited", async () => {
    await makeAgent({ name: uniq("before-rotation") });
    await integrateAll();
    const before = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
    const { verifierKey: oldKey } = await auditPublicKey();

    const rotation = await rotateSigningKey("audit", TEST_ACTOR);
    expect(rotation.previousKeyId).toBe(before.keyId);
    expect(rotation.keyId).not.toBe(before.keyId);

    await makeAgent({ name: uniq("after-rotation") });
    await integrateAll();
    const after = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
    expect(after.keyId).toBe(rotation.keyId);

    const { verifierKey, verifierKeys } = await auditPublicKey();
    expect(verifierKey).toBe(rotation.publicKey);
    expect(verifierKeys).toEqual(expect.arrayContaining([oldKey, rotation.publicKey]));
    expect(() => openCheckpoint(before.note, verifierKey)).toThrow(CheckpointError);
    expect(openCheckpoint(before.note, verifierKeys).treeSize).toBe(before.treeSize);
    expect(openCheckpoint(after.note, verifierKeys).treeSize).toBe(after.treeSize);

    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpointsVerified).toBe(report.checkpoints);

    const audited = await db().auditEntry.findFirstOrThrow({ where: { eventType: "signing_key.rotated", subjectId: rotation.keyId } });
    expect(JSON.parse(audited.canonical)).toMatchObject({ actor: TEST_ACTOR });
    expect(entryData(audited)).toMatchObject({ purpose: "audit", keyId: rotation.keyId, previousKeyId: before.keyId, via: "cli" });
  });

  it("has the offline verifier accept a set of keys", async () => {
    await makeAgent({ name: uniq("exported") });
    await integrateAll();
    let text = "";
    for await (const line of exportAudit({ eventType: "agent.*" }, "jsonl")) text += line;
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-rotation-"));
    const file = path.join(dir, "audit.jsonl");
    writeFileSync(file, text);
    const { verifierKey, verifierKeys } = await auditPublicKey();
    const earlier = verifierKeys.filter((k) => k !== verifierKey);
    expect(earlier.length).toBeGreaterThan(0);
    const verify = (...keys: string[]) => run("npx", ["tsx", "scripts/verify-export.ts", file, ...keys.flatMap((k) => ["--key", k])]);
    const keyFile = path.join(dir, "keys.txt");
    writeFileSync(keyFile, verifierKeys.join("\n") + "\n");
    expect((await verify(keyFile)).stdout).toMatch(/verified \d+ entries/);
    await expect(verify(...earlier)).rejects.toMatchObject({ code: 1 });
  }, 120_000); // two runs of the verifier script, each a fresh tsx process
});

describe("rotating the decision key", () => {
  it("signs later tokens with the new key, publishes both, and earlier tokens still verify", async () => {
    const { agent, key } = await makeAgentWithKey();
    const first = await (await submitAs(key, ACTION)).json();
    expect(first.status).toBe("allowed");

    const rotation = await rotateSigningKey("decision", TEST_ACTOR);
    expect(rotation.previousKeyId).toBe(kidOf(first.decisionToken));

    const second = await (await submitAs(key, ACTION)).json();
    expect(kidOf(second.decisionToken)).toBe(rotation.keyId);

    const jwks = await (await getKeys()).json();
    expect(jwks.keys[0].kid).toBe(rotation.keyId);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(rotation.previousKeyId);
    for (const token of [first.decisionToken, second.decisionToken]) {
      await expect(verifyDecisionToken(token, jwks, { ...ACTION, agentId: agent.id })).resolves.toMatchObject({ sub: agent.id });
    }
    expect(await db().auditEntry.count({ where: { eventType: "signing_key.rotated", subjectId: rotation.keyId } })).toBe(1);
  });
});
