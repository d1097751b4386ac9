"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { FormEvent } from "react";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { isoToLocalInput, LocalTime, localInputToIso } from "./local-time";

type Entry = {
  seq: number | null;
  id: number;
  createdAt: string;
  actor: { type: string; label: string };
  eventType: string;
  subject: { type: string; id: string } | null;
  agent: { name: string | null } | null;
  decision: string | null;
};
type Page = { entries: Entry[]; nextBefore: string | null };

const FILTERS = ["from", "to", "agent", "actor", "eventType", "decision", "subjectId", "q"] as const;

async function fetchPage(query: string, before?: string): Promise<Page> {
  const params = new URLSearchParams(query);
  if (before) params.set("before", before);
  const res = await fetch(`/api/v1/audit?${params}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

export function AuditExplorer() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const query = new URLSearchParams(FILTERS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : []))).toString();

  const results = useInfiniteQuery({
    queryKey: ["audit", query],
    queryFn: ({ pageParam }) => fetchPage(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: 10_000,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of FILTERS) {
      const raw = String(form.get(key) ?? "").trim();
      const value = key === "from" || key === "to" ? localInputToIso(raw) : raw;
      if (value) next.set(key, value);
    }
    router.push(`${pathname}?${next}`);
  }

  const entries = results.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" data-testid="audit-filters">
        <label className="text-xs text-zinc-500">
          From (your time)
          <Input type="datetime-local" step={1} name="from" defaultValue={isoToLocalInput(search.get("from"))} className="w-56" />
        </label>
        <label className="text-xs text-zinc-500">
          To (your time)
          <Input type="datetime-local" step={1} name="to" defaultValue={isoToLocalInput(search.get("to"))} className="w-56" />
        </label>
        <label className="text-xs text-zinc-500">
          Agent
          <Input name="agent" defaultValue={search.get("agent") ?? ""} className="w-36" />
        </label>
        <label className="text-xs text-zinc-500">
          Actor
          <Input name="actor" defaultValue={search.get("actor") ?? ""} className="w-40" />
        </label>
        <label className="text-xs text-zinc-500">
          Event
          <Input name="eventType" defaultValue={search.get("eventType") ?? ""} placeholder="action.*" className="w-36" />
        </label>
        <label className="text-xs text-zinc-500">
          Decision
          <Select name="decision" defaultValue={search.get("decision") ?? ""} className="w-36">
            <option value="">any</option>
            <option value="allow">allow</option>
            <option value="deny">deny</option>
            <option value="require_approval">require_approval</option>
          </Select>
        </label>
        <label className="text-xs text-zinc-500">
          Subject id
          <Input name="subjectId" defaultValue={search.get("subjectId") ?? ""} className="w-40" />
        </label>
        <label className="text-xs text-zinc-500">
          Text
          <Input name="q" defaultValue={search.get("q") ?? ""} placeholder="refund 250" className="w-40" />
        </label>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {results.error ? (
        <Notice tone="error" data-testid="audit-error">
          {(results.error as Error).message}
        </Notice>
      ) : null}
      <Table data-testid="audit-results">
        <THead>
          <TR>
            <TH>Seq</TH>
            <TH>Time</TH>
            <TH>Event</TH>
            <TH>Actor</TH>
            <TH>Agent</TH>
            <TH>Subject</TH>
            <TH>Decision</TH>
          </TR>
        </THead>
        <TBody>
          {results.isPending ? (
            <EmptyRow colSpan={7}>Loading…</EmptyRow>
          ) : entries.length === 0 ? (
            <EmptyRow colSpan={7}>No entries match.</EmptyRow>
          ) : (
            entries.map((e) => (
              <TR key={e.id}>
                <TD className="font-mono text-xs">
                  {e.seq === null ? (
                    <Badge tone="amber" title="Not yet in the Merkle tree">
                      pending
                    </Badge>
                  ) : (
                    <Link className="hover:underline" href={`/audit/${e.id}`}>
                      {e.seq}
                    </Link>
                  )}
                </TD>
                <TD>
                  <LocalTime iso={e.createdAt} />
                </TD>
                <TD className="font-mono text-xs">
                  <Link className="hover:underline" href={`/audit/${e.id}`}>
                    {e.eventType}
                  </Link>
                </TD>
                <TD>{e.actor.label}</TD>
                <TD>{e.agent?.name ?? "—"}</TD>
                <TD className="font-mono text-xs">{e.subject ? `${e.subject.type}:${e.subject.id.slice(0, 8)}` : "—"}</TD>
                <TD>
                  {e.decision ? (
                    <Badge tone={e.decision === "allow" ? "green" : e.decision === "deny" ? "red" : "amber"}>{e.decision}</Badge>
                  ) : (
                    "—"
                  )}
                </TD>
              </TR>
            ))
          )}
        </TBody>
      </Table>
      {results.hasNextPage ? (
        <Button variant="secondary" onClick={() => results.fetchNextPage()} disabled={results.isFetchingNextPage}>
          {results.isFetchingNextPage ? "Loading…" : "Older entries"}
        </Button>
      ) : null}
    </div>
  );
}
