"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { getJson } from "@/components/approvals/queries";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { VersionSummarySchema } from "@/lib/contracts/policies";
import { DiffView, type PolicyDiff } from "./diff-view";

// Diffs between published versions, read from /api/policies/diff.

type Version = z.infer<typeof VersionSummarySchema>;

export function VersionDiff({ from, to }: { from: number; to: number }) {
  const { data, error } = useQuery({
    queryKey: ["policies", "diff", from, to],
    queryFn: () => getJson<PolicyDiff>(`/api/policies/diff?from=${from}&to=${to}`),
  });
  if (error) return <p className="text-red-700">{(error as Error).message}</p>;
  return data ? <DiffView diff={data} /> : <p className="text-xs text-zinc-500">Loading the diff…</p>;
}

/** Any version against any other. */
export function CompareVersions({ versions }: { versions: Version[] }) {
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version);
  const [to, setTo] = useState(versions[0]?.version);
  const [shown, setShown] = useState<[number, number]>();
  if (versions.length < 2 || from === undefined || to === undefined) return null;
  const pick = (value: number, set: (v: number) => void, label: string) => (
    <Select aria-label={label} className="w-32" value={value} onChange={(e) => set(Number(e.target.value))}>
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          version {v.version}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="space-y-3 border-b border-zinc-200 px-4 py-3">
      <div className="flex items-center gap-2 text-sm">
        Compare {pick(from, setFrom, "From version")} with {pick(to, setTo, "To version")}
        <Button size="sm" variant="secondary" onClick={() => setShown([from, to])}>
          Compare
        </Button>
      </div>
      {shown ? <VersionDiff from={shown[0]} to={shown[1]} /> : null}
    </div>
  );
}
