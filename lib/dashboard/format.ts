import { formatSeconds } from "../format/time";
import type { Target, Tile } from "./view";

// How the dashboard writes its numbers for people.

export const formatMoney = (amount: number, currency: string) =>
  `${amount.toLocaleString("en-US", { maximumFractionDigits: 4 })}${currency ? ` ${currency}` : ""}`;

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
