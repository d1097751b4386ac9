// `npm run bench:audit-leaf`: what checking one entry costs, v1 leaf vs v2 leaf, in the same run.
// Builds BENCH_ENTRIES (default 200,000) realistic action.submitted entries each way and runs
// lib/audit/leaf.ts checkEntry over them: v1 (the whole event in the canonical JSON, checked by its
// payload hash), v2 with all its content (every commitment checked too), and v2 with its content
// removed (verified by commitment only). Prints µs per entry; the v1 figure is the baseline.
import canonicalize from "canonicalize";
import { toAuditRecord } from "../lib/audit/entry";
import { checkEntry, type EntryInput } from "../lib/audit/leaf";
import { leafHashHex, sha256HexOf } from "../lib/audit/merkle";

const N = Number(process.env.BENCH_ENTRIES ?? 200_000);
const ROUNDS = 5;

const event = (i: number) => ({
  type: "action.submitted" as const,
  actor: { type: "agent" as const, id: "0b0b2c1e-9f0e-4d7e-8d43-6b0c2f3e9a10", label: "billing-bot" },
  subject: { type: "action", id: `7d5e0a39-4a8c-4f55-9a43-${String(i).padStart(12, "0")}` },
  agentId: "0b0b2c1e-9f0e-4d7e-8d43-6b0c2f3e9a10",
  data: {
    type: "refund.issue",
    resource: `orders/${i}`,
    params: { amount: i % 500, currency: "USD", reason: "duplicate charge", customerEmail: `customer${i}@example.com` },
    cost: null,
    impact: { records: 1, amount: i % 500 },
    context: { ticket: `T-${i}`, channel: "email" },
    keyPrefix: "gatehouse_3f9a1c2b",
  },
});
const at = (i: number) => new Date(Date.UTC(2026, 10, 30) + i);

function v1(i: number): EntryInput {
  const e = event(i);
  const canonical = canonicalize({ v: 1, at: at(i).toISOString(), ...e, decision: null, data: e.data })!;
  return { canonical, payloadHash: sha256HexOf(canonical), leafHash: leafHashHex(canonical) };
}
function v2(i: number, erasurePaths: string[][]): EntryInput {
  const r = toAuditRecord(event(i), at(i), { erasurePaths });
  // As audit:verify reads it from the database (FLAT_CONTENT_SQL).
  const flat = Object.entries(r.content)
    .map(([path, f]) => `${path}\u0002${f.s}\u0002${f.v}`)
    .join("\u0001");
  return { canonical: r.canonical, payloadHash: r.payloadHash, leafHash: leafHashHex(r.canonical), content: flat };
}

function time(label: string, entries: EntryInput[]) {
  let best = Infinity;
  let full = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    full = 0;
    for (let i = 0; i < entries.length; i++) if (checkEntry(i, entries[i]!).full) full++;
    best = Math.min(best, performance.now() - started);
  }
  const us = (best * 1000) / entries.length;
  const bytes =
    entries.reduce((n, e) => n + e.canonical.length + (typeof e.content === "string" ? e.content.length : 0), 0) / entries.length;
  console.log(
    `${label.padEnd(44)} ${us.toFixed(2).padStart(6)} µs/entry  (${Math.round(bytes)} bytes stored, ${full}/${entries.length} in full)`,
  );
  return us;
}

const ids = Array.from({ length: N }, (_, i) => i);
console.log(`checkEntry over ${N} entries, best of ${ROUNDS} rounds`);
const base = time("v1 (payload hash)", ids.map(v1));
const noPaths = ids.map((i) => v2(i, []));
const full = time("v2, content kept (commitments checked)", noPaths);
time(
  "v2 + erasure path params.customerEmail",
  ids.map((i) => v2(i, [["params", "customerEmail"]])),
);
const removed = time(
  "v2, content removed (by commitment only)",
  noPaths.map((e) => ({ ...e, content: null })),
);
console.log(`v2 in full / v1: ${(full / base).toFixed(2)}×; v2 by commitment / v1: ${(removed / base).toFixed(2)}×`);
