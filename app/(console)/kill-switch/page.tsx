import type { Metadata } from "next";
import { EngageForm } from "@/components/killswitch/engage-form";
import { ReleaseButton } from "@/components/killswitch/release-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { RunbookLink } from "@/components/ui/runbook-link";
import { Time } from "@/components/ui/time";
import { listAgents } from "@/lib/agents/service";
import { pageUser } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { runbookLink } from "@/lib/ops/runbooks";
import { can } from "@/lib/auth/permissions";
import { describeTarget } from "@/lib/killswitch/target";
import { listEngaged, listRecentlyReleased } from "@/lib/killswitch/service";

export const metadata: Metadata = { title: "Kill switch" };

export default async function KillSwitchPage() {
  const user = await pageUser("console:read");
  const [engaged, released, agents] = await Promise.all([listEngaged(), listRecentlyReleased(), listAgents()]);
  const canOperate = can(user.role, "killswitch:operate");
  const fleetHalted = engaged.some((k) => k.scope === "global");
  return (
    <>
      <PageHeader
        title="Kill switch"
        description={
          <>
            Halt the whole fleet, one agent or one action type. It takes effect on the very next request, on every replica; agents get 423
            Locked with the reason.{" "}
            <RunbookLink runbook={runbookLink("runawayAgent", env().GATEHOUSE_RUNBOOK_BASE_URL)} label="Runaway agent runbook" />
          </>
        }
        actions={
          fleetHalted ? (
            <Badge tone="red" data-testid="fleet-halted">
              Fleet halted
            </Badge>
          ) : (
            <Badge tone="green">Fleet running</Badge>
          )
        }
      />
      <div className="grid gap-4">
        <Card>
          <CardHeader title="Engaged now" />
          <CardBody className="p-0">
            <Table data-testid="engaged-switches">
              <THead>
                <TR>
                  <TH>Halts</TH>
                  <TH>Reason</TH>
                  <TH>By</TH>
                  <TH>Since</TH>
                  <TH>Pending rejected</TH>
                  {canOperate ? <TH className="text-right">Release</TH> : null}
                </TR>
              </THead>
              <TBody>
                {engaged.length === 0 ? (
                  <EmptyRow colSpan={canOperate ? 6 : 5}>Nothing is halted.</EmptyRow>
                ) : (
                  engaged.map((k) => {
                    const label = describeTarget({ scope: k.scope, agentName: k.agent?.name, actionType: k.actionType });
                    return (
                      <TR key={k.id}>
                        <TD>
                          <Badge tone="red">{label}</Badge>
                        </TD>
                        <TD className="max-w-md">{k.reason}</TD>
                        <TD>{k.engagedBy?.email ?? "cli / system"}</TD>
                        <TD>
                          <Time value={k.engagedAt} />
                        </TD>
                        <TD>{k.autoReject ? "yes" : "no"}</TD>
                        {canOperate ? (
                          <TD className="text-right">
                            <ReleaseButton id={k.id} label={label} />
                          </TD>
                        ) : null}
                      </TR>
                    );
                  })
                )}
              </TBody>
            </Table>
          </CardBody>
        </Card>
        {canOperate ? (
          <Card>
            <CardHeader title="Engage" description="Needs a reason and a typed confirmation. Recorded in the audit trail." />
            <CardBody>
              <EngageForm agents={agents.map((a) => ({ id: a.id, name: a.name }))} />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title="Recently released" />
          <CardBody className="p-0">
            <Table>
              <THead>
                <TR>
                  <TH>Halted</TH>
                  <TH>Reason</TH>
                  <TH>Engaged</TH>
                  <TH>Released</TH>
                  <TH>By</TH>
                  <TH>Release reason</TH>
                </TR>
              </THead>
              <TBody>
                {released.length === 0 ? (
                  <EmptyRow colSpan={6}>None yet.</EmptyRow>
                ) : (
                  released.map((k) => (
                    <TR key={k.id}>
                      <TD>{describeTarget({ scope: k.scope, agentName: k.agent?.name, actionType: k.actionType })}</TD>
                      <TD>{k.reason}</TD>
                      <TD>
                        <Time value={k.engagedAt} />
                      </TD>
                      <TD>
                        <Time value={k.releasedAt} />
                      </TD>
                      <TD>{k.releasedBy?.email ?? "cli / system"}</TD>
                      <TD>{k.releaseReason}</TD>
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
