import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { toAuditRecord } from "./entry";
import { checkEntry, commitmentOf, eventContent, splitFields, type EntryContent } from "./leaf";
import { leafHashHex, sha256HexOf } from "./merkle";

const at = new Date("2026-11-30T12:00:00.000Z");
const actor = { type: "agent" as const, id: "a1", label: "billing-bot" };
const DATA = { type: "refund.issue", params: { amount: 40, customerEmail: "ana@example.com" }, context: { ticket: 7 } };
const ERASABLE = [["params", "customerEmail"]];

function stored(content: EntryContent | null = null) {
  const r = toAuditRecord({ type: "action.submitted", actor, data: DATA }, at, { erasurePaths: ERASABLE });
  return { canonical: r.canonical, payloadHash: r.payloadHash, leafHash: leafHashHex(r.canonical), content: content ?? r.content };
}
const without = (content: EntryContent, ...paths: string[]) =>
  Object.fromEntries(Object.entries(content).filter(([p]) => !paths.includes(p)));

describe("v2 leaves: salted commitments per field", () => {
  it("makes each erasure path a field of its own, taken out of its parent", () => {
    expect(splitFields(DATA, ERASABLE)).toEqual([
      ["params.customerEmail", "ana@example.com"],
      ["*", { type: "refund.issue", params: { amount: 40 }, context: { ticket: 7 } }],
    ]);
    expect(DATA.params.customerEmail).toBe("ana@example.com"); // the event itself is left alone
  });

  it("verifies an entry with all its content in full, and rebuilds its data", () => {
    const entry = stored();
    expect(checkEntry(3, entry)).toEqual({ leafHash: entry.leafHash, problems: [], full: true });
    expect(eventContent(entry)).toMatchObject({ v: 2, type: "action.submitted", data: DATA });
    expect(eventContent(entry)).not.toHaveProperty("removedFields");
  });

  it("still verifies once a field's value and salt are removed — by commitment only — and says which field is gone", () => {
    const entry = stored();
    const erased = { ...entry, content: without(entry.content, "params.customerEmail") };
    expect(checkEntry(3, erased)).toEqual({ leafHash: entry.leafHash, problems: [], full: false });
    expect(eventContent(erased)).toMatchObject({ data: { params: { amount: 40 } }, removedFields: ["params.customerEmail"] });
    expect(JSON.stringify(erased.content)).not.toContain("ana@example.com");
    expect(checkEntry(3, { ...entry, content: null })).toMatchObject({ problems: [], full: false });
  });

  it("detects changed content: a value, a salt, a value moved to another field, a field added", () => {
    const entry = stored();
    const c = entry.content;
    const changed = (content: EntryContent) => checkEntry(3, { ...entry, content }).problems.map((p) => p.kind);
    expect(changed({ ...c, "params.customerEmail": { ...c["params.customerEmail"], v: '"bo@example.com"' } })).toEqual(["commitment"]);
    expect(changed({ ...c, "*": { ...c["*"], s: "ff".repeat(16) } })).toEqual(["commitment"]);
    expect(changed({ ...c, "*": c["params.customerEmail"]! })).toEqual(["commitment"]);
    expect(changed({ ...c, extra: { s: "00", v: "1" } })).toEqual(["commitment"]);
    const flat = Object.entries(c)
      .map(([path, f]) => `${path}\u0002${f.s}\u0002${f.v}`)
      .join("\u0001");
    expect(checkEntry(3, { ...entry, content: flat })).toMatchObject({ problems: [], full: true });
  });

  it("detects a changed commitment: the canonical JSON no longer hashes to the leaf", () => {
    const entry = stored();
    const commitment = JSON.parse(entry.canonical).fields["*"] as string;
    const forged = entry.canonical.replace(commitment, commitmentOf("*", "00", '{"type":"refund.reverse"}'));
    const kinds = checkEntry(3, { ...entry, canonical: forged }).problems.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["payload_hash", "leaf_hash"]));
  });

  it("verifies a v1 entry (written before erasure existed) in full by its payload hash", () => {
    const canonical = canonicalize({
      v: 1,
      at: at.toISOString(),
      type: "x",
      actor,
      subject: null,
      agentId: null,
      decision: null,
      data: DATA,
    })!;
    const entry = { canonical, payloadHash: sha256HexOf(canonical), leafHash: leafHashHex(canonical) };
    expect(checkEntry(0, entry)).toEqual({ leafHash: entry.leafHash, problems: [], full: true });
    expect(eventContent(entry).data).toEqual(DATA);
    expect(checkEntry(0, { ...entry, payloadHash: "00" }).problems.map((p) => p.kind)).toEqual(["payload_hash"]);
  });
});
