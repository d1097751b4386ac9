import { describe, expect, it } from "vitest";
import { SubmitActionSchema } from "./actions";
import { INPUT_LIMITS, jsonLimitProblem } from "./limits";

const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { a: nested(depth - 1) });

describe("input limits", () => {
  it("admits a body at the limits", () => {
    expect(jsonLimitProblem(nested(INPUT_LIMITS.depth - 1))).toBeNull();
    expect(jsonLimitProblem({ s: "x".repeat(INPUT_LIMITS.stringLength), a: Array(INPUT_LIMITS.arrayLength).fill(1) })).toBeNull();
  });

  it.each([
    ["too deep", nested(INPUT_LIMITS.depth + 1), /deeper than 16/],
    ["too deep in arrays", JSON.parse("[".repeat(40) + "]".repeat(40)), /deeper/],
    ["a string too long", { note: "x".repeat(INPUT_LIMITS.stringLength + 1) }, /longer than/],
    ["an array too long", { ids: Array(INPUT_LIMITS.arrayLength + 1).fill(0) }, /more than 1000 items/],
    ["an object too wide", Object.fromEntries(Array.from({ length: INPUT_LIMITS.objectKeys + 1 }, (_, i) => [`k${i}`, i])), /keys/],
  ])("names the place of %s", (_, body, message) => {
    expect(jsonLimitProblem(body)?.message).toMatch(message);
  });

  it("caps an action's params and context by their size as JSON", () => {
    const base = { type: "refund.issue", resource: "orders/1" };
    const big = (bytes: number) => ({ blob: "x".repeat(bytes) });
    expect(SubmitActionSchema.safeParse({ ...base, params: big(INPUT_LIMITS.paramsBytes - 100) }).success).toBe(true);
    const params = SubmitActionSchema.safeParse({ ...base, params: big(INPUT_LIMITS.paramsBytes) });
    expect(params.error?.issues[0]?.message).toMatch(/params is larger than 16 KiB/);
    const context = SubmitActionSchema.safeParse({ ...base, context: big(INPUT_LIMITS.contextBytes) });
    expect(context.error?.issues[0]?.message).toMatch(/context is larger than 32 KiB/);
  });
});
