import type { Metadata } from "next";
import { ApproverMetricsTable, RuleMetricsTable } from "@/components/approvals/metrics-tables";
import { StandingApprovals } from "@/components/policies/standing-approvals";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { approvalMetrics } from "@/lib/approvals/metrics-store";
import { listStandingApprovals } from "@/lib/approvals/standing-store";
import { pageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listPolicyVersions } from "@/lib/policy/store";
import type { PolicyFile } from "@/lib/policy/types";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await pageUser("console:read");
  if (!user) return <Forbidden what="policies" />;
  const now = new Date();
  const [versions, standing, metrics] = await Promise.all([
    listPolicyVersions(),
    listStandingApprovals({ includeExpired: true }, now),
    approvalMetrics({ to: now }),
  ]);
  const active = versions[0];
  const files = (active?.files ?? []) as PolicyFile[];
  return (
    <>
      <PageHeader
        title="Policies"
        description="The active policy set decides every action: deny beats require_approval beats allow, and nothing matching means deny. Check a folder of policies with npm run policies:check."
        actions={
          active ? (
            <Badge tone="blue" data-testid="active-version">
              version {active.version}
            </Badge>
          ) : null
        }
      />
      <div className="grid gap-4">
        <StandingApprovals approvals={standing} canRevoke={can(user.role, "approvals:remember")} now={now} />
        {files.map((file) => (
          <Card key={file.path}>
            <CardHeader title={<span className="font-mono">{file.path}</span>} />
            <CardBody>
              <pre className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-relaxed">
                {file.content}
              </pre>
            </CardBody>
          </Card>
        ))}
        <RuleMetricsTable rules={metrics.rules} window={metrics.window} />
        <ApproverMetricsTable approvers={metrics.approvers} window={metrics.window} />
        <Card>
          <CardHeader title="Versions" description="Every published set, newest first." />
          <CardBody className="p-0">
            <Table>
              <THead>
                <TR>
                  <TH>Version</TH>
                  <TH>Published</TH>
                  <TH>By</TH>
                  <TH>Message</TH>
                  <TH>Files</TH>
                  <TH>Checksum</TH>
                </TR>
              </THead>
              <TBody>
                {versions.length === 0 ? (
                  <EmptyRow colSpan={6}>No policy version is published yet.</EmptyRow>
                ) : (
                  versions.map((v) => (
                    <TR key={v.version}>
                      <TD>
                        {v.version}
                        {v === active ? (
                          <Badge tone="green" className="ml-2">
                            active
                          </Badge>
                        ) : null}
                      </TD>
                      <TD>
                        <Time value={v.createdAt} />
                      </TD>
                      <TD>{v.createdBy?.email ?? "system"}</TD>
                      <TD>
                        {v.message}
                        {v.rolledBackFrom ? ` (rollback to ${v.rolledBackFrom})` : ""}
                      </TD>
                      <TD>{(v.files as PolicyFile[]).length}</TD>
                      <TD className="font-mono text-xs">{v.checksum.slice(0, 12)}</TD>
                    </TR>
                  ))
                )}
              </TBody>
            </Table>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
