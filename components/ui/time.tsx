import { utcMinute } from "@/lib/format/time";

/** A timestamp shown in UTC with the exact ISO value on hover (server and client render the same text). */
export function Time({ value, empty = "—" }: { value: Date | string | null | undefined; empty?: string }) {
  if (!value) return <span className="text-zinc-400">{empty}</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {utcMinute(date)}
    </time>
  );
}
