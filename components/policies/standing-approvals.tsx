import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { describeCap } from "@/lib/approvals/standing";
import type { StandingApprovalView } from "@/lib/approvals/standing-store";
import { relativeTime } from "@/lib/format/time";
import { RevokeStandingButton } from "./revoke-standing-button";

const shortId = (id: string) => id.slice(0, 8);

function Source({ id }: { id: string | null }) {
  if (!id) return <span className="text-zinc-400">—</span>;
  return (
    <Link href={`/inbox/${id}`} className="font-mono text-xs text-blue-700 hover:underline">
      {shortId(id)}
    </Link>
  );
}

function Note({ text }: { text: string }) {
  return text ? <span className="text-zinc-600">{text}</span> : <span className="text-zinc-400">—</span>;
}

/** Standing approvals ("approve and remember"): active ones with their expiry and author, and a revoke for those who may. */
export function StandingApprovals({ approvals, canRevoke, now }: { approvals: StandingApprovalView[]; canRevoke: boolean; now: Date }) {
  const active = approvals.filter((s) => s.state === "active");
  const ended = approvals.filter((s) => s.state !== "active");
  return (
    <Card data-testid="standing-approvals">
      <CardHeader
        title="Standing approvals"
        description="Made with “approve and remember” in the inbox: one agent’s actions of one type, under the rule of the request it was made from, are allowed without a human while every amount they state (cost, impact, params.amount) fits under the cap — in its currency, when it names one (then the action must declare a cost in that currency) — until it expires. Never over a limit, never against a deny or the kill switch."
      />
      <CardBody className="space-y-4 p-0">
        <Table>
          <THead>
            <TR>
              <TH>Agent</TH>
              <TH>Action type</TH>
              <TH>Covers</TH>
              <TH>Expires</TH>
              <TH>By</TH>
              <TH>Note</TH>
              <TH>From request</TH>
              {canRevoke ? <TH className="text-right">Revoke</TH> : null}
            </TR>
          </THead>
          <TBody>
            {active.length === 0 ? (
              <EmptyRow colSpan={canRevoke ? 8 : 7}>
                No standing approval is active: every action a rule sends for approval waits for a human.
              </EmptyRow>
            ) : (
              active.map((s) => {
                const cap = describeCap(s.maxAmount, s.currency);
                return (
                  <TR key={s.id} data-testid={`standing-${s.id}`}>
                    <TD>
                      <Link href={`/agents/${s.agent.id}`} className="font-medium hover:underline">
                        {s.agent.name}
                      </Link>
                    </TD>
                    <TD className="font-mono text-xs">
                      {s.actionType}
                      {s.rule ? <span className="block font-sans text-zinc-500">rule {s.rule}</span> : null}
                    </TD>
                    <TD>{cap}</TD>
                    <TD>
                      <div className="flex flex-col">
                        <span className="font-medium">{relativeTime(s.expiresAt, now)}</span>
                        <span className="text-xs text-zinc-500">
                          <Time value={s.expiresAt} />
                        </span>
                      </div>
                    </TD>
                    <TD>{s.createdBy}</TD>
                    <TD className="max-w-xs">
                      <Note text={s.note} />
                    </TD>
                    <TD>
                      <Source id={s.sourceApprovalId} />
                    </TD>
                    {canRevoke ? (
                      <TD className="text-right">
                        <RevokeStandingButton id={s.id} label={`${s.agent.name}: ${s.actionType}, ${cap}`} />
                      </TD>
                    ) : null}
                  </TR>
                );
              })
            )}
          </TBody>
        </Table>
        {ended.length ? (
          <details className="px-4 pb-4">
            <summary className="cursor-pointer text-sm text-zinc-600">Expired and revoked ({ended.length}, most recent first)</summary>
            <Table containerClassName="mt-3">
              <THead>
                <TR>
                  <TH>State</TH>
                  <TH>Agent</TH>
                  <TH>Action type</TH>
                  <TH>Covered</TH>
                  <TH>Ended</TH>
                  <TH>By</TH>
                  <TH>Note</TH>
                  <TH>From request</TH>
                </TR>
              </THead>
              <TBody>
                {ended.map((s) => (
                  <TR key={s.id}>
                    <TD>{s.state === "revoked" ? <Badge tone="red">revoked</Badge> : <Badge>expired</Badge>}</TD>
                    <TD>{s.agent.name}</TD>
                    <TD className="font-mono text-xs">
                      {s.actionType}
                      {s.rule ? <span className="block font-sans text-zinc-500">rule {s.rule}</span> : null}
                    </TD>
                    <TD>{describeCap(s.maxAmount, s.currency)}</TD>
                    <TD>
                      <Time value={s.revokedAt ?? s.expiresAt} />
                      {s.revokedBy ? <span className="block text-xs text-zinc-500">revoked by {s.revokedBy}</span> : null}
                    </TD>
                    <TD>{s.createdBy}</TD>
                    <TD className="max-w-xs">
                      <Note text={s.note} />
                    </TD>
                    <TD>
                      <Source id={s.sourceApprovalId} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </details>
        ) : null}
      </CardBody>
    </Card>
  );
}
