import type { DashboardQuery } from "../contracts/dashboard";

// The dashboard's time window: the rollup granularity it reads (minutes up to two days,
// hours up to two weeks, days beyond), its bounds snapped to that granularity so every
// figure is exact, and the display step that keeps a chart at about a hundred bars or fewer.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const PRESETS = { "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY } as const;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];
const MAX_BUCKETS = 120;
/** Ranges up to this long read the per-minute rollups, up to HOUR_DETAIL_UP_TO the per-hour ones, longer ones the per-day ones. */
const MINUTE_DETAIL_UP_TO = 2 * DAY;
const HOUR_DETAIL_UP_TO = 14 * DAY;

/** The granularities the rollups keep (seconds). */
export const ROLLUP_WIDTHS = [MINUTE, HOUR, DAY] as const;

export type Window = {
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The rollups read: per minute, hour or day (seconds). */
  width: (typeof ROLLUP_WIDTHS)[number];
  /** Seconds per displayed bucket, a multiple of width. */
  step: number;
};

export type Bucket = { start: Date; end: Date };

const floorTo = (t: number, seconds: number) => Math.floor(t / (seconds * 1000)) * seconds * 1000;
const ceilTo = (t: number, seconds: number) => Math.ceil(t / (seconds * 1000)) * seconds * 1000;

export function resolveWindow(query: Pick<DashboardQuery, "range" | "from" | "to">, now: Date): Window {
  const [rawFrom, rawTo] =
    query.range === "custom" && query.from && query.to
      ? [query.from.getTime(), query.to.getTime()]
      : [now.getTime() - PRESETS[query.range === "custom" ? "24h" : query.range] * 1000, now.getTime()];
  const span = (rawTo - rawFrom) / 1000;
  const width = span <= MINUTE_DETAIL_UP_TO ? MINUTE : span <= HOUR_DETAIL_UP_TO ? HOUR : DAY;
  const from = floorTo(rawFrom, width);
  const to = Math.max(ceilTo(rawTo, width), from + width * 1000);
  const step = STEPS.find((s) => s >= width && (to - from) / 1000 / s <= MAX_BUCKETS) ?? STEPS.at(-1)!;
  return { from: new Date(from), to: new Date(to), width, step };
}

/** The displayed buckets, from `from`; the last one ends at `to` (it may be shorter). */
export function bucketsOf(window: Window): Bucket[] {
  const buckets: Bucket[] = [];
  for (let t = window.from.getTime(); t < window.to.getTime(); t += window.step * 1000) {
    buckets.push({ start: new Date(t), end: new Date(Math.min(t + window.step * 1000, window.to.getTime())) });
  }
  return buckets;
}

/** How a step reads in a chart's caption: "1 min", "15 min", "3 h", "1 day". */
export function describeStep(seconds: number): string {
  if (seconds < HOUR) return `${seconds / MINUTE} min`;
  if (seconds < DAY) return `${seconds / HOUR} h`;
  return seconds === DAY ? "1 day" : `${seconds / DAY} days`;
}
