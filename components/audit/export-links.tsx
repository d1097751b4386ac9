"use client";

import { useSearchParams } from "next/navigation";

/** Export the current filter: JSON Lines with proofs (verifiable offline) or CSV. */
export function ExportLinks() {
  const search = useSearchParams();
  const href = (format: "jsonl" | "csv") => {
    const params = new URLSearchParams(search);
    params.set("format", format);
    return `/api/v1/audit/export?${params}`;
  };
  return (
    <p className="mb-3 text-sm text-zinc-600">
      Export this filter:{" "}
      <a className="underline" href={href("jsonl")} download data-testid="export-jsonl">
        JSON Lines with proofs
      </a>
      {" · "}
      <a className="underline" href={href("csv")} download>
        CSV
      </a>
      <span className="ml-2 text-xs text-zinc-400">(verify offline: npm run audit:verify-export -- FILE --key &lt;verifier key&gt;)</span>
    </p>
  );
}
