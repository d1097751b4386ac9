import { describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/audit/entry";
import { entryData } from "@/lib/audit/leaf";
import { appendAudit, integrateAll, verifyDatabase } from "@/lib/audit/service";
import { db } from "@/lib/db/client";
import { transaction } from "@/lib/db/transaction";
import { eraseSubject, runRetention } from "@/lib/retention/service";
import { makeAgent, TEST_ACTOR, uniq } from "@/lib/testing/factories";

// Read when this file's modules first read the environment (lib/env.ts parses it once per file).
process.env.GATEHOUSE_ERASURE_PATHS = "params.customerEmail";
process.env.GATEHOUSE_RETENTION_ACTION_PAYLOAD_DAYS = "30";
process.env.GATEHOUSE_RETENTION_AUDIT_PAYLOAD_DAYS = "30";
process.env.GATEHOUSE_RETENTION_DELIVERY_DAYS = "30";
process.env.GATEHOUSE_RETENTION_SESSION_DAYS = "30";

const sql = (query: string, ...values: unknown[]) => db().$executeRawUnsafe(query, ...values);
const DAY = 86_400_000;

async function submitted(agentId: string, email: string, at = new Date()) {
  const action = await db().action.create({
    data: {
      agentId,
      type: "refund.issue",
      resource: uniq("orders"),
      params: { amount: 5, customerEmail: email },
      status: "allowed",
      createdAt: at,
    },
  });
  await transaction((tx) =>
    appendAudit(
      tx,
      { type: "action.submitted", actor: TEST_ACTOR, subject: { type: "action", id: action.id }, agentId, data: { params: action.params } },
      at,
    ),
  );
  return action;
}

const mentions = async (text: string) => {
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM audit_entries WHERE canonical LIKE ${`%${text}%`} OR content::text LIKE ${`%${text}%`})
          + (SELECT count(*) FROM actions WHERE params::text LIKE ${`%${text}%`} OR context::text LIKE ${`%${text}%`}))::int AS n`;
  return row!.n;
};

describe("erasure (GDPR Art. 17)", () => {
  it("removes a subject's value from actions and the audit trail, and the trail still verifies, by commitment", async () => {
    const agent = await makeAgent();
    const email = `${uniq("subject")}@example.com`;
    const [a, b] = [await submitted(agent.id, email), await submitted(agent.id, email)];
    await submitted(agent.id, `${uniq("other")}@example.com`);
    await integrateAll();
    expect(await mentions(email)).toBe(4);

    const report = await eraseSubject({ value: email, reference: "DSR-1", actor: TEST_ACTOR });
    expect(report.removed).toEqual({ actions: 2, auditFields: 2 });
    expect(await mentions(email)).toBe(0);
    const rows = await db().action.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(rows.map((r) => r.params)).toEqual([{ amount: 5 }, { amount: 5 }]);
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subjectId: a.id } });
    expect(entryData(entry)).toEqual({ params: { amount: 5 } });

    await integrateAll();
    const verified = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(verified.verifiedByCommitment).toBeGreaterThanOrEqual(2);
    expect(verified.verifiedInFull + verified.verifiedByCommitment).toBe(verified.entries);

    const audited = await db().auditEntry.findFirstOrThrow({ where: { eventType: "data.erased", subjectId: report.id } });
    expect(entryData(audited)).toEqual({ paths: ["params.customerEmail"], removed: report.removed, reference: "DSR-1" });
    expect(audited.canonical + JSON.stringify(audited.content)).not.toContain(email);
  });

  it("detects a changed commitment or changed content, and the database refuses to change content at all", async () => {
    const agent = await makeAgent();
    const action = await submitted(agent.id, `${uniq("victim")}@example.com`);
    await integrateAll();
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subjectId: action.id } });
    const content = entry.content as Record<string, { s: string; v: string }>;
    const forged = { ...content, "*": { ...content["*"]!, v: '{"params":{"amount":5000}}' } };
    await expect(sql(`UPDATE audit_entries SET content = $1::jsonb WHERE id = $2`, JSON.stringify(forged), entry.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql(`UPDATE audit_entries SET canonical = canonical WHERE id = $1`, entry.id)).resolves.toBe(1); // a no-op is no change

    const asAttacker = async (query: string, ...values: unknown[]) => {
      await sql(`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
      try {
        await sql(query, ...values);
      } finally {
        await sql(`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
      }
    };
    await asAttacker(`UPDATE audit_entries SET content = $1::jsonb WHERE id = $2`, JSON.stringify(forged), entry.id);
    let report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain("commitment");
    await asAttacker(`UPDATE audit_entries SET content = $1::jsonb WHERE id = $2`, JSON.stringify(content), entry.id);

    const commitment = JSON.parse(entry.canonical).fields["*"] as string;
    await asAttacker(`UPDATE audit_entries SET canonical = replace(canonical, $1, $2) WHERE id = $3`, commitment, "0".repeat(64), entry.id);
    report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(["payload_hash", "leaf_hash"]));
    await asAttacker(`UPDATE audit_entries SET canonical = $1 WHERE id = $2`, entry.canonical, entry.id);
    expect((await verifyDatabase({ stragglerGraceSeconds: 0 })).ok).toBe(true);
  });

  it("refuses an empty subject", async () => {
    await expect(eraseSubject({ value: " ", actor: TEST_ACTOR })).rejects.toThrow(/subject/);
  });
});

describe("retention", () => {
  it("reports on a dry run what the real run then removes, and the trail still verifies", async () => {
    const agent = await makeAgent();
    const old = new Date(Date.now() - 40 * DAY);
    const email = `${uniq("old")}@example.com`;
    const oldAction = await submitted(agent.id, email, old);
    const recent = await submitted(agent.id, `${uniq("recent")}@example.com`);
    await db().delivery.create({
      data: { kind: "callback", event: "decided", target: "https://agent.test/cb", status: "delivered", createdAt: old },
    });
    await db().signInThrottle.create({ data: { key: uniq("ip:203.0.113.7"), failures: 2, windowStart: old } });
    await integrateAll();

    const dry = await runRetention({ dryRun: true, actor: SYSTEM });
    expect(dry.id).toBeNull();
    const wouldRemove = Object.fromEntries(dry.steps.map((s) => [s.kind, s.removed]));
    for (const kind of ["actionPayloads", "auditPayloads", "deliveries", "sessions"]) expect(wouldRemove[kind]).toBeGreaterThanOrEqual(1);
    expect(await mentions(email)).toBe(2); // a dry run removes nothing

    const real = await runRetention({ dryRun: false, actor: SYSTEM });
    expect(Object.fromEntries(real.steps.map((s) => [s.kind, s.removed]))).toEqual(wouldRemove);
    expect(await mentions(email)).toBe(0);
    expect((await db().action.findUniqueOrThrow({ where: { id: oldAction.id } })).params).toEqual({});
    expect((await db().action.findUniqueOrThrow({ where: { id: recent.id } })).params).toMatchObject({ amount: 5 });
    expect((await runRetention({ dryRun: true, actor: SYSTEM })).steps.every((s) => s.removed === 0)).toBe(true);

    await integrateAll();
    const report = await verifyDatabase({ stragglerGraceSeconds: 0 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const audited = await db().auditEntry.findFirstOrThrow({ where: { eventType: "data.retention_applied", subjectId: real.id! } });
    expect(entryData(audited)).toMatchObject({ removed: wouldRemove });
  });
});
