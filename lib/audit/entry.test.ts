import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toAuditRecord } from "./entry";

const at = new Date("2026-11-24T14:37:00.000Z");
const actor = { type: "user" as const, id: "u1", label: "ana@example.com" };

describe("toAuditRecord", () => {
  it("produces RFC 8785 canonical JSON of the event's frame with one salted commitment per field, and its SHA-256", () => {
    const record = toAuditRecord(
      { type: "agent.created", actor, subject: { type: "agent", id: "a1" }, data: { z: 1, a: [true, null], m: 1e21 } },
      at,
      { salt: () => "00".repeat(16) },
    );
    const commit = (path: string, v: string) =>
      createHash("sha256")
        .update(`${"00".repeat(16)}\n${path}\n${v}`)
        .digest("hex");
    expect(record.canonical).toBe(
      '{"actor":{"id":"u1","label":"ana@example.com","type":"user"},"agentId":null,"at":"2026-11-24T14:37:00.000Z",' +
        `"decision":null,"fields":{"*":"${commit("*", '{"a":[true,null],"m":1e+21,"z":1}')}"},` +
        '"subject":{"id":"a1","type":"agent"},"type":"agent.created","v":2}',
    );
    expect(record.content).toEqual({ "*": { s: "00".repeat(16), v: '{"a":[true,null],"m":1e+21,"z":1}' } });
    expect(record.payloadHash).toBe(createHash("sha256").update(record.canonical).digest("hex"));
    expect(record).toMatchObject({ actorType: "user", actorId: "u1", eventType: "agent.created", subjectId: "a1" });
  });

  it("gives every field a fresh salt, so equal values do not show as equal commitments", () => {
    const record = toAuditRecord({ type: "agent.created", actor, data: { a: "same", b: "same" } }, at, { erasurePaths: [["a"], ["b"]] });
    expect(record.content.a!.s).not.toBe(record.content.b!.s);
    expect(JSON.parse(record.canonical).fields.a).not.toBe(JSON.parse(record.canonical).fields.b);
  });

  it("does not depend on the order in which keys were written", () => {
    const salt = () => "ab".repeat(16);
    const a = toAuditRecord({ type: "agent.created", actor, data: { b: 1, a: { d: 2, c: 3 } } }, at, { salt });
    const b = toAuditRecord({ type: "agent.created", actor, data: { a: { c: 3, d: 2 }, b: 1 } }, at, { salt });
    expect(a.canonical).toBe(b.canonical);
  });

  it("refuses what JSON cannot represent", () => {
    expect(() => toAuditRecord({ type: "agent.created", actor, data: { n: Number.NaN } }, at)).toThrow();
  });
});
