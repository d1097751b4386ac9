"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { getJson } from "@/components/approvals/queries";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Time } from "@/components/ui/time";
import type { ChangeItemSchema, ChangeViewSchema } from "@/lib/contracts/policy-studio";
import { reviewPolicyChangeAction } from "@/app/(console)/inbox/actions";
import { TestPanel } from "./check-results";
import { DiffView } from "./diff-view";
import { ReplayReport } from "./replay-report";

// Policy changes waiting for review, in the inbox of policy admins and admins: each with
// its diff, its test results and its replay summary. The author's own are shown, never
// decidable by them.

type Item = z.infer<typeof ChangeItemSchema>;
type View = z.infer<typeof ChangeViewSchema>;
const changesKey = ["policies", "changes"] as const;

function ChangeDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const { data, error } = useQuery({ queryKey: [...changesKey, id], queryFn: () => getJson<View>(`/api/policies/changes/${id}`) });
  const [comment, setComment] = useState("");
  const review = useServerAction(reviewPolicyChangeAction);
  if (error) return <Notice tone="error">{(error as Error).message}</Notice>;
  if (!data) return <p className="text-xs text-zinc-500">Loading…</p>;
  const decide = (decision: "approve" | "reject") => review.run({ id, decision, comment: comment.trim() || undefined }, onDone);
  return (
    <div className="space-y-4" data-testid="change-detail">
      <p className="text-sm">
        <b>{data.message}</b> — {data.kind === "rollback" ? `roll back to version ${data.rolledBackFrom}` : "publish"}, asked by{" "}
        {data.author} on version {data.baseVersion}
      </p>
      <DiffView diff={{ from: `version ${data.baseVersion}`, to: "the change", changes: data.changes, files: data.files }} />
      <TestPanel check={{ ok: true, errors: [], tests: data.tests, checksum: null }} />
      <ReplayReport replay={data.replay} compact />
      {data.review.ok ? (
        <div className="space-y-2">
          <Field label="Comment (required to reject)" htmlFor="change-comment" error={review.fieldErrors.comment}>
            <Textarea id="change-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
          <div className="flex gap-2">
            <Button disabled={review.pending} onClick={() => decide("approve")}>
              Approve and publish
            </Button>
            <Button variant="danger" disabled={review.pending} onClick={() => decide("reject")}>
              Reject
            </Button>
          </div>
        </div>
      ) : (
        <Notice>{data.review.message}</Notice>
      )}
      {review.error ? <Notice tone="error">{review.error}</Notice> : null}
    </div>
  );
}

export function PolicyChangeInbox() {
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: changesKey,
    queryFn: () => getJson<{ changes: Item[] }>("/api/policies/changes"),
    refetchInterval: 5000,
  });
  const [open, setOpen] = useState<string>();
  const [outcome, setOutcome] = useState<string>();
  if (!data?.changes.length && !outcome) return null;
  return (
    <Card data-testid="policy-changes">
      <CardHeader title="Policy changes to review" description="Approving publishes the change at once; nobody approves their own." />
      <CardBody className="space-y-3">
        {outcome ? <Notice tone="success">{outcome}</Notice> : null}
        <ul className="divide-y divide-zinc-100">
          {data?.changes.map((c) => (
            <li key={c.id} data-testid="policy-change" className="py-2">
              <button type="button" className="w-full text-left" onClick={() => setOpen(open === c.id ? undefined : c.id)}>
                <span className="font-medium">{c.message}</span> <Badge>{c.kind}</Badge>{" "}
                {c.mine ? <Badge tone="amber">yours: waiting for another reviewer</Badge> : null}
                <span className="block text-xs text-zinc-500">
                  by {c.author} on version {c.baseVersion} · {c.changed} past decision(s) would change · expires{" "}
                  <Time value={c.expiresAt} />
                </span>
              </button>
              {open === c.id ? (
                <div className="mt-3">
                  <ChangeDetail
                    id={c.id}
                    onDone={() => {
                      setOpen(undefined);
                      setOutcome(`Decided: ${c.message}`);
                      void client.invalidateQueries({ queryKey: changesKey });
                    }}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
