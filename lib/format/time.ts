// How Gatehouse writes times and durations for people: in the console, notifications and
// explanations alike, so one moment reads the same everywhere.

/** "2026-11-24 14:37 UTC". */
export const utcMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

type Parts = { days: number; hours: number; minutes: number; seconds: number };

function parts(ms: number): Parts & { totalSeconds: number } {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  return {
    totalSeconds,
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `compact` (tables, countdowns): "45s", "12m 05s", "3h 20m", "2d 4h".
 * `words` (notifications, read at a glance): "45 s", "29 min", "2 h 5 min", "3 d 4 h".
 */
export function formatDuration(ms: number, style: "compact" | "words" = "compact"): string {
  const p = parts(ms);
  const totalHours = Math.floor(p.totalSeconds / 3600);
  if (style === "compact") {
    if (p.totalSeconds < 60) return `${p.seconds}s`;
    if (p.totalSeconds < 3600) return `${p.minutes}m ${pad(p.seconds)}s`;
    if (p.totalSeconds < 86_400) return `${totalHours}h ${pad(p.minutes)}m`;
    return `${p.days}d ${p.hours}h`;
  }
  if (p.totalSeconds < 60) return `${p.seconds} s`;
  if (p.totalSeconds < 3600) return `${Math.floor(p.totalSeconds / 60)} min`;
  if (totalHours < 48) return p.minutes ? `${totalHours} h ${p.minutes} min` : `${totalHours} h`;
  return p.hours ? `${p.days} d ${p.hours} h` : `${p.days} d`;
}

/** "in 3h 20m" or "12m 05s ago", relative to `now`. */
export function relativeTime(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/** A measured duration, to a tenth of its unit: "12.3 ms", "12.5 s", "7.2 min", "1.5 h", "2.1 d"; "—" for none. */
export function formatSeconds(s: number | null): string {
  if (s === null) return "—";
  if (s < 1) return `${Math.round(s * 1000 * 10) / 10} ms`;
  if (s < 60) return `${Math.round(s * 10) / 10} s`;
  if (s < 3600) return `${Math.round((s / 60) * 10) / 10} min`;
  if (s < 86_400) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86_400) * 10) / 10} d`;
}
