"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { publishDraftAction, rebaseDraftAction } from "@/app/(console)/policies/actions";
import type { PolicyFile } from "@/lib/policy/types";

// Publishing a draft: a message; with review required a change request instead; an admin
// may skip review in an emergency with a typed reason. A stale base comes back as a
// conflict showing upstream's changes, to re-apply the draft there or merge by hand.

type Conflict = { base: number; active: number; upstream: string[]; reapply: { ok: boolean; conflicts?: string[] } };

export function PublishPanel({
  draftId,
  files,
  reviewRequired,
  canSkipReview,
  beforePublish,
  onRebased,
}: {
  draftId: string;
  files: PolicyFile[];
  reviewRequired: boolean;
  canSkipReview: boolean;
  beforePublish: () => Promise<void>;
  onRebased: (draft: { baseVersion: number; version: number; files: PolicyFile[] }) => void;
}) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [emergency, setEmergency] = useState(false);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string>();
  const [conflict, setConflict] = useState<Conflict>();
  const publish = useServerAction(publishDraftAction);
  const rebase = useServerAction(rebaseDraftAction);

  async function submit() {
    await beforePublish();
    publish.run({ id: draftId, message, ...(emergency ? { emergencyReason: reason } : {}) }, (outcome) => {
      if (outcome.outcome === "conflict") return setConflict(outcome);
      setDone(
        outcome.outcome === "published"
          ? `Published as version ${outcome.version}.`
          : "Change request opened: another policy admin or admin approves it in their inbox. It expires if nobody does.",
      );
      router.refresh();
    });
  }

  function moveOnto(mode: "reapply" | "manual") {
    rebase.run(mode === "reapply" ? { id: draftId, mode } : { id: draftId, mode, files }, (draft) => {
      setConflict(undefined);
      onRebased(draft);
    });
  }

  if (done)
    return (
      <Notice tone="success" data-testid="publish-outcome">
        {done}
      </Notice>
    );
  return (
    <div className="space-y-3" data-testid="publish-panel">
      {reviewRequired ? (
        <Notice>Review is required: publishing opens a change request that another policy admin or admin approves.</Notice>
      ) : null}
      <Field label="Publish message" htmlFor="publish-message" error={publish.fieldErrors.message}>
        <Input
          id="publish-message"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Lower the routine refund limit to 50"
        />
      </Field>
      {reviewRequired && canSkipReview ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={emergency} onChange={(e) => setEmergency(e.target.checked)} /> Emergency: publish without review
        </label>
      ) : null}
      {emergency ? (
        <Field label="Reason (audited, shown on the version)" htmlFor="emergency-reason" error={publish.fieldErrors.emergencyReason}>
          <Textarea id="emergency-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      ) : null}
      <Button disabled={publish.pending || !message.trim()} onClick={() => void submit()}>
        {reviewRequired && !emergency ? "Ask for review" : "Publish"}
      </Button>
      {publish.error ? (
        <Notice tone="error" data-testid="publish-error">
          {publish.error}
          {publish.fieldErrors.files?.map((f) => (
            <p key={f} className="font-mono text-xs">
              {f}
            </p>
          ))}
        </Notice>
      ) : null}
      {conflict ? (
        <Notice
          tone="warning"
          title={`Version ${conflict.active} was published after this draft's base (version ${conflict.base})`}
          data-testid="publish-conflict"
        >
          <p>What changed upstream:</p>
          <ul className="list-disc pl-5">
            {conflict.upstream.length ? (
              conflict.upstream.map((u) => <li key={u}>{u}</li>)
            ) : (
              <li>no rule or limit (comments or formatting only)</li>
            )}
          </ul>
          {conflict.reapply.conflicts?.map((c) => (
            <p key={c} className="text-xs">
              {c}
            </p>
          ))}
          <div className="mt-2 flex gap-2">
            <Button size="sm" disabled={!conflict.reapply.ok || rebase.pending} onClick={() => moveOnto("reapply")}>
              Re-apply on version {conflict.active}
            </Button>
            <Button size="sm" variant="secondary" disabled={rebase.pending} onClick={() => moveOnto("manual")}>
              I merged by hand: base on version {conflict.active}
            </Button>
          </div>
          <p className="mt-1 text-xs">
            To merge by hand, compare with the Changes tab, edit the files, then base the draft on the new version.
          </p>
          {rebase.error ? <p className="text-red-700">{rebase.error}</p> : null}
        </Notice>
      ) : null}
    </div>
  );
}
