import { describe, expect, it } from "vitest";
import { APPROVAL_WAIT_SECONDS_BUCKETS, bucketOf, DECISION_SECONDS_BUCKETS, histogramQuantile } from "./histogram";

describe("bucketOf", () => {
  it("puts a value on a bound in that bucket (le), above every bound in +Inf", () => {
    expect(bucketOf(0.0001, DECISION_SECONDS_BUCKETS)).toBe(0.001);
    expect(bucketOf(2, DECISION_SECONDS_BUCKETS)).toBe(2);
    expect(bucketOf(2.0001, DECISION_SECONDS_BUCKETS)).toBe(5);
    expect(bucketOf(11, DECISION_SECONDS_BUCKETS)).toBe(Infinity);
  });
  it("has the targets as bounds", () => {
    expect(DECISION_SECONDS_BUCKETS).toContain(2);
    expect(APPROVAL_WAIT_SECONDS_BUCKETS).toContain(3600);
  });
});

describe("histogramQuantile (PromQL's estimate)", () => {
  const bounds = [0.5, 1, 2, 4];
  it("is null without observations", () => {
    expect(histogramQuantile(0.95, [], bounds)).toBeNull();
    expect(histogramQuantile(0.95, [{ le: 1, count: 0 }], bounds)).toBeNull();
  });
  it("interpolates inside the bucket that holds the rank, from the bound below it (0 for the first)", () => {
    // 10 observations in (0.5, 1], 10 in (1, 2].
    const h = [
      { le: 1, count: 10 },
      { le: 2, count: 10 },
    ];
    expect(histogramQuantile(0.5, h, bounds)).toBe(1);
    expect(histogramQuantile(0.75, h, bounds)).toBe(1.5);
    expect(histogramQuantile(0.25, h, bounds)).toBe(0.75);
    expect(histogramQuantile(0.5, [{ le: 0.5, count: 2 }], bounds)).toBe(0.25);
  });
  it("interpolates from the bound below even when that bucket is empty or left out", () => {
    expect(
      histogramQuantile(
        0.5,
        [
          { le: 0.5, count: 0 },
          { le: 4, count: 2 },
        ],
        bounds,
      ),
    ).toBe(3);
  });
  it("answers the highest finite bound when the rank is in +Inf, and merges repeated bounds", () => {
    expect(
      histogramQuantile(
        0.99,
        [
          { le: 4, count: 1 },
          { le: Infinity, count: 9 },
        ],
        bounds,
      ),
    ).toBe(4);
    expect(
      histogramQuantile(
        0.5,
        [
          { le: 2, count: 1 },
          { le: 1, count: 1 },
          { le: 2, count: 2 },
        ],
        bounds,
      ),
    ).toBeCloseTo(1 + 1 / 3, 12);
  });
});
