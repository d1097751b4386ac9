import type { z } from "zod";
import type { DiffSchema } from "@/lib/contracts/policies";
import { cn } from "@/components/ui/cn";

// A diff of two policy sets: the changed rules and limits in words, then each changed file
// side by side (before left, after right). Long unchanged stretches fold to a few lines.

export type PolicyDiff = z.infer<typeof DiffSchema>;
type Row = PolicyDiff["files"][number]["rows"][number];

const CONTEXT = 3;
const tone: Record<Row["kind"], [string, string]> = {
  same: ["", ""],
  removed: ["bg-red-50", "bg-zinc-50"],
  added: ["bg-zinc-50", "bg-emerald-50"],
  changed: ["bg-red-50", "bg-emerald-50"],
};

/** The rows to show: every change with CONTEXT lines around it; a fold marker stands for each stretch in between. */
function visible(rows: Row[]): (Row | { fold: number })[] {
  const out: (Row | { fold: number })[] = [];
  let folded = 0;
  rows.forEach((row, i) => {
    const near = rows.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((r) => r.kind !== "same");
    if (!near) {
      folded++;
      return;
    }
    if (folded) out.push({ fold: folded });
    folded = 0;
    out.push(row);
  });
  if (folded) out.push({ fold: folded });
  return out;
}

export function DiffView({ diff }: { diff: PolicyDiff }) {
  return (
    <div data-testid="policy-diff" className="space-y-3">
      <p className="text-xs text-zinc-500">
        {diff.from} → {diff.to}
      </p>
      {diff.changes.length ? (
        <ul data-testid="change-summary" className="list-disc space-y-0.5 pl-5 text-sm">
          {diff.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">No rule or limit changed.</p>
      )}
      {diff.files.map((file) => (
        <div key={file.path} className="overflow-hidden rounded-md border border-zinc-200">
          <div className="flex justify-between border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 font-mono text-xs">
            <span>{file.path}</span>
            <span>
              {file.status} <span className="text-emerald-700">+{file.added}</span> <span className="text-red-700">−{file.removed}</span>
            </span>
          </div>
          <table className="w-full table-fixed font-mono text-xs">
            <tbody>
              {visible(file.rows).map((row, i) =>
                "fold" in row ? (
                  <tr key={i} className="bg-zinc-50 text-zinc-400">
                    <td colSpan={4} className="px-3 py-0.5">
                      ⋯ {row.fold} unchanged line(s)
                    </td>
                  </tr>
                ) : (
                  <tr key={i}>
                    <td className="w-10 px-1 text-right text-zinc-400 select-none">{row.left?.line}</td>
                    <td className={cn("px-2 break-all whitespace-pre-wrap", tone[row.kind][0])}>{row.left?.text}</td>
                    <td className="w-10 px-1 text-right text-zinc-400 select-none">{row.right?.line}</td>
                    <td className={cn("px-2 break-all whitespace-pre-wrap", tone[row.kind][1])}>{row.right?.text}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
