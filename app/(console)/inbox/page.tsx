import type { Metadata } from "next";
import { Inbox } from "@/components/approvals/inbox";
import { PolicyChangeInbox } from "@/components/policies/change-inbox";
import { Notice } from "@/components/ui/alert";
import { RunbookLink } from "@/components/ui/runbook-link";
import { PageHeader } from "@/components/ui/page-header";
import { pageUser } from "@/lib/auth/page-guard";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { formatDuration } from "@/lib/format/time";
import { approvalQueue } from "@/lib/observability/shared-state-store";
import { runbookLink } from "@/lib/ops/runbooks";

/** The GatehouseApprovalBacklog alert's threshold (ops/prometheus/alerts.yml). */
const BACKLOG_SECONDS = 3600;

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await pageUser("console:read");
  const { tab } = await searchParams;
  const queue = await approvalQueue();
  return (
    <>
      <PageHeader title="Inbox" description="Requests you may decide now, the most urgent first. Times are in your time zone." />
      {queue.oldestAgeSeconds > BACKLOG_SECONDS ? (
        <Notice tone="warning" className="mb-4" data-testid="backlog-notice" title="Approval backlog">
          {queue.pending} requests pending; the oldest has waited {formatDuration(queue.oldestAgeSeconds * 1000)}.{" "}
          <RunbookLink runbook={runbookLink("approvalBacklog", env().GATEHOUSE_RUNBOOK_BASE_URL)} />
        </Notice>
      ) : null}
      {can(user.role, "policies:write") ? (
        <div className="mb-4">
          <PolicyChangeInbox />
        </div>
      ) : null}
      <Inbox
        tab={tab === "history" ? "history" : "pending"}
        canDecide={can(user.role, "approvals:decide")}
        canRemember={can(user.role, "approvals:remember")}
        role={ROLE_LABELS[user.role]}
      />
    </>
  );
}
