"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { bulkDecideAction, decideAction } from "@/app/(console)/inbox/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice, type NoticeTone } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { BulkResult, DecideResult, Money } from "@/lib/contracts/approvals";
import type { VoteDecision } from "@/lib/approvals/machine";
import { formatMoney } from "./format";

/** What the person is deciding on, as the confirmation shows it. */
/** `rememberable`: low risk, so an approval may also create a standing approval (the server checks again). */
export type Subject = {
  requestId: string;
  type: string;
  resource: string;
  agentName: string;
  amount: Money | null;
  impactAmount: number | null;
  step: string;
  rememberable: boolean;
};
export type Outcome = { tone: NoticeTone; text: string };

const DURATIONS = [
  { minutes: 60, label: "hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 480, label: "8 hours" },
  { minutes: 1440, label: "24 hours" },
  { minutes: 4320, label: "3 days" },
  { minutes: 10080, label: "7 days" },
];

const NEEDS_COMMENT = "A rejection needs a comment saying why (the agent is told)";

function describe(subject: Subject) {
  return `${subject.type} on ${subject.resource} by ${subject.agentName}`;
}

function outcomeOf(decision: VoteDecision, subject: Subject, result: DecideResult, comment: string): Outcome {
  let text =
    decision === "reject"
      ? `Rejected ${describe(subject)}. The agent is told: “${comment}”.`
      : result.status === "approved"
        ? `Approved ${describe(subject)}. The agent may proceed.`
        : `Approved your step of ${describe(subject)}; it now waits for ${result.step}.`;
  let tone: NoticeTone = "success";
  if (result.standing?.ok) text += ` Standing approval created, until ${new Date(result.standing.expiresAt).toLocaleString()}.`;
  if (result.standing && !result.standing.ok) {
    text += ` The standing approval was not created: ${result.standing.error}`;
    tone = "warning";
  }
  return { tone, text };
}

/**
 * The confirmation of an approval or a rejection, for one request or a batch of identical
 * ones. A rejection needs a comment; an approval may also become a standing approval.
 */
export function DecideDialog({
  decision,
  subjects,
  canRemember,
  onClose,
  onDone,
}: {
  decision: VoteDecision;
  subjects: Subject[];
  canRemember: boolean;
  onClose: () => void;
  onDone: (outcome: Outcome) => void;
}) {
  const single = subjects.length === 1 ? subjects[0] : undefined;
  const one = useServerAction(decideAction);
  const bulk = useServerAction(bulkDecideAction);
  const pending = one.pending || bulk.pending;
  const [commentError, setCommentError] = useState<string>();
  const [remember, setRemember] = useState(false);
  const [cap, setCap] = useState({
    amount: String(single?.amount?.amount ?? single?.impactAmount ?? ""),
    currency: single?.amount?.currency ?? "",
    minutes: "240",
  });
  const [bulkResults, setBulkResults] = useState<BulkResult>();
  const comment = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => comment.current?.focus(), []);

  const verb = decision === "approve" ? "Approve" : "Reject";
  const serverErrors = { ...one.fieldErrors, ...bulk.fieldErrors };
  const error = one.error ?? bulk.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = String(data.get("comment") ?? "").trim();
    if (decision === "reject" && !text) return setCommentError(NEEDS_COMMENT);
    setCommentError(undefined);
    if (!single) {
      bulk.run({ requestIds: subjects.map((s) => s.requestId), decision, comment: text }, setBulkResults);
      return;
    }
    const amount = cap.amount.trim();
    const currency = cap.currency.trim().toUpperCase();
    const memory = remember
      ? {
          maxAmount: amount === "" ? null : Number(amount),
          currency: currency || null,
          durationMinutes: Number(cap.minutes),
          note: String(data.get("note") ?? ""),
        }
      : undefined;
    one.run({ requestId: single.requestId, decision, comment: text, remember: memory }, (result) =>
      onDone(outcomeOf(decision, single, result, text)),
    );
  }

  // Ctrl/Cmd+Enter confirms from the comment box.
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      form.current?.requestSubmit();
    }
  }

  if (bulkResults) {
    const failed = bulkResults.filter((r) => !r.ok);
    const done = () =>
      onDone({
        tone: failed.length ? "warning" : "success",
        text: `${verb === "Approve" ? "Approved" : "Rejected"} ${bulkResults.length - failed.length} of ${bulkResults.length}.`,
      });
    return (
      <Dialog open onClose={done} title={`${verb}d ${bulkResults.length - failed.length} of ${bulkResults.length}`}>
        <ul className="space-y-1" data-testid="bulk-results">
          {bulkResults.map((r) => {
            const subject = subjects.find((s) => s.requestId === r.requestId);
            return (
              <li key={r.requestId} className={r.ok ? "text-emerald-800" : "text-red-700"}>
                {r.ok ? "✓" : "✗"} {subject ? `${subject.resource} (${formatMoney(subject.amount)})` : r.requestId}: {r.message}
              </li>
            );
          })}
        </ul>
        <div className="mt-4 flex justify-end">
          <Button onClick={done}>Done</Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={single ? `${verb} ${single.type}?` : `${verb} ${subjects.length} identical requests?`}
      description={
        single
          ? [`${single.resource} by ${single.agentName}`, single.amount && formatMoney(single.amount), single.step]
              .filter(Boolean)
              .join(" · ")
          : `${subjects[0]!.type} by ${subjects[0]!.agentName}: ${subjects.map((s) => s.resource).join(", ")}`
      }
    >
      <form ref={form} onSubmit={onSubmit} className="space-y-4" noValidate data-testid="decide-form">
        {error ? (
          <Notice tone="error" data-testid="form-error">
            {error}
          </Notice>
        ) : null}
        <Field
          label={decision === "reject" ? "Comment (required: the agent is told why)" : "Comment (optional)"}
          htmlFor="decide-comment"
          error={commentError ?? serverErrors.comment}
        >
          <Textarea
            ref={comment}
            id="decide-comment"
            name="comment"
            rows={3}
            onKeyDown={onKeyDown}
            aria-invalid={Boolean(commentError ?? serverErrors.comment)}
          />
        </Field>
        {single && decision === "approve" && canRemember && single.rememberable ? (
          <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3">
            <label className="flex items-start gap-2">
              <input type="checkbox" className="mt-0.5" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
              <span>
                Also auto-approve this agent&apos;s <span className="font-mono">{single.type}</span>{" "}
                {cap.amount.trim()
                  ? `up to ${cap.amount.trim()}${cap.currency.trim() ? ` ${cap.currency.trim().toUpperCase()}` : ""}`
                  : "of any amount"}{" "}
                for the next {DURATIONS.find((d) => String(d.minutes) === cap.minutes)?.label} (a standing approval)
              </span>
            </label>
            {remember ? (
              <div className="grid grid-cols-[1fr_6rem] gap-2">
                <Field label="Up to (empty: any amount)" htmlFor="remember-amount" error={serverErrors["remember.maxAmount"]}>
                  <Input
                    id="remember-amount"
                    type="number"
                    min={0}
                    step="any"
                    value={cap.amount}
                    onChange={(e) => setCap({ ...cap, amount: e.target.value })}
                  />
                </Field>
                <Field label="Currency" htmlFor="remember-currency" error={serverErrors["remember.currency"]}>
                  <Input
                    id="remember-currency"
                    maxLength={3}
                    value={cap.currency}
                    onChange={(e) => setCap({ ...cap, currency: e.target.value })}
                  />
                </Field>
                <Field
                  label="For the next"
                  htmlFor="remember-duration"
                  error={serverErrors["remember.durationMinutes"]}
                  className="col-span-2"
                >
                  <Select id="remember-duration" value={cap.minutes} onChange={(e) => setCap({ ...cap, minutes: e.target.value })}>
                    {DURATIONS.map((d) => (
                      <option key={d.minutes} value={d.minutes}>
                        {d.label}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Note (optional)" htmlFor="remember-note" error={serverErrors["remember.note"]} className="col-span-2">
                  <Input id="remember-note" name="note" placeholder="e.g. refund backlog after the outage" />
                </Field>
              </div>
            ) : null}
          </fieldset>
        ) : null}
        <div className="flex items-center justify-end gap-2">
          <span className="mr-auto text-xs text-zinc-400">Ctrl+Enter to confirm · Esc to cancel</span>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant={decision === "reject" ? "danger" : "primary"} disabled={pending}>
            {pending ? `${verb === "Approve" ? "Approving" : "Rejecting"}…` : single ? verb : `${verb} ${subjects.length}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
