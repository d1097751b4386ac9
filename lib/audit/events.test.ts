import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { ApprovalEventType } from "../approvals/machine";
import type { ChangeEvent } from "../policy/change-request";
import { toAuditRecord, type AuditEvent } from "./entry";
import { AUDIT_EVENTS, auditEventTypes, decisionLabel, type AuditEventType } from "./events";

// The decision label of every event type, pinned: the audit search's decision filter
// is what an auditor relies on, so a change here must be deliberate.
const PINNED: Record<AuditEventType, "allow" | "deny" | "effect" | null> = {
  "action.submitted": null,
  "policy.evaluated": "effect",
  "action.halted": "deny",
  "action.result": null,
  "action.cost_reconciled": null,
  "standing_approval.used": "allow",
  "approval.voted": null,
  "approval.step_approved": "allow",
  "approval.escalated": null,
  "approval.timed_out": null,
  "approval.approved": "allow",
  "approval.rejected": "deny",
  "approval.expired": "deny",
  "approval.cancelled": "deny",
  "standing_approval.created": null,
  "standing_approval.revoked": null,
  "killswitch.engaged": null,
  "killswitch.released": null,
  "agent.created": null,
  "agent.disabled": null,
  "agent.enabled": null,
  "api_key.created": null,
  "api_key.revoked": null,
  "delivery.retried": null,
  "user.created": null,
  "user.role_changed": null,
  "user.role_pinned": null,
  "user.role_unpinned": null,
  "user.groups_changed": null,
  "user.disabled": null,
  "user.enabled": null,
  "user.signed_in": null,
  "user.sign_in_failed": null,
  "user.sign_in_throttled": null,
  "user.sign_in_locked": null,
  "user.identity_linked": null,
  "user.identity_unlinked": null,
  "policy.published": null,
  "signing_key.rotated": null,
  "data.retention_applied": null,
  "data.erased": null,
  "evidence.bundle_created": null,
  "policy.emergency_published": null,
  "policy.rolled_back": null,
  "policy.draft_created": null,
  "policy.draft_discarded": null,
  "policy.draft_rebased": null,
  "policy.shadow_started": null,
  "policy.shadow_stopped": null,
  "policy.review_setting_changed": null,
  "policy.change_requested": null,
  "policy.change_approved": null,
  "policy.change_rejected": null,
  "policy.change_expired": null,
};

const actor = { type: "system" as const, label: "test" };
const at = new Date("2026-11-30T12:00:00.000Z");
const eventOf = (type: AuditEventType): AuditEvent =>
  AUDIT_EVENTS[type].decision === "effect"
    ? { type: type as "policy.evaluated", actor, effect: "require_approval" }
    : { type: type as "agent.created", actor };

describe("the audit event catalogue", () => {
  it.each(auditEventTypes)("%s carries its pinned decision label", (type) => {
    const pinned = PINNED[type];
    const { decision } = toAuditRecord(eventOf(type), at);
    expect(decision).toBe(pinned === "effect" ? "require_approval" : pinned);
    expect(JSON.parse(toAuditRecord(eventOf(type), at).canonical).decision).toBe(decision);
  });

  it("pins every type, and only those", () => {
    expect(Object.keys(PINNED).sort()).toEqual([...auditEventTypes].sort());
  });

  it("labels an effect-labelled type by the policy's effect, and refuses one without it", () => {
    expect(decisionLabel("policy.evaluated", "deny")).toBe("deny");
    expect(() => decisionLabel("policy.evaluated")).toThrow(/effect/);
  });

  it("types every writer by the catalogue", () => {
    expectTypeOf<AuditEvent["type"]>().toEqualTypeOf<AuditEventType>();
    expectTypeOf<ApprovalEventType>().toExtend<AuditEventType>();
    expectTypeOf<ChangeEvent["type"]>().toExtend<AuditEventType>();
  });

  // Belt and braces beside the types: an event type spelled anywhere in the source
  // (`type: "x.y"`, a conditional's branch, a union member) must be in the catalogue.
  it("has every event type the source writes", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const files = ["lib", "app", "scripts"].flatMap((dir) => sourceFiles(path.join(root, dir)));
    const written = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/(?:\btype:|\?|\|)\s*"([a-z_]+\.[a-z_]+)"/g)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(30);
    expect([...written].filter((t) => !Object.hasOwn(AUDIT_EVENTS, t))).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [full] : [];
  });
}
