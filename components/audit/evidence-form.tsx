"use client";

import { useState, type FormEvent } from "react";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { evidenceBundleOperation, EvidenceQuerySchema } from "@/lib/contracts/audit";

/**
 * Downloads an evidence bundle (zip) for a period: a plain GET of the form, so the browser saves
 * the streamed archive itself. The period is checked here with the route's own schema first, so a
 * mistake is a message on the page rather than an error document.
 */
export function EvidenceForm({ from, to }: { from: string; to: string }) {
  const [problems, setProblems] = useState<string[]>([]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const parsed = EvidenceQuerySchema.safeParse({ from: form.get("from"), to: form.get("to") });
    setProblems(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message));
    if (!parsed.success) event.preventDefault();
  }

  return (
    <form
      method="get"
      action={evidenceBundleOperation.path}
      onSubmit={onSubmit}
      noValidate
      className="mb-4 space-y-2 rounded-md border border-zinc-200 p-3"
      data-testid="evidence-form"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs text-zinc-500">
          From (UTC)
          <Input type="date" name="from" defaultValue={from} className="w-40" />
        </label>
        <label className="text-xs text-zinc-500">
          To (UTC, included)
          <Input type="date" name="to" defaultValue={to} className="w-40" />
        </label>
        <Button type="submit" variant="secondary">
          Download evidence bundle
        </Button>
      </div>
      <p className="text-xs text-zinc-500">
        A zip for auditors: the period&apos;s entries with proofs, checkpoints, a full verification, policy versions, approvals, kill
        switches, people, keys and retention runs, with a manifest recorded in this trail. Building it takes a moment. Verify it offline:{" "}
        <code className="font-mono">npm run --silent gatehouse -- evidence verify FILE.zip --key &lt;verifier key&gt;</code>
      </p>
      {problems.length ? (
        <Notice tone="error" data-testid="evidence-error">
          {problems.join(" ")}
        </Notice>
      ) : null}
    </form>
  );
}
