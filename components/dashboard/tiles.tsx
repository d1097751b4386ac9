import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatTarget, formatTileValue } from "@/lib/dashboard/format";
import type { Tile } from "@/lib/dashboard/view";

/** The success metrics, each against its target, each linking to the rows it counted. */
export function Tiles({ tiles }: { tiles: Tile[] }) {
  return (
    <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7" data-testid="dashboard-tiles">
      {tiles.map((t) => (
        <section
          key={t.id}
          className="flex flex-col rounded-lg border border-zinc-200 bg-white p-3 shadow-xs"
          data-testid={`tile-${t.id}`}
          aria-label={t.label}
        >
          <h2 className="text-xs font-medium text-zinc-500">{t.label}</h2>
          <p className="mt-1 text-xl font-semibold tabular-nums text-zinc-900" data-testid="tile-value">
            {formatTileValue(t)}
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
            {t.target ? <span>{formatTarget(t.target)}</span> : null}
            {t.met === true ? (
              <Badge tone="green">met</Badge>
            ) : t.met === false ? (
              <Badge tone="red">missed</Badge>
            ) : t.target ? (
              <Badge>no data</Badge>
            ) : null}
          </div>
          <p className="mt-1 text-xs text-zinc-500" data-testid="tile-detail">
            {t.detail}
          </p>
          {t.href ? (
            <Link href={t.href} className="mt-auto pt-2 text-xs text-zinc-700 hover:underline">
              View {t.href.startsWith("/audit") ? "entries" : "actions"} →
            </Link>
          ) : null}
        </section>
      ))}
    </div>
  );
}
