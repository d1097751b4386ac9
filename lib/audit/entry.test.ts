import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toAuditRecord } from "./entry";

const at = new Date("2026-11-24T14:37:00.000Z");
const actor = { type: "user" as const, id: "u1", label: "ana@example.com" };

describe("toAuditRecord", () => {
  it("produces RFC 8785 canonical JSON and its SHA-256", () => {
    const record = toAuditRecord(
      { type: "agent.created", actor, subject: { type: "agent", id: "a1" }, data: { z: 1, a: [true, null], m: 1e21 } },
      at,
    );
    expect(record.canonical).toBe(
      '{"actor":{"id":"u1","label":"ana@example.com","type":"user"},"agentId":null,"at":"2026-11-24T14:37:00.000Z",' +
        '"data":{"a":[true,null],"m":1e+21,"z":1},"decision":null,"subject":{"id":"a1","type":"agent"},"type":"agent.created","v":1}',
    );
    expect(record.payloadHash).toBe(createHash("sha256").update(record.canonical).digest("hex"));
    expect(record).toMatchObject({ actorType: "user", actorId: "u1", eventType: "agent.created", subjectId: "a1" });
  });

  it("does not depend on the order in which keys were written", () => {
    const a = toAuditRecord({ type: "agent.created", actor, data: { b: 1, a: { d: 2, c: 3 } } }, at);
    const b = toAuditRecord({ type: "agent.created", actor, data: { a: { c: 3, d: 2 }, b: 1 } }, at);
    expect(a.canonical).toBe(b.canonical);
  });

  it("refuses what JSON cannot represent", () => {
    expect(() => toAuditRecord({ type: "agent.created", actor, data: { n: Number.NaN } }, at)).toThrow();
  });
});
