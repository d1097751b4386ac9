import { describe, expect, it } from "vitest";
import { bucketsOf, describeStep, resolveWindow } from "./range";

const now = new Date("2026-11-24T14:37:23.456Z");

describe("resolveWindow", () => {
  it("reads per-minute rollups up to two days, snapped out to whole minutes", () => {
    const w = resolveWindow({ range: "1h" }, now);
    expect(w).toEqual({ from: new Date("2026-11-24T13:37:00Z"), to: new Date("2026-11-24T14:38:00Z"), width: 60, step: 60 });
    const day = resolveWindow({ range: "24h" }, now);
    expect(day.width).toBe(60);
    expect(day.step).toBe(900);
  });
  it("reads per-hour rollups up to two weeks and per-day ones beyond, with at most 120 displayed buckets", () => {
    const week = resolveWindow({ range: "7d" }, now);
    expect(week).toMatchObject({ from: new Date("2026-11-17T14:00:00Z"), to: new Date("2026-11-24T15:00:00Z"), width: 3600, step: 10_800 });
    const month = resolveWindow({ range: "30d" }, now);
    expect(month).toEqual({ from: new Date("2026-10-25T00:00:00Z"), to: new Date("2026-11-25T00:00:00Z"), width: 86_400, step: 86_400 });
  });
  it("takes a custom range as given, snapped to its granularity", () => {
    const w = resolveWindow({ range: "custom", from: new Date("2026-11-20T10:15:30Z"), to: new Date("2026-11-20T10:45:00Z") }, now);
    expect(w).toEqual({ from: new Date("2026-11-20T10:15:00Z"), to: new Date("2026-11-20T10:45:00Z"), width: 60, step: 60 });
    const days = resolveWindow({ range: "custom", from: new Date("2026-01-01T10:15:00Z"), to: new Date("2026-01-10T00:30:00Z") }, now);
    expect(days).toMatchObject({ from: new Date("2026-01-01T10:00:00Z"), to: new Date("2026-01-10T01:00:00Z"), width: 3600, step: 10_800 });
    const year = resolveWindow({ range: "custom", from: new Date("2025-06-01T10:15:00Z"), to: new Date("2026-06-01T00:30:00Z") }, now);
    expect(year).toMatchObject({
      from: new Date("2025-06-01T00:00:00Z"),
      to: new Date("2026-06-02T00:00:00Z"),
      width: 86_400,
      step: 604_800,
    });
  });
});

describe("bucketsOf", () => {
  it("covers the window exactly, the last bucket ending at `to`", () => {
    const w = { from: new Date("2026-11-24T00:00:00Z"), to: new Date("2026-11-24T01:10:00Z"), width: 60 as const, step: 1800 };
    expect(bucketsOf(w).map((b) => [b.start.toISOString().slice(11, 16), b.end.toISOString().slice(11, 16)])).toEqual([
      ["00:00", "00:30"],
      ["00:30", "01:00"],
      ["01:00", "01:10"],
    ]);
  });
});

it("describes steps in words", () => {
  expect([60, 900, 10_800, 86_400].map(describeStep)).toEqual(["1 min", "15 min", "3 h", "1 day"]);
});
