"use client";

import { useRouter } from "next/navigation";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";

export type WaitRow = {
  label: string;
  p50: number | null;
  p95: number | null;
  depth: number;
  oldestPendingSeconds: number | null;
  href: string;
};

const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);

/** Approval waits (p50, p95) and the oldest pending age in minutes, with the queue's depth as bars; a click opens that bucket's approvals. */
export function WaitChart({ rows, height = 240 }: { rows: WaitRow[]; height?: number }) {
  const router = useRouter();
  const data = rows.map((r) => ({
    label: r.label,
    depth: r.depth,
    p50: minutes(r.p50),
    p95: minutes(r.p95),
    oldest: minutes(r.oldestPendingSeconds),
  }));
  return (
    <ComposedChart data={data} height={height} responsive style={{ width: "100%" }} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
      <YAxis yAxisId="minutes" tick={{ fontSize: 11 }} width={48} unit=" m" />
      <YAxis yAxisId="depth" orientation="right" allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar
        yAxisId="depth"
        dataKey="depth"
        name="queue depth"
        fill="#a1a1aa"
        isAnimationActive={false}
        cursor="pointer"
        onClick={(_, index) => {
          const href = rows[index]?.href;
          if (href) router.push(href);
        }}
      />
      <Line yAxisId="minutes" dataKey="p50" name="wait p50 (min)" stroke="#2563eb" dot={false} connectNulls isAnimationActive={false} />
      <Line yAxisId="minutes" dataKey="p95" name="wait p95 (min)" stroke="#dc2626" dot={false} connectNulls isAnimationActive={false} />
      <Line
        yAxisId="minutes"
        dataKey="oldest"
        name="oldest pending (min)"
        stroke="#d97706"
        strokeDasharray="4 2"
        dot={false}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
