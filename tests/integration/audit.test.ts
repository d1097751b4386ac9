import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey, loadSigner, signCheckpoint } from "@/lib/audit/checkpoint";
import { appendAudit, auditPublicKey, integrateAll, verifyDatabase } from "@/lib/audit/service";
import { transaction } from "@/lib/db/transaction";
import { exportAudit, searchAudit } from "@/lib/audit/store";
import { db } from "@/lib/db/client";
import { GET as searchRoute } from "@/app/api/v1/audit/route";
import { GET as exportRoute } from "@/app/api/v1/audit/export/route";
import { GET as checkpointRoute } from "@/app/api/v1/audit/checkpoint/route";
import { GET as consistencyRoute } from "@/app/api/v1/audit/consistency/route";
import { GET as proofRoute } from "@/app/api/v1/audit/entries/[seq]/proof/route";
import { POST as verifyRoute } from "@/app/api/v1/audit/verify/route";
import { POST as submitRoute } from "@/app/api/v1/actions/route";
import { makeAgent, makeAgentWithKey, uniq } from "@/lib/testing/factories";
import { callRoute } from "./route-call";

const run = promisify(execFile);
const sql = (query: string, ...values: unknown[]) => db().$executeRawUnsafe(query, ...values);
const TABLES = ["audit_entries", "audit_leaves", "audit_checkpoints"];

