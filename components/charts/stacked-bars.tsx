"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { EventMarker, type MarkerLine } from "./event-marker";

export type Series = { key: string; name: string; color: string };

/**
 * Bars stacked by series over the time axis; a click on a segment opens `links[i][key]`
 * (the list of exactly what it counts). Events are marked on the axis; their lines let
 * clicks through to the bars.
 */
export function StackedBars({
  rows,
  links,
  series,
  markers = [],
  height = 240,
  unit,
}: {
  rows: ({ label: string } & Record<string, string | number>)[];
  links: Record<string, string>[];
  series: Series[];
  markers?: MarkerLine[];
  height?: number;
  unit?: string;
}) {
  const router = useRouter();
  return (
    <div className="[&_.recharts-reference-line-line]:pointer-events-none">
      <BarChart data={rows} height={height} responsive style={{ width: "100%" }} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
        <YAxis allowDecimals={Boolean(unit)} tick={{ fontSize: 11 }} width={48} unit={unit} />
        <Tooltip cursor={{ fill: "#f4f4f5" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="stack"
            fill={s.color}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(_, index) => {
              const href = links[index]?.[s.key];
              if (href) router.push(href);
            }}
          />
        ))}
        {markers.map((m) => (
          <ReferenceLine
            key={m.label}
            x={m.label}
            stroke={m.kind === "kill_switch" ? "#dc2626" : "#7c3aed"}
            strokeDasharray="4 2"
            label={<EventMarker marker={m} />}
          />
        ))}
      </BarChart>
    </div>
  );
}
