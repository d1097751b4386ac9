import { describe, expect, it } from "vitest";
import { ActionFiltersSchema } from "./action-filters";
import { cursorSchema, decodeCursor, encodeCursor, keysetAfter } from "./cursor";

const ID = "0b4bdc1e-8d55-4bd0-9a58-9f2a0b6a3c11";

describe("page cursors", () => {
  it("round-trip a row's time and id", () => {
    const at = new Date("2026-11-24T14:37:05.123Z");
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ at, id: ID });
    expect(keysetAfter("createdAt", encodeCursor(at, ID))).toEqual({
      OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: ID } }],
    });
    expect(keysetAfter("createdAt", undefined)).toEqual({});
  });

  it.each([
    ["a month that does not exist (the Actions page answered 500)", `2026-13-45T10:00:00.000Z_${ID}`],
    ["a day that rolls over", `2026-02-30T10:00:00.000Z_${ID}`],
    ["a year out of range", `0001-01-01T00:00:00.000Z_${ID}`],
    ["no time", `notadate_${ID}`],
    ["a malformed id", `2026-11-24T14:37:05.123Z_${"-".repeat(36)}`],
    ["extra parts", `2026-11-24T14:37:05.123Z_${ID}_x`],
  ])("refuse %s", (_, cursor) => {
    expect(cursorSchema.safeParse(cursor).success).toBe(false);
    const filters = ActionFiltersSchema.safeParse({ cursor });
    expect(filters.success).toBe(false);
    expect(filters.error!.issues[0]!.message).toContain("cursor is not valid");
  });

  it("parse twice to the same value (route, then service)", () => {
    const cursor = encodeCursor(new Date("2026-11-24T14:37:05.123Z"), ID);
    expect(cursorSchema.parse(cursorSchema.parse(cursor))).toBe(cursor);
  });
});
