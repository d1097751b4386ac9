"use client";

import { useMutation } from "@tanstack/react-query";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RunbookLink } from "@/components/ui/runbook-link";
import type { RunbookLink as Link } from "@/lib/ops/runbooks";

type Report = {
  ok: boolean;
  entries: number;
  checkpointsVerified: number;
  checkpoints: number;
  signedSize: number;
  elapsedMs: number;
  firstBadSeq?: number;
  firstBadReason?: string;
  problems: { message: string }[];
  notInTree: { message: string }[];
};

/** Runs the same verification as `npm run audit:verify` on the live trail; a failure links the tamper-response runbook. */
export function VerifyButton({ runbook }: { runbook: Link }) {
  const verify = useMutation({
    mutationFn: async (): Promise<Report> => {
      const res = await fetch("/api/v1/audit/verify", { method: "POST" });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      return body;
    },
  });
  const r = verify.data;
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? "Verifying…" : "Verify integrity"}
      </Button>
      {verify.error ? <Notice tone="error">{(verify.error as Error).message}</Notice> : null}
      {r ? (
        <Notice
          tone={r.ok ? "success" : "error"}
          data-testid="verify-result"
          title={r.ok ? "Audit trail verified" : "Audit trail FAILED verification"}
        >
          {r.entries} entries re-hashed, {r.checkpointsVerified} of {r.checkpoints} signed checkpoints match the rebuilt tree (signed size{" "}
          {r.signedSize}), in {Math.round(r.elapsedMs)} ms.
          {!r.ok ? (
            <ul className="mt-1 list-disc break-all pl-5">
              {r.firstBadReason ? <li>First bad entry: {r.firstBadReason}</li> : null}
              {[...r.problems, ...r.notInTree].slice(0, 10).map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          ) : null}
          {!r.ok ? (
            <p className="mt-1">
              <RunbookLink runbook={runbook} label="Tamper response: preserve the evidence first, then follow the runbook" />
            </p>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}
