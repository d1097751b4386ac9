import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { ExportLinks } from "@/components/audit/export-links";
import { VerifyButton } from "@/components/audit/verify-button";
import { PageHeader } from "@/components/ui/page-header";
import { auditPublicKey, latestCheckpoint } from "@/lib/audit/service";
import { pageUser } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { runbookLink } from "@/lib/ops/runbooks";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  await pageUser("console:read");
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
      <Suspense>
        <ExportLinks />
        <AuditExplorer />
      </Suspense>
    </>
  );
}
