import { expect, it } from "vitest";
import { formatSeconds } from "../format/time";
import { formatRatio, formatTarget, formatTileValue } from "./format";
import { TARGETS } from "./view";

it("writes ratios as percentages with the digits small ones need", () => {
  expect([0, 0.0012, 0.853, 0.8, 1].map(formatRatio)).toEqual(["0 %", "0.12 %", "85.3 %", "80 %", "100 %"]);
});

it("writes a tile's value in its unit, and its target", () => {
  expect(formatTileValue({ value: null, unit: "ratio" })).toBe("—");
  expect(formatTileValue({ value: 0.25, unit: "seconds" })).toBe("250 ms");
  expect(formatTileValue({ value: 12.3456, unit: "money", currency: "USD" })).toBe("12.35 USD");
  expect([TARGETS.violations, TARGETS.automated, TARGETS.latency, TARGETS.approval_wait, TARGETS.audit].map(formatTarget)).toEqual([
    "target < 0.10 %",
    "target > 80 %",
    "target < 2 s",
    "target < 1 h",
    "target 100 %",
  ]);
});

it("writes measured durations to a tenth of their unit", () => {
  expect([0.0123, 12.34, 450, 5400, 200_000, null].map(formatSeconds)).toEqual(["12.3 ms", "12.3 s", "7.5 min", "1.5 h", "2.3 d", "—"]);
});
