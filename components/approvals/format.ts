import type { Deadline, Money } from "@/lib/contracts/approvals";

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
