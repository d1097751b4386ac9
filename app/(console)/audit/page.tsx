import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { EvidenceForm } from "@/components/audit/evidence-form";
import { ExportLinks } from "@/components/audit/export-links";
import { VerifyButton } from "@/components/audit/verify-button";
import { PageHeader } from "@/components/ui/page-header";
import { auditPublicKey, latestCheckpoint } from "@/lib/audit/service";
import { pageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { evidenceBundleOperation } from "@/lib/contracts/audit";
import { env } from "@/lib/env";
import { runbookLink } from "@/lib/ops/runbooks";

export const metadata: Metadata = { title: "Audit trail" };

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export default async function AuditPage() {
  const user = await pageUser("console:read");
  const now = new Date().getTime();
  const [checkpoint, key] = await Promise.all([latestCheckpoint(), auditPublicKey()]);
  return (
    <>
      <PageHeader
        title="Audit trail"
        description={
          <>
            Append-only, sequenced into a Merkle tree (RFC 6962) with signed checkpoints.{" "}
            {checkpoint ? (
              <>
                Latest checkpoint: {String(checkpoint.treeSize)} entries, root{" "}
                <code className="font-mono">{checkpoint.rootHash.slice(0, 16)}…</code>.
              </>
            ) : (
              "No checkpoint yet."
            )}{" "}
            Verifier key:{" "}
            <code className="break-all font-mono text-xs" data-testid="verifier-key">
              {key.verifierKey}
            </code>
            {key.verifierKeys.length > 1 && (
              <>
                {" "}
                Earlier keys (rotated; they verify older checkpoints):{" "}
                <code className="break-all font-mono text-xs" data-testid="earlier-verifier-keys">
                  {key.verifierKeys.slice(1).join(" ")}
                </code>
              </>
            )}
          </>
        }
        actions={<VerifyButton runbook={runbookLink("auditVerificationFailure", env().GATEHOUSE_RUNBOOK_BASE_URL)} />}
      />
      {can(user.role, evidenceBundleOperation.access.permission) ? (
        <EvidenceForm from={utcDate(now - 30 * DAY_MS)} to={utcDate(now)} />
      ) : null}
      <Suspense>
        <ExportLinks />
        <AuditExplorer />
      </Suspense>
    </>
  );
}
