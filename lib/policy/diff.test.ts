import { describe, expect, it } from "vitest";
import { summarizeChanges } from "./change-summary";
import { diffFiles, sideBySide } from "./file-diff";

const policy = (when: string, extra = "") => `apiVersion: gatehouse.dev/v1
kind: Policy
metadata: { name: refunds }
spec:
  agents: { names: ["*"] }
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"] }
      when: "${when}"
      effect: allow
${extra}`;

describe("side-by-side diff", () => {
  it("pairs a changed line with its replacement and numbers both sides", () => {
    const rows = sideBySide("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(rows).toEqual([
      { kind: "same", left: { line: 1, text: "a" }, right: { line: 1, text: "a" } },
      { kind: "changed", left: { line: 2, text: "b" }, right: { line: 2, text: "B" } },
      { kind: "same", left: { line: 3, text: "c" }, right: { line: 3, text: "c" } },
      { kind: "added", left: null, right: { line: 4, text: "d" } },
    ]);
  });

  it("names added, removed, changed and unchanged files", () => {
    const diff = diffFiles(
      [
        { path: "a.yaml", content: "x\n" },
        { path: "b.yaml", content: "y\n" },
        { path: "c.yaml", content: "z\n" },
      ],
      [
        { path: "a.yaml", content: "x\n" },
        { path: "c.yaml", content: "z2\n" },
        { path: "d.yaml", content: "new\n" },
      ],
    );
    expect(diff.map((f) => [f.path, f.status, f.added, f.removed])).toEqual([
      ["a.yaml", "unchanged", 0, 0],
      ["b.yaml", "removed", 0, 1],
      ["c.yaml", "changed", 1, 1],
      ["d.yaml", "added", 1, 0],
    ]);
  });
});

describe("rule and limit change summary", () => {
  it("says how a condition changed", () => {
    const changes = summarizeChanges(
      [{ path: "p.yaml", content: policy("params.amount <= 100") }],
      [{ path: "p.yaml", content: policy("params.amount <= 50") }],
    );
    expect(changes.map((c) => c.text)).toEqual(["rule small-refunds: when changed from `params.amount <= 100` to `params.amount <= 50`"]);
  });

  it("lists added and removed rules and limits, wherever the policy's file is", () => {
    const limit = "  limits:\n    - { id: per-hour, type: rate, max: 20, window: 1h }\n";
    const changes = summarizeChanges(
      [{ path: "old/p.yaml", content: policy("true", limit) }],
      [{ path: "new/p.yaml", content: policy("true", limit.replace("max: 20", "max: 10")) }],
    );
    expect(changes.map((c) => c.text)).toEqual(["limit per-hour: max changed from `20` to `10`"]);
    const removed = summarizeChanges([{ path: "p.yaml", content: policy("true") }], []);
    expect(removed).toEqual([{ policy: "refunds", kind: "policy", id: "refunds", change: "removed", text: "policy refunds removed" }]);
  });
});

describe("schema keys for completion", () => {
  it("are read off the schema: top level, rules, limits of every type, approval chains and tests", async () => {
    const { policySchemaKeys } = await import("./schema-keys");
    const { keys, effects } = policySchemaKeys();
    for (const key of ["apiVersion", "when", "effect", "maxPerAction", "escalateTo", "barOwner", "usage", "environments", "period"])
      expect(keys).toContain(key);
    expect(effects).toEqual(["allow", "deny", "require_approval"]);
  });
});
