import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionPayload } from "@/components/actions/action-payload";
import { DecisionReasons, EFFECT_TONE } from "@/components/actions/decision-reasons";
import { StatusBadge } from "@/components/actions/status-badge";
import { ApprovalChain } from "@/components/approvals/approval-chain";
import { ViewerTime } from "@/components/approvals/viewer-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { getActionDetail } from "@/lib/actions/service";
import { toChain } from "@/lib/approvals/inbox-view";
import { pageUser } from "@/lib/auth/page-guard";
import type { StoredDecision } from "@/lib/actions/present";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Action" };

export default async function ActionPage({ params }: { params: Promise<{ id: string }> }) {
  await pageUser("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { action, timeline } = await getActionDetail(id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const decision = action.decision as Partial<StoredDecision>;
  return (
    <>
      <p className="mb-2 text-xs">
        <Link href="/actions" className="text-zinc-500 hover:underline">
          ← Actions
        </Link>
      </p>
      <PageHeader
        title={<span className="font-mono">{action.type}</span>}
        description={
          <>
            by{" "}
            <Link className="hover:underline" href={`/agents/${action.agent.id}`}>
              {action.agent.name}
            </Link>{" "}
            on <span className="font-mono">{action.resource}</span>
          </>
        }
        actions={<StatusBadge status={action.status} />}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Decision" description={decision.policyVersion ? `Policy version ${decision.policyVersion}` : undefined} />
          <CardBody className="space-y-3">
            <div className="flex items-center gap-2">
              {decision.effect ? <Badge tone={EFFECT_TONE[decision.effect]}>{decision.effect}</Badge> : null}
              <span className="text-zinc-600">{decision.rule ? `${decision.policy} / ${decision.rule}` : "no rule"}</span>
            </div>
            <DecisionReasons reasons={decision.reasons ?? []} limits={decision.limits ?? []} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Request" />
          <CardBody className="space-y-3">
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
              <dt className="text-zinc-500">Submitted</dt>
              <dd>
                <Time value={action.createdAt} />
              </dd>
              <dt className="text-zinc-500">Decided</dt>
              <dd>
                <Time value={action.decidedAt} empty="waiting" />
              </dd>
              <dt className="text-zinc-500">Cost</dt>
              <dd>{action.costAmount ? `${action.costAmount.toString()} ${action.costCurrency}` : "—"}</dd>
              <dt className="text-zinc-500">Impact</dt>
              <dd>
                {action.impactRecords ?? "—"} records, {action.impactAmount?.toString() ?? "—"} moved
              </dd>
              <dt className="text-zinc-500">Idempotency key</dt>
              <dd className="font-mono text-xs">{action.idempotencyKey ?? "—"}</dd>
              <dt className="text-zinc-500">Outcome</dt>
              <dd>{action.outcome ? `${action.outcome}${action.outcomeSummary ? `: ${action.outcomeSummary}` : ""}` : "not reported"}</dd>
            </dl>
            <ActionPayload params={action.params} context={action.context} />
          </CardBody>
        </Card>
        {action.approval ? (
          <Card className="lg:col-span-2">
            <CardHeader
              title={`Approval: ${action.approval.status}`}
              description={
                <>
                  Expires <ViewerTime value={action.approval.expiresAt} />
                  {action.approval.status === "pending" ? (
                    <>
                      {" "}
                      ·{" "}
                      <Link className="hover:underline" href={`/inbox/${action.approval.id}`}>
                        Decide in the inbox
                      </Link>
                    </>
                  ) : null}
                </>
              }
            />
            <CardBody className="p-0">
              <ApprovalChain chain={toChain(action.approval.steps, action.approval.votes)} />
            </CardBody>
          </Card>
        ) : null}
        <Card className="lg:col-span-2">
          <CardHeader title="Timeline" description="From the audit trail." />
          <CardBody className="p-0">
            <Table data-testid="action-timeline">
              <THead>
                <TR>
                  <TH>Time</TH>
                  <TH>Event</TH>
                  <TH>Actor</TH>
                  <TH>Decision</TH>
                </TR>
              </THead>
              <TBody>
                {timeline.map((e) => (
                  <TR key={String(e.id)}>
                    <TD>
                      <Time value={e.createdAt} />
                    </TD>
                    <TD className="font-mono text-xs">{e.eventType}</TD>
                    <TD>{e.actorLabel}</TD>
                    <TD>{e.decision ?? "—"}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
