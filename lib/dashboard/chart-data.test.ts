import { expect, it } from "vitest";
import { bucketLabel, markerLines, volumeChart } from "./chart-data";
import type { DashboardView } from "./view";

const window = (from: string, to: string, step: number) => ({ from, to, step });

it("labels buckets as precisely as the step needs, in UTC", () => {
  expect(bucketLabel("2026-11-24T14:05:00.000Z", window("2026-11-24T13:37:00Z", "2026-11-24T14:38:00Z", 60))).toBe("14:05");
  expect(bucketLabel("2026-11-22T15:00:00.000Z", window("2026-11-17T14:00:00Z", "2026-11-24T15:00:00Z", 10_800))).toBe("11-22 15:00");
  expect(bucketLabel("2026-11-22T00:00:00.000Z", window("2026-09-01T00:00:00Z", "2026-11-24T00:00:00Z", 86_400))).toBe("11-22");
});

it("keeps each point's links beside its label, and gathers events by bucket", () => {
  const view = {
    window: window("2026-11-24T13:37:00Z", "2026-11-24T14:38:00Z", 60),
    volume: [
      {
        start: "2026-11-24T14:05:00.000Z",
        end: "2026-11-24T14:06:00.000Z",
        allowed: 1,
        denied: 0,
        pending: 0,
        halted: 0,
        total: 1,
        href: { allowed: "/actions?x", denied: "", pending: "", halted: "" },
      },
    ],
    markers: [
      {
        kind: "kill_switch",
        at: "2026-11-24T14:05:10.000Z",
        bucket: "2026-11-24T14:05:00.000Z",
        title: "Kill switch engaged for agent a",
        detail: "runaway",
      },
      {
        kind: "policy",
        at: "2026-11-24T14:05:40.000Z",
        bucket: "2026-11-24T14:05:00.000Z",
        title: "Policy version 3 published",
        detail: "tighter refunds",
      },
    ],
  } as unknown as DashboardView;
  expect(volumeChart(view)).toEqual({
    rows: [{ label: "14:05", allowed: 1, denied: 0, pending: 0, halted: 0 }],
    links: [view.volume[0]!.href],
  });
  expect(markerLines(view)).toEqual([
    { label: "14:05", kind: "kill_switch", text: "Kill switch engaged for agent a: runaway\nPolicy version 3 published: tighter refunds" },
  ]);
});
