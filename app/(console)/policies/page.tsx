import type { Metadata } from "next";
import { ApproverMetricsTable, RuleMetricsTable } from "@/components/approvals/metrics-tables";
import { DraftsBar } from "@/components/policies/drafts-bar";
import { PolicyStudio } from "@/components/policies/policy-studio";
import { ReviewSetting } from "@/components/policies/review-setting";
import { StandingApprovals } from "@/components/policies/standing-approvals";
import { VersionsTable } from "@/components/policies/versions-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { approvalMetrics } from "@/lib/approvals/metrics-store";
import { listStandingApprovals } from "@/lib/approvals/standing-store";
import { pageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { reviewRequired } from "@/lib/policy/review-setting-service";
import { policySchemaKeys } from "@/lib/policy/schema-keys";
import { activeFiles, draftsView, draftView, versionsView } from "@/lib/policy/studio-store";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<{ draft?: string }> }) {
  const user = await pageUser("console:read");
  const { draft: draftId } = await searchParams;
  const now = new Date();
  const [active, versions, drafts, review, standing, metrics, draft] = await Promise.all([
    activeFiles(),
    versionsView(),
    draftsView(user),
    reviewRequired(),
    listStandingApprovals({ includeExpired: true }, now),
    approvalMetrics({ to: now }),
    draftId && /^[0-9a-f-]{36}$/i.test(draftId)
      ? draftView(draftId, user).catch((error) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        })
      : null,
  ]);
  const canWrite = can(user.role, "policies:write");
  const canConfigure = can(user.role, "policies:configure");
  return (
    <>
      <PageHeader
        title="Policies"
        description="The active policy set decides every action: deny beats require_approval beats allow, and nothing matching means deny. Edit in a draft, test, replay against history, run it in shadow, then publish."
        actions={
          active.version ? (
            <Badge tone="blue" data-testid="active-version">
              version {active.version}
            </Badge>
          ) : null
        }
      />
      <div className="grid gap-4">
        <ReviewSetting required={review} canConfigure={canConfigure} expiryDays={env().GATEHOUSE_POLICY_REVIEW_EXPIRY_DAYS} />
        <DraftsBar drafts={drafts.drafts} openId={draft?.id} canWrite={canWrite} now={now.toISOString()} />
        <PolicyStudio
          key={draft?.id ?? `active-${active.version}`}
          active={active}
          draft={draft}
          canWrite={canWrite}
          canConfigure={canConfigure}
          reviewRequired={review}
          schema={policySchemaKeys()}
        />
        <Card>
          <CardHeader title="Versions" description="Every published set, newest first." />
          <CardBody className="p-0">
            <VersionsTable versions={versions.versions} canWrite={canWrite} emergencyAllowed={canConfigure && review} />
          </CardBody>
        </Card>
        <StandingApprovals approvals={standing} canRevoke={can(user.role, "approvals:remember")} now={now} />
        <RuleMetricsTable rules={metrics.rules} window={metrics.window} />
        <ApproverMetricsTable approvers={metrics.approvers} window={metrics.window} />
      </div>
    </>
  );
}
