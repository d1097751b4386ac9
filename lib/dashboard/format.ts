import type { Target, Tile } from "./view";

// How the dashboard writes its numbers for people.

export const formatMoney = (amount: number, currency: string) => `${amount.toLocaleString("en-US", { maximumFractionDigits: 4 })}${currency ? ` ${currency}` : ""}`;

/** "850 ms", "12.5 s", "7.2 min", "1.5 h", "2.1 d"; "—" for none. */
export function formatSeconds(s: number | null): string {
  if (s === null) return "—";
  if (s < 1) return `${Math.round(s * 1000 * 10) / 10} ms`;
  if (s < 60) return `${Math.round(s * 10) / 10} s`;
  if (s < 3600) return `${Math.round((s / 60) * 10) / 10} min`;
  if (s < 86_400) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86_400) * 10) / 10} d`;
}

/** "0.12 %", "85.3 %", "80 %". */
export function formatRatio(r: number): string {
  const pct = r * 100;
  const digits = Number.isInteger(pct) ? 0 : Math.abs(pct) < 1 ? 2 : 1;
  return `${pct.toFixed(digits)} %`;
}

export function formatTileValue(tile: Pick<Tile, "value" | "unit" | "currency">): string {
  if (tile.value === null) return "—";
  if (tile.unit === "ratio") return formatRatio(tile.value);
  if (tile.unit === "seconds") return formatSeconds(tile.value);
  return formatMoney(Math.round(tile.value * 100) / 100, tile.currency ?? "");
}

/** "target < 0.1 %", "target > 80 %", "target < 2 s"; the coverage target (all but rounding) reads "100 %". */
export function formatTarget(target: Target): string {
  if (target.unit === "seconds") return `target ${target.op} ${formatSeconds(target.value)}`;
  return target.value > 0.9999 ? "target 100 %" : `target ${target.op} ${formatRatio(target.value)}`;
}
