import type { Metadata } from "next";
import Link from "next/link";
import { CreateAgentButton } from "@/components/agents/create-agent-button";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { listAgents } from "@/lib/agents/service";
import { pageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await pageUser("console:read");
  const agents = await listAgents();
  const canManage = can(user.role, "agents:manage");
  return (
    <>
      <PageHeader
        title="Agents"
        description="Programs that ask Gatehouse before they act. Each has its own API keys."
        actions={canManage ? <CreateAgentButton /> : null}
      />
      <Table>
        <THead>
          <TR>
            <TH>Name</TH>
            <TH>Description</TH>
            <TH>Owner</TH>
            <TH>Status</TH>
            <TH>Active keys</TH>
            <TH>Last used</TH>
          </TR>
        </THead>
        <TBody>
          {agents.length === 0 ? (
            <EmptyRow colSpan={6}>No agents yet.{canManage ? " Register one to issue it an API key." : ""}</EmptyRow>
          ) : (
            agents.map((agent) => {
              const lastUsed = agent.apiKeys
                .map((k) => k.lastUsedAt)
                .filter(Boolean)
                .sort()
                .at(-1);
              return (
                <TR key={agent.id}>
                  <TD>
                    <Link href={`/agents/${agent.id}`} className="font-medium text-zinc-900 hover:underline">
                      {agent.name}
                    </Link>
                  </TD>
                  <TD className="max-w-md truncate text-zinc-600">{agent.description || "—"}</TD>
                  <TD>{agent.owner?.email ?? <span className="text-zinc-400">—</span>}</TD>
                  <TD>
                    <Badge tone={agent.status === "active" ? "green" : "neutral"}>{agent.status}</Badge>
                  </TD>
                  <TD className="tabular-nums">{agent.apiKeys.length}</TD>
                  <TD>
                    <Time value={lastUsed} empty="never" />
                  </TD>
                </TR>
              );
            })
          )}
        </TBody>
      </Table>
    </>
  );
}
