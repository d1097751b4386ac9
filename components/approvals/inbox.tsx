"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import { ApprovalDetail } from "./approval-detail";
import { ApprovalHistory } from "./history";
import { PendingInbox } from "./pending-inbox";
import { useLiveActions, type LiveMode } from "./queries";

export type InboxTab = "pending" | "history";

const LIVE_TEXT: Record<LiveMode, string> = { connecting: "Connecting…", live: "Live", polling: "Reconnecting; refreshing every 3 s" };

function LiveStatus({ mode }: { mode: LiveMode }) {
  return (
    <span data-testid="live-status" data-mode={mode} className="inline-flex items-center gap-1.5 text-xs text-zinc-500">
      <span
        aria-hidden
        className={cn("size-2 rounded-full", mode === "live" ? "bg-emerald-500" : mode === "polling" ? "bg-amber-500" : "bg-zinc-300")}
      />
      {LIVE_TEXT[mode]}
    </span>
  );
}

/** The approval inbox: what waits for the signed-in user (live), and what was decided. */
export function Inbox({
  tab: initialTab,
  openId,
  canDecide,
  canRemember,
  role,
}: {
  tab: InboxTab;
  openId?: string;
  canDecide: boolean;
  canRemember: boolean;
  role: string;
}) {
  const live = useLiveActions();
  const [tab, setTab] = useState<InboxTab>(canDecide ? initialTab : "history");
  // Someone who does not decide still may read the request a link points at.
  const [readOnlyId, setReadOnlyId] = useState(canDecide ? undefined : openId);

  function choose(next: InboxTab) {
    setTab(next);
    window.history.replaceState(null, "", next === "history" ? "/inbox?tab=history" : "/inbox");
  }

  const tabClass = (t: InboxTab) =>
    cn(
      "-mb-px border-b-2 px-3 py-2 text-sm",
      tab === t ? "border-zinc-900 font-medium text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800",
    );
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between border-b border-zinc-200">
        <div role="tablist" aria-label="Inbox" className="flex">
          <button
            type="button"
            role="tab"
            aria-selected={tab === "pending"}
            className={tabClass("pending")}
            onClick={() => choose("pending")}
          >
            Waiting for you
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === "history"}
            className={tabClass("history")}
            onClick={() => choose("history")}
          >
            History
          </button>
        </div>
        <div className="pb-2">
          <LiveStatus mode={live} />
        </div>
      </div>
      <div role="tabpanel">
        {tab === "history" ? (
          <div className="space-y-4">
            {readOnlyId ? (
              <ApprovalDetail requestId={readOnlyId} onClose={() => setReadOnlyId(undefined)} onDecide={() => undefined} />
            ) : null}
            <ApprovalHistory />
          </div>
        ) : canDecide ? (
          <PendingInbox live={live} initialOpenId={openId} canRemember={canRemember} />
        ) : (
          <Notice>Your role ({role}) does not decide approvals. The History tab shows what was decided and by whom.</Notice>
        )}
      </div>
    </div>
  );
}
