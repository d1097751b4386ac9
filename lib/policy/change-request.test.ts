import { describe, expect, it } from "vitest";
import { expireChange, reviewChange, type ChangeState } from "./change-request";

const now = new Date("2026-01-10T12:00:00Z");
const pending: ChangeState = {
  status: "pending",
  authorId: "author",
  baseVersion: 4,
  expiresAt: new Date("2026-01-17T12:00:00Z"),
  version: 0,
};
const admin = { id: "reviewer", role: "policy_admin" as const };

describe("reviewing a policy change", () => {
  it("lets another policy admin approve it, bumping the version", () => {
    const { state, event } = reviewChange(pending, admin, "approve", undefined, 4, now);
    expect(state).toMatchObject({ status: "approved", reviewerId: "reviewer", version: 1, decidedAt: now });
    expect(event.type).toBe("policy.change_approved");
  });

  it("never lets the author approve their own change", () => {
    expect(() => reviewChange(pending, { id: "author", role: "admin" }, "approve", undefined, 4, now)).toThrow(/another policy admin/);
  });

  it("refuses approvers without policies:write, rejections without a comment, stale bases and decided or expired changes", () => {
    expect(() => reviewChange(pending, { id: "x", role: "approver" }, "approve", undefined, 4, now)).toThrow(/Only a policy admin/);
    expect(() => reviewChange(pending, admin, "reject", undefined, 4, now)).toThrow(/needs a comment/);
    expect(() => reviewChange(pending, admin, "approve", undefined, 5, now)).toThrow(/Version 5 was published/);
    expect(() => reviewChange({ ...pending, status: "rejected" }, admin, "approve", undefined, 4, now)).toThrow(/already rejected/);
    expect(() => reviewChange(pending, admin, "approve", undefined, 4, pending.expiresAt)).toThrow(/expired/);
  });

  it("expires a pending change at its deadline, not before", () => {
    expect(expireChange(pending, now)).toBeNull();
    expect(expireChange(pending, pending.expiresAt)?.state.status).toBe("expired");
    expect(expireChange({ ...pending, status: "approved" }, pending.expiresAt)).toBeNull();
  });
});
