import type { DashboardView } from "./view";

// Chart rows for components/charts: the view's series with their axis labels (UTC, as
// precise as the step needs) and the events to mark, keyed by the bucket they fall in.

const DAY = 86_400;

/** "14:05" within a day, "11-24 14:00" across days, "11-24" for daily buckets. */
export function bucketLabel(startIso: string, window: DashboardView["window"]): string {
  const days = (Date.parse(window.to) - Date.parse(window.from)) / 1000 / DAY;
  if (window.step >= DAY) return startIso.slice(5, 10);
  return days > 1 ? `${startIso.slice(5, 10)} ${startIso.slice(11, 16)}` : startIso.slice(11, 16);
}

/** Bars by status, and beside them (by index) each segment's list. */
export function volumeChart(view: DashboardView) {
  return {
    rows: view.volume.map((p) => ({
      label: bucketLabel(p.start, view.window),
      allowed: p.allowed,
      denied: p.denied,
      pending: p.pending,
      halted: p.halted,
    })),
    links: view.volume.map((p) => p.href),
  };
}

export function waitRows(view: DashboardView) {
  return view.waits.map((p) => ({ label: bucketLabel(p.start, view.window), ...p }));
}

/** Cost bars by currency, and beside them (by index) each segment's list. */
export function costChart(view: DashboardView) {
  return {
    rows: view.cost.series.map((p) => ({ label: bucketLabel(p.start, view.window), ...p.amounts })),
    links: view.cost.series.map((p) => p.href),
  };
}

/** One reference line per bucket holding events; its hover text names them all. */
export function markerLines(view: DashboardView) {
  const byBucket = new Map<string, string[]>();
  for (const m of view.markers) byBucket.set(m.bucket, [...(byBucket.get(m.bucket) ?? []), `${m.title}: ${m.detail}`]);
  return [...byBucket.entries()].map(([bucket, lines]) => ({
    label: bucketLabel(bucket, view.window),
    kind: view.markers.find((m) => m.bucket === bucket)!.kind,
    text: lines.join("\n"),
  }));
}
