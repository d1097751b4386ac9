"use client";

/** A time in the viewer's own time zone, with UTC beside it. */
export function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const local = date.toLocaleString(undefined, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {local} <span className="text-zinc-400">({iso.slice(11, 19)} UTC)</span>
    </time>
  );
}

/** `datetime-local` value (viewer's zone) → ISO UTC, or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** ISO UTC → `datetime-local` value in the viewer's zone (to the second). */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
