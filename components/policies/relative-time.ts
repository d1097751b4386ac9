import { formatDuration } from "@/components/approvals/format";

/** "in 3h 20m" or "12m 05s ago", relative to `now`. */
export function relativeTime(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}
