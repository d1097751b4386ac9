import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Suspense } from "react";
import { AgentStatusButton } from "@/components/agents/agent-status-button";
import { IssueKeyButton } from "@/components/agents/issue-key-button";
import { Dashboard } from "@/components/dashboard/dashboard";
import { CallbackDeliveries } from "@/components/deliveries/callback-deliveries";
import { WebhookSecret } from "@/components/deliveries/webhook-secret";
import { RevokeKeyButton } from "@/components/agents/revoke-key-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { getAgent } from "@/lib/agents/service";
import { filterOptions } from "@/lib/dashboard/service";
import { pageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listDeliveries, redactUrl } from "@/lib/deliveries/service";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Agent" };

function keyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date) {
  if (key.revokedAt) return <Badge tone="red">revoked</Badge>;
  if (key.expiresAt && key.expiresAt <= now) return <Badge tone="amber">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const agent = await getAgent(id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const canManage = can(user.role, "agents:manage");
  // A callback URL may carry a token: only those who manage the agent see it whole.
  const callbacks = (await listDeliveries({ agentId: agent.id, kind: "callback", limit: 20 })).map((d) =>
    canManage ? d : { ...d, target: redactUrl(d.target) },
  );
  const { policies } = await filterOptions();
  const now = new Date();
  return (
    <>
      <p className="mb-2 text-xs">
        <Link href="/agents" className="text-zinc-500 hover:underline">
          ← Agents
        </Link>
      </p>
      <PageHeader
        title={agent.name}
        description={agent.description || undefined}
        actions={
          canManage ? (
            <div className="flex gap-2">
              <AgentStatusButton agentId={agent.id} name={agent.name} status={agent.status} />
              <IssueKeyButton agentId={agent.id} />
            </div>
          ) : null
        }
      />
      <div className="grid gap-4">
        <Card>
          <CardHeader title="Details" />
          <CardBody>
            <dl className="grid grid-cols-[10rem_1fr] gap-y-1.5 text-sm">
              <dt className="text-zinc-500">Status</dt>
              <dd>
                <Badge tone={agent.status === "active" ? "green" : "neutral"}>{agent.status}</Badge>
              </dd>
              <dt className="text-zinc-500">Owner</dt>
              <dd>{agent.owner?.email ?? "—"}</dd>
              <dt className="text-zinc-500">Registered</dt>
              <dd>
                <Time value={agent.createdAt} />
              </dd>
              <dt className="text-zinc-500">Agent id</dt>
              <dd className="font-mono text-xs">{agent.id}</dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="API keys" description="Keys are shown once when issued; here you see only their public prefix." />
          <CardBody className="p-0">
            <Table data-testid="api-keys">
              <THead>
                <TR>
                  <TH>Prefix</TH>
                  <TH>Name</TH>
                  <TH>Scopes</TH>
                  <TH>Created</TH>
                  <TH>Expires</TH>
                  <TH>Last used</TH>
                  <TH>State</TH>
                  {canManage ? <TH className="text-right">Actions</TH> : null}
                </TR>
              </THead>
              <TBody>
                {agent.apiKeys.length === 0 ? (
                  <EmptyRow colSpan={canManage ? 8 : 7}>No keys issued.</EmptyRow>
                ) : (
                  agent.apiKeys.map((key) => (
                    <TR key={key.id} data-testid={`key-row-${key.prefix}`}>
                      <TD className="font-mono text-xs">{key.prefix}</TD>
                      <TD>{key.name}</TD>
                      <TD className="font-mono text-xs">{key.scopes.join(" ")}</TD>
                      <TD>
                        <Time value={key.createdAt} />
                      </TD>
                      <TD>
                        <Time value={key.expiresAt} empty="never" />
                      </TD>
                      <TD data-testid="key-last-used">
                        <Time value={key.lastUsedAt} empty="never" />
                      </TD>
                      <TD>{keyState(key, now)}</TD>
                      {canManage ? (
                        <TD className="text-right">{key.revokedAt ? null : <RevokeKeyButton keyId={key.id} prefix={key.prefix} />}</TD>
                      ) : null}
                    </TR>
                  ))
                )}
              </TBody>
            </Table>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Activity" description="This agent's actions: the dashboard's figures and charts for it alone." />
          <CardBody>
            <Suspense>
              <Dashboard agents={[]} policies={policies} agent={agent.name} />
            </Suspense>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Decision callbacks"
            description="Decisions POSTed to the callbackUrl an action gave, signed with this agent's webhook secret and retried with backoff."
          />
          {canManage ? (
            <CardBody className="border-b border-zinc-200">
              <WebhookSecret secret={agent.webhookSecret} />
            </CardBody>
          ) : null}
          <CardBody className="p-0">
            <CallbackDeliveries deliveries={callbacks} canRetry={canManage} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
