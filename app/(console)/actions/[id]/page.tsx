import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { StatusBadge } from "@/components/actions/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Forbidden } from "@/components/ui/forbidden";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { getActionDetail } from "@/lib/actions/service";
import { pageUser } from "@/lib/auth/page-guard";
import type { StoredDecision } from "@/lib/actions/present";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Action" };

const EFFECT_TONE = { allow: "green", deny: "red", require_approval: "amber" } as const;

export default async function ActionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser("console:read");
  if (!user) return <Forbidden what="actions" />;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { action, timeline } = await getActionDetail(id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const decision = action.decision as Partial<StoredDecision>;
  const context = (action.context ?? {}) as { reasoning?: string };
  return (
    <>
      <p className="mb-2 text-xs"><Link href="/actions" className="text-zinc-500 hover:underline">← Actions</Link></p>
      <PageHeader
        title={<span className="font-mono">{action.type}</span>}
        description={<>by <Link className="hover:underline" href={`/agents/${action.agent.id}`}>{action.agent.name}</Link> on <span className="font-mono">{action.resource}</span></>}
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
            <ul className="space-y-1" data-testid="decision-reasons">
              {(decision.reasons ?? []).map((r, i) => (
                <li key={i} className="text-sm"><Badge tone={EFFECT_TONE[r.effect]} className="mr-2">{r.kind}</Badge>{r.message}</li>
              ))}
            </ul>
            {decision.limits?.length ? (
              <div>
                <p className="mb-1 text-xs font-medium text-zinc-500">Limits checked</p>
                <ul className="space-y-1">
                  {decision.limits.map((l, i) => (
                    <li key={i} className="text-sm">{l.exceeded ? <Badge tone="red" className="mr-2">exceeded</Badge> : <Badge className="mr-2">ok</Badge>}{l.message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Request" />
          <CardBody className="space-y-3">
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
              <dt className="text-zinc-500">Submitted</dt><dd><Time value={action.createdAt} /></dd>
              <dt className="text-zinc-500">Decided</dt><dd><Time value={action.decidedAt} empty="waiting" /></dd>
              <dt className="text-zinc-500">Cost</dt><dd>{action.costAmount ? `${action.costAmount.toString()} ${action.costCurrency}` : "—"}</dd>
              <dt className="text-zinc-500">Impact</dt><dd>{action.impactRecords ?? "—"} records, {action.impactAmount?.toString() ?? "—"} moved</dd>
              <dt className="text-zinc-500">Idempotency key</dt><dd className="font-mono text-xs">{action.idempotencyKey ?? "—"}</dd>
              <dt className="text-zinc-500">Outcome</dt><dd>{action.outcome ? `${action.outcome}${action.outcomeSummary ? `: ${action.outcomeSummary}` : ""}` : "not reported"}</dd>
            </dl>
            {context.reasoning ? <blockquote data-testid="agent-reasoning" className="border-l-2 border-zinc-300 pl-3 text-sm text-zinc-700">{context.reasoning}</blockquote> : null}
            <p className="text-xs font-medium text-zinc-500">Params</p>
            <JsonView value={action.params} testId="action-params" />
            {action.context ? (<><p className="text-xs font-medium text-zinc-500">Context</p><JsonView value={action.context} /></>) : null}
          </CardBody>
        </Card>
        {action.approval ? (
          <Card className="lg:col-span-2">
            <CardHeader title={`Approval: ${action.approval.status}`} description={`Expires ${action.approval.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC`} />
            <CardBody className="p-0">
              <Table>
                <THead><TR><TH>Step</TH><TH>Who</TH><TH>Quorum</TH><TH>Timeout</TH><TH>Status</TH><TH>Votes</TH></TR></THead>
                <TBody>
                  {action.approval.steps.map((s) => (
                    <TR key={s.id}>
                      <TD>{s.index + 1}</TD>
                      <TD>{[...s.approverRoles, ...s.approverUsers].join(", ")}</TD>
                      <TD>{s.quorum}</TD>
                      <TD>{Math.round(s.timeoutSeconds / 60)} min, then {s.onTimeout}</TD>
                      <TD>{s.status}</TD>
                      <TD>{action.approval!.votes.filter((v) => v.stepId === s.id).map((v) => `${v.user.email}: ${v.decision}`).join("; ") || "—"}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardBody>
          </Card>
        ) : null}
        <Card className="lg:col-span-2">
          <CardHeader title="Timeline" description="From the audit trail." />
          <CardBody className="p-0">
            <Table data-testid="action-timeline">
              <THead><TR><TH>Time</TH><TH>Event</TH><TH>Actor</TH><TH>Decision</TH></TR></THead>
              <TBody>
                {timeline.map((e) => (
                  <TR key={String(e.id)}>
                    <TD><Time value={e.createdAt} /></TD>
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
