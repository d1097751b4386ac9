// Histogram buckets shared by the dashboard's rollups and the Prometheus histograms, so
// the console and Grafana compute the same quantiles from the same bounds. The targets
// (2 s for a decision, 1 h for an approval) are bounds, so "met" is exact.

/** Decision latency, seconds. */
export const DECISION_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/** Time an approval waited for its decision, seconds (10 s … 7 days). */
export const APPROVAL_WAIT_SECONDS_BUCKETS = [10, 30, 60, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200, 604_800];

/** The bucket an observation falls in, as Prometheus counts it: the smallest bound ≥ value, else +Inf. */
export function bucketOf(value: number, bounds: readonly number[]): number {
  return bounds.find((b) => value <= b) ?? Infinity;
}

/** Observations per bucket upper bound (not cumulative). */
export type BucketCounts = { le: number; count: number }[];

/**
 * The q-quantile of a histogram, exactly as PromQL's histogram_quantile() estimates it:
 * linear interpolation inside the bucket that holds the rank (from the bound below it in
 * `bounds`, 0 for the first), and the highest finite bound when the rank falls in +Inf.
 * `buckets` may leave out empty buckets. Null without observations.
 */
export function histogramQuantile(q: number, buckets: BucketCounts, bounds: readonly number[]): number | null {
  const merged = new Map<number, number>();
  for (const { le, count } of buckets) merged.set(le, (merged.get(le) ?? 0) + count);
  const sorted = [...merged.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (const [le, n] of sorted) {
    if (below + n >= rank) {
      if (le === Infinity) return bounds.at(-1) ?? null;
      const lower = bounds.filter((b) => b < le).at(-1) ?? 0;
      return lower + (le - lower) * ((rank - below) / n);
    }
    below += n;
  }
  return null;
}
