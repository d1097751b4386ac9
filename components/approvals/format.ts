import type { Deadline, Money } from "@/lib/approvals/inbox";

/** "45s", "12m 05s", "3h 20m", "2d 4h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

export const formatMoney = (m: Money | null) =>
  m ? `${m.amount.toLocaleString("en-US", { maximumFractionDigits: 4 })}${m.currency ? ` ${m.currency}` : ""}` : "—";

/** "12 records, 1500 moved", or null when the action stated no impact. */
export function formatImpact(impact: { records: number | null; amount: number | null } | null): string | null {
  const parts = [
    impact?.records != null ? `${impact.records} records` : null,
    impact?.amount != null ? `${impact.amount} moved` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

export const THEN_TEXT: Record<Deadline["then"], string> = {
  escalate: "then escalates",
  approve: "then auto-approved",
  deny: "then denied",
  expire: "then expires (denied)",
};
