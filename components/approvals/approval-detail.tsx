"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ActionPayload } from "@/components/actions/action-payload";
import { DecisionReasons } from "@/components/actions/decision-reasons";
import { StatusBadge } from "@/components/actions/status-badge";
import { Notice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import type { ApprovalView } from "@/lib/contracts/approvals";
import type { VoteDecision } from "@/lib/approvals/machine";
import { ApprovalChain } from "./approval-chain";
import type { Subject } from "./decide-dialog";
import { Countdown } from "./countdown";
import { formatImpact, formatMoney } from "./format";
import { getJson, inboxKeys } from "./queries";
import { ViewerTime } from "./viewer-time";

export const subjectOf = (v: ApprovalView): Subject => ({
  requestId: v.requestId,
  type: v.action.type,
  resource: v.action.resource,
  agentName: v.agent.name,
  amount: v.action.amount,
  impactAmount: v.action.impact?.amount ?? null,
  step: v.step,
  rememberable: v.risk.level === "low",
});

const STATUS_TONE = { pending: "amber", approved: "green", rejected: "red", expired: "red", cancelled: "violet" } as const;

/** One request in full: what the agent wants and why, the policy's explanation, the chain, the agent's last hour. */
export function ApprovalDetail({
  requestId,
  onClose,
  onDecide,
}: {
  requestId: string;
  onClose: () => void;
  onDecide: (decision: VoteDecision, subject: Subject) => void;
}) {
  const view = useQuery({ queryKey: inboxKeys.request(requestId), queryFn: () => getJson<ApprovalView>(`/api/inbox/${requestId}`) });
  const v = view.data;
  return (
    <section aria-label="Request" data-testid="approval-detail" className="space-y-4">
      <div className="flex items-start justify-between gap-3">
        {v ? (
          <div className="min-w-0">
            <h2 className="font-mono text-base font-semibold">{v.action.type}</h2>
            <p className="text-sm text-zinc-500">
              by{" "}
              <Link className="hover:underline" href={`/agents/${v.agent.id}`}>
                {v.agent.name}
              </Link>{" "}
              on <span className="font-mono">{v.action.resource}</span>
              {" · "}
              <Link className="hover:underline" href={`/actions/${v.action.id}`}>
                action page
              </Link>
            </p>
          </div>
        ) : (
          <p className="text-sm text-zinc-500">{view.isError ? "" : "Loading the request…"}</p>
        )}
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close the request (Esc)">
          Close
        </Button>
      </div>
      {view.isError ? (
        <Notice tone="error" title="Could not load this request">
          {view.error.message}
        </Notice>
      ) : null}
      {v ? (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[v.status]} data-testid="approval-status">
              {v.status}
            </Badge>
            <span className="text-sm text-zinc-700" data-testid="approval-step">
              {v.step}
            </span>
            {v.deadline ? <Countdown deadline={v.deadline} /> : null}
            <Badge tone={v.risk.level === "high" ? "red" : "neutral"} title={v.risk.why}>
              {v.risk.level} risk
            </Badge>
          </div>
          {v.vote.ok ? (
            <div className="flex gap-2">
              <Button onClick={() => onDecide("approve", subjectOf(v))}>
                Approve <kbd className="text-xs opacity-60">a</kbd>
              </Button>
              <Button variant="danger" onClick={() => onDecide("reject", subjectOf(v))}>
                Reject <kbd className="text-xs opacity-60">r</kbd>
              </Button>
            </div>
          ) : (
            <Notice tone={v.status === "pending" ? "info" : "warning"} data-testid="vote-refusal">
              {v.vote.message}
            </Notice>
          )}
          <Card>
            <CardHeader
              title="Why it needs a human"
              description={
                v.explanation.rule
                  ? `${v.explanation.policy} / ${v.explanation.rule}${v.policyVersion ? `, policy version ${v.policyVersion}` : ""}`
                  : undefined
              }
            />
            <CardBody className="space-y-3">
              <p className="text-sm font-medium" data-testid="approval-explanation">
                {v.explanation.message}
              </p>
              <DecisionReasons reasons={v.reasons} limits={v.limits} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="What the agent wants"
              description={
                <>
                  Asked <ViewerTime value={v.action.createdAt} />
                </>
              }
            />
            <CardBody className="space-y-3">
              <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
                <dt className="text-zinc-500">Amount</dt>
                <dd className="tabular-nums">{formatMoney(v.action.amount)}</dd>
                <dt className="text-zinc-500">Impact</dt>
                <dd>{formatImpact(v.action.impact) ?? "—"}</dd>
                <dt className="text-zinc-500">Agent owner</dt>
                <dd>{v.agent.owner ?? "—"}</dd>
              </dl>
              <ActionPayload params={v.action.params} context={v.action.context} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Approval chain"
              description={
                <>
                  Expires <ViewerTime value={v.expiresAt} />
                  {v.reason ? ` · ${v.reason}` : ""}
                </>
              }
            />
            <CardBody className="p-0">
              <ApprovalChain chain={v.chain} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="The agent's recent actions"
              description={`From an hour before this request until now${v.recent.total > v.recent.actions.length ? ` (latest ${v.recent.actions.length} of ${v.recent.total})` : ""}`}
            />
            <CardBody className="p-0">
              <Table data-testid="agent-recent">
                <THead>
                  <TR>
                    <TH>Time</TH>
                    <TH>Type</TH>
                    <TH>Resource</TH>
                    <TH>Amount</TH>
                    <TH>Status</TH>
                  </TR>
                </THead>
                <TBody>
                  {v.recent.actions.length === 0 ? <EmptyRow colSpan={5}>Nothing else from this agent in that time.</EmptyRow> : null}
                  {v.recent.actions.map((a) => (
                    <TR key={a.id}>
                      <TD className="text-xs">
                        <Link className="hover:underline" href={`/actions/${a.id}`}>
                          <ViewerTime value={a.createdAt} />
                        </Link>
                      </TD>
                      <TD className="font-mono text-xs">{a.type}</TD>
                      <TD className="max-w-40 truncate font-mono text-xs">{a.resource}</TD>
                      <TD className="tabular-nums">{formatMoney(a.amount)}</TD>
                      <TD>
                        <StatusBadge status={a.status} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardBody>
          </Card>
        </>
      ) : null}
    </section>
  );
}
