"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, Tooltip, XAxis, YAxis } from "recharts";

export type RankedRow = { label: string; count: number; href: string };

/** Horizontal bars, largest first; a click opens the row's list. */
export function RankedBars({ rows, color = "#52525b", name }: { rows: RankedRow[]; color?: string; name: string }) {
  const router = useRouter();
  return (
    <BarChart
      data={rows.map(({ label, count }) => ({ label, count }))}
      layout="vertical"
      height={Math.max(80, rows.length * 28 + 24)}
      responsive
      style={{ width: "100%" }}
      margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
    >
      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
      <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 11 }} />
      <Tooltip cursor={{ fill: "#f4f4f5" }} />
      <Bar
        dataKey="count"
        name={name}
        fill={color}
        cursor="pointer"
        isAnimationActive={false}
        onClick={(_, index) => {
          const href = rows[index]?.href;
          if (href) router.push(href);
        }}
      />
    </BarChart>
  );
}