/** What an attacker with superuser rights does first: switch the append-only triggers off. */
async function asAttacker(tamper: () => Promise<unknown>) {
  for (const t of TABLES) await sql(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  try {
    await tamper();
  } finally {
    for (const t of TABLES) await sql(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
  }
}

async function leafOf(entryId: bigint) {
  const [row] = await db().$queryRaw<{ leaf_index: bigint }[]>`SELECT leaf_index FROM audit_leaves WHERE entry_id = ${entryId}`;
  return Number(row!.leaf_index);
}

let entries: { id: bigint; canonical: string; payloadHash: string }[];

beforeAll(async () => {
  for (let i = 0; i < 12; i++) await makeAgent({ name: uniq("audited") });
  await integrateAll();
  // This file's own entries (other test files write to the same trail).
  entries = await db().$queryRaw<typeof entries>`
    SELECT id, canonical, payload_hash AS "payloadHash" FROM audit_entries WHERE content::text LIKE '%audited-%' ORDER BY id`;
});

describe("append-only in the database", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on the audit tables", async () => {
    await expect(sql(`UPDATE audit_entries SET canonical = '{}' WHERE id = $1`, entries[0]!.id)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_entries WHERE id = $1`, entries[0]!.id)).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE audit_entries CASCADE`)).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE audit_checkpoints SET note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_leaves`)).rejects.toThrow(/append-only/);
  });
});

describe("tamper detection (audit:verify)", () => {
  it("verifies an untouched log", async () => {
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(entries.length);
  });

  it("detects a changed payload, at its sequence number", async () => {
    const victim = entries[5]!;
    const seq = await leafOf(victim.id);
    await asAttacker(() =>
      sql(`UPDATE audit_entries SET canonical = replace(canonical, 'agent.created', 'agent.deleted') WHERE id = $1`, victim.id),
    );
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(seq);
    await asAttacker(() => sql(`UPDATE audit_entries SET canonical = $1 WHERE id = $2`, victim.canonical, victim.id));
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });

  it("detects a changed payload even when the attacker recomputes every stored hash", async () => {
    const victim = entries[6]!;
    const seq = await leafOf(victim.id);
    const forged = victim.canonical.replace("agent.created", "agent.deleted");
    const { createHash } = await import("node:crypto");
    const { leafHashHex } = await import("@/lib/audit/merkle");
    await asAttacker(async () => {
      await sql(
        `UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`,
        forged,
        createHash("sha256").update(forged).digest("hex"),
        victim.id,
      );
      await sql(`UPDATE audit_leaves SET leaf_hash = $1 WHERE entry_id = $2`, leafHashHex(forged), victim.id);
    });
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBeLessThanOrEqual(seq);
    expect(report.problems.some((p) => p.kind === "checkpoint_root")).toBe(true);
    await asAttacker(async () => {
      await sql(
        `UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`,
        victim.canonical,
        victim.payloadHash,
        victim.id,
      );
      await sql(`UPDATE audit_leaves SET leaf_hash = $1 WHERE entry_id = $2`, leafHashHex(victim.canonical), victim.id);
    });
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });

  it("detects a deleted row", async () => {
    const victim = await db().auditEntry.findUniqueOrThrow({ where: { id: entries[3]!.id } });
    const seq = await leafOf(victim.id);
    await asAttacker(async () => {
      await sql(`DELETE FROM audit_leaves WHERE entry_id = $1`, victim.id);
      await sql(`DELETE FROM audit_entries WHERE id = $1`, victim.id);
    });
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(seq);
    await asAttacker(async () => {
      await db().auditEntry.create({ data: { ...victim, content: victim.content ?? undefined } });
      await sql(
        `INSERT INTO audit_leaves (leaf_index, entry_id, leaf_hash) VALUES ($1, $2, $3)`,
        seq,
        victim.id,
        (await import("@/lib/audit/merkle")).leafHashHex(victim.canonical),
      );
    });
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });

  it("detects a row inserted in the middle", async () => {
    const middle = entries[4]!;
    const [{ id }] = (await db().$queryRaw<{ id: bigint }[]>`SELECT nextval('audit_entries_id_seq') AS id`) as [{ id: bigint }];
    await makeAgent({ name: uniq("later") }); // a later entry, integrated normally
    await integrateAll();
    const forgedAt = new Date((await db().auditEntry.findUniqueOrThrow({ where: { id: middle.id } })).createdAt.getTime() + 1);
    await db().auditEntry.create({
      data: {
        id,
        createdAt: forgedAt,
        actorType: "system",
        actorLabel: "attacker",
        eventType: "agent.created",
        canonical: "{}",
        payloadHash: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      },
    });
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.notInTree.map((n) => n.id)).toContain(String(id));
    await asAttacker(() => sql(`DELETE FROM audit_entries WHERE id = $1`, id));
  });

  it("detects two swapped rows", async () => {
    const [a, b] = [entries[7]!, entries[8]!];
    const [seqA, seqB] = [await leafOf(a.id), await leafOf(b.id)];
    await asAttacker(async () => {
      await sql(`UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`, b.canonical, b.payloadHash, a.id);
      await sql(`UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`, a.canonical, a.payloadHash, b.id);
    });
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.firstBadSeq).toBe(Math.min(seqA, seqB));
    await asAttacker(async () => {
      await sql(`UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`, a.canonical, a.payloadHash, a.id);
      await sql(`UPDATE audit_entries SET canonical = $1, payload_hash = $2 WHERE id = $3`, b.canonical, b.payloadHash, b.id);
    });
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });

  it("detects a replaced checkpoint", async () => {
    const checkpoint = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "asc" } });
    const { origin } = await auditPublicKey();
    const impostor = loadSigner(origin, generateSigningKey(origin).privateKeyPem);
    const forged = signCheckpoint(impostor, { origin, treeSize: checkpoint.treeSize, rootHash: Buffer.from(checkpoint.rootHash, "hex") });
    await asAttacker(() => sql(`UPDATE audit_checkpoints SET note = $1 WHERE tree_size = $2`, forged, checkpoint.treeSize));
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.problems.find((p) => p.kind === "checkpoint_signature")?.treeSize).toBe(Number(checkpoint.treeSize));
    await asAttacker(() => sql(`UPDATE audit_checkpoints SET note = $1 WHERE tree_size = $2`, checkpoint.note, checkpoint.treeSize));
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });
});

describe("search and export", () => {
  it("finds entries by agent, event type and free text, newest first, with keyset pages", async () => {
    const agent = await makeAgent({ name: uniq("findme") });
    const byAgent = await searchAudit({ agent: agent.name, limit: 10 });
    expect(byAgent.entries.map((e) => e.eventType)).toEqual(["agent.created"]);
    const byText = await searchAudit({ q: agent.name, limit: 10 });
    expect(byText.entries.map((e) => String(e.subjectId))).toContain(agent.id);
    const page1 = await searchAudit({ eventType: "agent.*", limit: 3 });
    const page2 = await searchAudit({ eventType: "agent.*", limit: 3, before: page1.nextBefore });
    expect(page1.entries).toHaveLength(3);
    expect(page2.entries[0]!.id).toBeLessThan(page1.entries[2]!.id);
  });

  it("exports JSON Lines with proofs that the standalone verifier accepts, and rejects when tampered", async () => {
    await integrateAll();
    let text = "";
    for await (const line of exportAudit({ eventType: "agent.*" }, "jsonl")) text += line;
    const lines = text.trim().split("\n");
    expect(JSON.parse(lines[0]!).type).toBe("checkpoint");
    expect(lines.length).toBeGreaterThan(5);
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-export-"));
    const file = path.join(dir, "audit.jsonl");
    writeFileSync(file, text);
    const { verifierKey } = await auditPublicKey();
    const ok = await run("npx", ["tsx", "scripts/verify-export.ts", file, "--key", verifierKey]);
    expect(ok.stdout).toMatch(/verified \d+ entries against checkpoint size \d+/);
    writeFileSync(file, text.replace("audited", "innocent"));
    await expect(run("npx", ["tsx", "scripts/verify-export.ts", file, "--key", verifierKey])).rejects.toMatchObject({ code: 1 });
  }, 120_000); // two runs of the verifier script, each a fresh tsx process

  it("exports CSV with formula-like cells neutralised", async () => {
    const marker = uniq("csv-test").replace(/-/g, "_");
    await transaction((tx) =>
      appendAudit(tx, {
        type: "agent.created",
        actor: { type: "system", label: '=HYPERLINK("http://evil")' },
        subject: { type: "agent", id: marker },
      }),
    );
    let text = "";
    for await (const line of exportAudit({ subjectId: marker }, "csv")) text += line;
    const [header, row] = text.trim().split("\n");
    expect(header).toBe("seq,entry_id,created_at,event_type,actor_type,actor,agent,subject_type,subject_id,decision,payload_hash,content");
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe("free-text search", () => {
  it("splits words at punctuation, so 'refund 250' finds a refund.issue of 250", async () => {
    const marker = uniq("fts");
    await transaction((tx) =>
      appendAudit(tx, {
        type: "action.submitted",
        actor: { type: "system", label: marker },
        data: { type: "refund.issue", params: { amount: 250, email: "ana@example.com" } },
      }),
    );
    const byWords = await searchAudit({ q: "refund 250", actor: marker, limit: 10 });
    expect(byWords.entries).toHaveLength(1);
    expect((await searchAudit({ q: "ana@example.com", actor: marker, limit: 10 })).entries).toHaveLength(1);
    expect((await searchAudit({ q: "refund 251", actor: marker, limit: 10 })).entries).toHaveLength(0);
  });
});

describe("an API key with audit:read (a SIEM pulling the trail)", () => {
  it("reads the trail, the export, the checkpoint and the proofs, and nothing else", async () => {
    await integrateAll();
    const { key: reader } = await makeAgentWithKey({ scopes: ["audit:read"] });
    const { key: writer } = await makeAgentWithKey({ scopes: ["actions:write", "actions:read"] });
    const as = (key: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${key}` } });
    const checkpoint = await (await callRoute(checkpointRoute, "/api/v1/audit/checkpoint", as(reader))).json();
    const size = checkpoint.checkpoint.treeSize as number;
    expect(size).toBeGreaterThan(1);
    const reads: [Parameters<typeof callRoute>[0], string][] = [
      [searchRoute, "/api/v1/audit?limit=5"],
      [exportRoute, "/api/v1/audit/export?format=jsonl"],
      [checkpointRoute, "/api/v1/audit/checkpoint"],
      [proofRoute, `/api/v1/audit/entries/0/proof?treeSize=${size}`],
      [consistencyRoute, `/api/v1/audit/consistency?from=${size}&to=${size}`],
    ];
    for (const [handler, url] of reads) {
      const res = await callRoute(handler, url, as(reader));
      expect(res.status, url).toBe(200);
      await res.body?.cancel();
      // A key without the scope is refused.
      const refused = await callRoute(handler, url, as(writer));
      expect(refused.status, url).toBe(403);
      expect((await refused.json()).error.message).toContain("audit:read");
    }
    // Nothing else: not the whole-trail verification (a session's), not acting.
    expect((await callRoute(verifyRoute, "/api/v1/audit/verify", as(reader, { method: "POST" }))).status).toBe(401);
    const act = await callRoute(submitRoute, "/api/v1/actions", {
      method: "POST",
      headers: { authorization: `Bearer ${reader}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "refund.issue", resource: "orders/1" }),
    });
    expect(act.status).toBe(403);
  });

  it("refuses a NUL character in a text filter with a 422 before the export starts", async () => {
    const { key: reader } = await makeAgentWithKey({ scopes: ["audit:read"] });
    for (const [handler, url] of [
      [exportRoute, "/api/v1/audit/export?q=%00"],
      [searchRoute, "/api/v1/audit?agent=a%00b"],
    ] as const) {
      const res = await callRoute(handler, url, { headers: { authorization: `Bearer ${reader}` } });
      expect(res.status, url).toBe(422);
      expect(JSON.stringify(await res.json()), url).toContain("NUL character");
    }
  });
});
