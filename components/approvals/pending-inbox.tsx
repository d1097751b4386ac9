"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { InboxItem } from "@/lib/contracts/approvals";
import type { VoteDecision } from "@/lib/approvals/machine";
import { ApprovalDetail } from "./approval-detail";
import { Countdown } from "./countdown";
import { DecideDialog, type Outcome, type Subject } from "./decide-dialog";
import { formatImpact, formatMoney } from "./format";
import { getJson, inboxKeys, type LiveMode } from "./queries";

type InboxList = { items: InboxItem[]; truncated: boolean };

const subjectOf = (item: InboxItem): Subject => ({
  requestId: item.requestId,
  type: item.type,
  resource: item.resource,
  agentName: item.agent.name,
  amount: item.amount,
  impactAmount: item.impact?.amount ?? null,
  step: item.step,
  rememberable: item.risk.level === "low",
});

/** Keys typed into a text field are text, not shortcuts. */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
}

/**
 * What the signed-in user may decide now, most urgent first, with the request open beside
 * it. Keyboard: j/k move, Enter opens, Esc closes, a approves, r rejects (each with a
 * confirmation), x ticks the request for a bulk decision.
 */
export function PendingInbox({ live, initialOpenId, canRemember }: { live: LiveMode; initialOpenId?: string; canRemember: boolean }) {
  const client = useQueryClient();
  // Live events refresh the list at once; the interval is the safety net (and the fallback while the stream is down).
  const list = useQuery({
    queryKey: inboxKeys.list,
    queryFn: () => getJson<InboxList>("/api/inbox"),
    refetchInterval: live === "live" ? 30_000 : 3_000,
  });
  const items = list.data?.items ?? [];
  const [cursorId, setCursorId] = useState<string | null>(initialOpenId ?? null);
  const [lastIndex, setLastIndex] = useState(0);
  const [openId, setOpenId] = useState<string | null>(initialOpenId ?? null);
  const [picked, setPicked] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<{ decision: VoteDecision; subjects: Subject[] } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // The cursor stays on its request; when that request leaves the list, on whatever took its place.
  const found = items.findIndex((i) => i.requestId === cursorId);
  const index = found >= 0 ? found : Math.min(lastIndex, items.length - 1);
  const current = index >= 0 ? items[index] : undefined;
  const pickedItems = items.filter((i) => picked.includes(i.requestId));
  const batch = pickedItems[0]?.batch ?? null;

  useEffect(() => {
    if (current) document.querySelector(`[data-request-id="${current.requestId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  useEffect(() => {
    const path = openId ? `/inbox/${openId}` : "/inbox";
    if (window.location.pathname !== path) window.history.replaceState(null, "", path);
  }, [openId]);

  function moveTo(i: number, open = openId !== null) {
    const item = items[Math.max(0, Math.min(i, items.length - 1))];
    if (!item) return;
    setCursorId(item.requestId);
    setLastIndex(items.indexOf(item));
    if (open) setOpenId(item.requestId);
  }

  function toggle(item: InboxItem) {
    if (picked.includes(item.requestId)) return setPicked(picked.filter((id) => id !== item.requestId));
    if (item.batch !== null && (batch === null || batch === item.batch))
      setPicked([...pickedItems.map((i) => i.requestId), item.requestId]);
  }

  function decideOn(decision: VoteDecision) {
    const target = openId ? items.find((i) => i.requestId === openId) : current;
    if (target) setDeciding({ decision, subjects: [subjectOf(target)] });
    else if (openId) setOutcome({ tone: "info", text: "This request no longer waits for you." });
  }

  function onDone(result: Outcome) {
    const decided = deciding?.subjects.map((s) => s.requestId) ?? [];
    const rest = items.filter((i) => !decided.includes(i.requestId));
    const next = rest[Math.min(Math.max(index, 0), rest.length - 1)];
    setDeciding(null);
    setOutcome(result);
    setPicked([]);
    setCursorId(next?.requestId ?? null);
    if (openId && decided.includes(openId)) setOpenId(next?.requestId ?? null);
    // Out of the list now; the refetch confirms it.
    client.setQueryData<InboxList>(
      inboxKeys.list,
      (old) => old && { ...old, items: old.items.filter((i) => !decided.includes(i.requestId)) },
    );
    void client.invalidateQueries({ queryKey: inboxKeys.all });
  }

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (deciding || event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
    const onControl = event.target instanceof HTMLElement && event.target.closest("button, a, input, summary") !== null;
    const handled = (() => {
      switch (event.key) {
        case "j":
          return (moveTo(index + 1), true);
        case "k":
          return (moveTo(index - 1), true);
        case "Enter":
          return !onControl && current ? (moveTo(index, true), true) : false;
        case "Escape":
          return openId ? (setOpenId(null), true) : false;
        case "a":
          return (decideOn("approve"), true);
        case "r":
          return (decideOn("reject"), true);
        case "x":
          return current ? (toggle(current), true) : false;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);

  return (
    <>
      {outcome ? (
        <Notice tone={outcome.tone} data-testid="inbox-outcome" className="mb-4 flex items-start justify-between gap-3">
          <span>{outcome.text}</span>
        </Notice>
      ) : null}
      <div className={cn("grid gap-4", openId && "lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]")}>
        <div className="space-y-3">
          {list.isError ? (
            <Notice tone="error" title="Could not load your inbox">
              {list.error.message}{" "}
              <Button size="sm" variant="secondary" className="ml-2" onClick={() => list.refetch()}>
                Retry
              </Button>
            </Notice>
          ) : null}
          {list.isPending ? <p className="text-sm text-zinc-500">Loading your inbox…</p> : null}
          {list.isSuccess && items.length === 0 ? (
            <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-10 text-center" data-testid="inbox-empty">
              <p className="text-sm font-medium text-zinc-900">Nothing waits for you</p>
              <p className="mt-1 text-sm text-zinc-500">A request appears here the moment an agent asks for something you may decide.</p>
            </div>
          ) : null}
          {list.data?.truncated ? (
            <Notice tone="warning">
              More requests are pending than one page holds: these are yours among the 500 that expire first. Decide some to see the rest.
            </Notice>
          ) : null}
          {pickedItems.length ? (
            <div
              data-testid="bulk-bar"
              className="sticky top-0 z-10 flex flex-wrap items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 shadow-sm"
            >
              <span className="mr-auto text-sm">
                {pickedItems.length} selected: <span className="font-mono">{pickedItems[0]!.type}</span> by {pickedItems[0]!.agent.name},
                rule {pickedItems[0]!.explanation.rule}
              </span>
              {items.filter((i) => i.batch === batch).length > pickedItems.length ? (
                <Button size="sm" variant="ghost" onClick={() => setPicked(items.filter((i) => i.batch === batch).map((i) => i.requestId))}>
                  Select all like these
                </Button>
              ) : null}
              <Button size="sm" onClick={() => setDeciding({ decision: "approve", subjects: pickedItems.map(subjectOf) })}>
                Approve {pickedItems.length}
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDeciding({ decision: "reject", subjects: pickedItems.map(subjectOf) })}>
                Reject {pickedItems.length}
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setPicked([])}>
                Clear
              </Button>
            </div>
          ) : null}
          <ul aria-label="Requests waiting for you" data-testid="inbox-list" className="space-y-2">
            {items.map((item, i) => {
              const pickable = item.batch !== null && (batch === null || batch === item.batch);
              return (
                <li
                  key={item.requestId}
                  data-testid="inbox-item"
                  data-request-id={item.requestId}
                  aria-current={i === index ? "true" : undefined}
                  className={cn(
                    "flex gap-3 rounded-md border bg-white px-3 py-2 transition-colors",
                    i === index ? "border-zinc-900 ring-2 ring-zinc-900/15" : "border-zinc-200 hover:border-zinc-300",
                    item.requestId === openId && "bg-zinc-50",
                  )}
                >
                  <input
                    type="checkbox"
                    className="mt-1"
                    aria-label={`Select ${item.type} on ${item.resource} for a bulk decision`}
                    title={
                      item.batch === null
                        ? `Decided one by one: ${item.risk.why}`
                        : pickable
                          ? "Select for a bulk decision (x)"
                          : "Only identical requests can be decided together"
                    }
                    checked={picked.includes(item.requestId)}
                    disabled={!pickable && !picked.includes(item.requestId)}
                    onChange={() => toggle(item)}
                  />
                  <button type="button" className="min-w-0 flex-1 text-left focus-visible:outline-none" onClick={() => moveTo(i, true)}>
                    <span className="flex items-baseline justify-between gap-2">
                      <span className="min-w-0 truncate text-sm">
                        <span className="font-mono font-medium">{item.type}</span> <span className="text-zinc-500">by</span>{" "}
                        {item.agent.name} <span className="text-zinc-500">on</span>{" "}
                        <span className="font-mono text-xs">{item.resource}</span>
                      </span>
                      <Countdown deadline={item.deadline} />
                    </span>
                    <span className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                      {item.amount ? <span className="font-medium tabular-nums">{formatMoney(item.amount)}</span> : null}
                      {item.impact ? <span className="text-zinc-600">{formatImpact(item.impact)}</span> : null}
                      <Badge tone="blue" data-testid="inbox-step">
                        {item.step}
                      </Badge>
                      <Badge tone={item.risk.level === "high" ? "red" : "neutral"} title={item.risk.why}>
                        {item.risk.level} risk
                      </Badge>
                    </span>
                    <span className="mt-1 block truncate text-xs text-zinc-600" data-testid="inbox-explanation">
                      {item.explanation.message}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {items.length ? (
            <p className="text-xs text-zinc-500">
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>a</kbd> approve · <kbd>r</kbd> reject · <kbd>x</kbd> select ·{" "}
              <kbd>Esc</kbd> close. Bulk decisions are for identical low-risk requests: the same agent, action type and policy rule, with
              one approver step (no second level, no owner bar, not over a limit). The rest are decided one by one.
            </p>
          ) : null}
        </div>
        {openId ? (
          <div className="lg:sticky lg:top-0 lg:max-h-[calc(100vh-3rem)] lg:self-start lg:overflow-y-auto">
            <ApprovalDetail
              key={openId}
              requestId={openId}
              onClose={() => setOpenId(null)}
              onDecide={(decision, subject) => setDeciding({ decision, subjects: [subject] })}
            />
          </div>
        ) : null}
      </div>
      {deciding ? (
        <DecideDialog
          decision={deciding.decision}
          subjects={deciding.subjects}
          canRemember={canRemember}
          onClose={() => setDeciding(null)}
          onDone={onDone}
        />
      ) : null}
    </>
  );
}
