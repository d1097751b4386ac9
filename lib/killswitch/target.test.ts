import { describe, expect, it } from "vitest";
import { describeTarget, EngageSchema, typeMatchesGlob } from "./target";

describe("kill switch targets", () => {
  it("matches action types exactly or by glob", () => {
    expect(typeMatchesGlob("refund.issue", "refund.issue")).toBe(true);
    expect(typeMatchesGlob("refund.issue", "refund.*")).toBe(true);
    expect(typeMatchesGlob("refundXissue", "refund.issue")).toBe(false);
    expect(typeMatchesGlob("refunds.issue", "refund.*")).toBe(false);
    expect(typeMatchesGlob("db.delete", "*")).toBe(true);
  });

  it("requires a reason and a well-formed target", () => {
    expect(EngageSchema.safeParse({ target: { scope: "global" }, reason: "" }).success).toBe(false);
    expect(EngageSchema.safeParse({ target: { scope: "agent" }, reason: "incident 42" }).success).toBe(false);
    expect(EngageSchema.safeParse({ target: { scope: "action_type", actionType: "Refund Issue" }, reason: "incident" }).success).toBe(
      false,
    );
    expect(EngageSchema.parse({ target: { scope: "action_type", actionType: "refund.*" }, reason: "incident 42" }).autoReject).toBe(false);
  });

  it("describes what is halted", () => {
    expect(describeTarget({ scope: "global" })).toBe("the whole fleet");
    expect(describeTarget({ scope: "agent", agentName: "support-bot" })).toBe("agent support-bot");
    expect(describeTarget({ scope: "action_type", actionType: "db.delete" })).toBe("action type db.delete");
  });
});
