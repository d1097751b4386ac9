"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import type { HistoryEntry } from "@/lib/contracts/approvals";
import { formatDuration } from "@/lib/format/time";
import { formatMoney } from "./format";
import { getJson, inboxKeys } from "./queries";
import { ViewerTime } from "./viewer-time";

type Page = { entries: HistoryEntry[]; nextCursor: string | null };

const OUTCOME_TONE = { approved: "green", rejected: "red", expired: "amber", cancelled: "violet" } as const;

/** Decided requests: the outcome, who decided it (or what: a timeout, the expiry, the kill switch) and how long it waited. */
export function ApprovalHistory() {
  const history = useInfiniteQuery({
    queryKey: inboxKeys.history,
    queryFn: ({ pageParam }) => getJson<Page>(`/api/inbox/history${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = history.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="space-y-3">
      {history.isError ? (
        <Notice tone="error" title="Could not load the history">
          {history.error.message}
        </Notice>
      ) : null}
      <Table data-testid="approval-history">
        <THead>
          <TR>
            <TH>Decided</TH>
            <TH>Agent</TH>
            <TH>Action</TH>
            <TH>Amount</TH>
            <TH>Outcome</TH>
            <TH>Decided by</TH>
            <TH>Waited</TH>
          </TR>
        </THead>
        <TBody>
          {history.isPending ? <EmptyRow colSpan={7}>Loading…</EmptyRow> : null}
          {history.isSuccess && entries.length === 0 ? <EmptyRow colSpan={7}>Nothing has been decided yet.</EmptyRow> : null}
          {entries.map((e) => (
            <TR key={e.requestId} className="align-top">
              <TD className="text-xs">
                <ViewerTime value={e.decidedAt} />
              </TD>
              <TD>{e.agent.name}</TD>
              <TD>
                <Link className="font-mono text-xs hover:underline" href={`/actions/${e.actionId}`}>
                  {e.type}
                </Link>
                <p className="max-w-48 truncate font-mono text-xs text-zinc-500">{e.resource}</p>
              </TD>
              <TD className="tabular-nums">{formatMoney(e.amount)}</TD>
              <TD>
                <Badge tone={OUTCOME_TONE[e.outcome]}>{e.outcome}</Badge>
                {e.reason && e.outcome !== "approved" ? <p className="max-w-56 text-xs text-zinc-600">{e.reason}</p> : null}
              </TD>
              <TD className="text-xs">{e.decidedBy.join(", ")}</TD>
              <TD className="text-xs tabular-nums">{formatDuration(e.waitedMs)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {history.hasNextPage ? (
        <Button variant="secondary" size="sm" onClick={() => history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? "Loading…" : "Older"}
        </Button>
      ) : null}
    </div>
  );
}
