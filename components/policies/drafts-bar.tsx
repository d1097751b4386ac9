"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { relativeTime } from "@/lib/format/time";
import { createDraftAction, discardDraftAction } from "@/app/(console)/policies/actions";

// Open drafts, anyone's (author, age, base version); one's own open for editing, others'
// read-only. A new draft starts from the active version.

type DraftItem = { id: string; title: string; author: string; mine: boolean; baseVersion: number; stale: boolean; updatedAt: string };

export function DraftsBar({ drafts, openId, canWrite, now }: { drafts: DraftItem[]; openId?: string; canWrite: boolean; now: string }) {
  const router = useRouter();
  const create = useServerAction(createDraftAction);
  const discard = useServerAction(discardDraftAction);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="drafts">
      <Link href="/policies" className={cn("rounded-md px-2 py-1", !openId ? "bg-zinc-900 text-white" : "hover:bg-zinc-100")}>
        Active set
      </Link>
      {drafts.map((d) => (
        <span
          key={d.id}
          className={cn("flex items-center gap-1 rounded-md px-2 py-1", d.id === openId ? "bg-zinc-900 text-white" : "hover:bg-zinc-100")}
        >
          <Link href={`/policies?draft=${d.id}`} data-testid="draft-link">
            {d.title}{" "}
            <span className="opacity-70">
              · {d.mine ? "you" : d.author} · {relativeTime(new Date(d.updatedAt), new Date(now))} · on v{d.baseVersion}
            </span>
          </Link>
          {d.stale ? <Badge tone="amber">newer version published</Badge> : null}
          {d.mine && d.id === openId ? (
            <button
              type="button"
              className="ml-1 text-xs underline opacity-80"
              onClick={() => window.confirm("Discard this draft?") && discard.run({ id: d.id }, () => router.push("/policies"))}
            >
              discard
            </button>
          ) : null}
        </span>
      ))}
      {canWrite ? (
        <Button
          size="sm"
          variant="secondary"
          disabled={create.pending}
          onClick={() => create.run({}, ({ id }) => router.push(`/policies?draft=${id}`))}
        >
          New draft
        </Button>
      ) : null}
      {(create.error ?? discard.error) ? <span className="text-red-700">{create.error ?? discard.error}</span> : null}
    </div>
  );
}
