import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import type { ChainStep } from "@/lib/contracts/approvals";
import type { Approvers } from "@/lib/policy/types";
import { ViewerTime } from "./viewer-time";

const STEP_TONE: Record<ChainStep["status"], BadgeTone> = {
  waiting: "neutral",
  active: "amber",
  approved: "green",
  rejected: "red",
  timed_out: "red",
};

function Who({ approvers }: { approvers: Approvers }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {approvers.roles.map((r) => (
        <Badge key={`r-${r}`}>{r}</Badge>
      ))}
      {approvers.groups.map((g) => (
        <Badge key={`g-${g}`} tone="violet">
          group {g}
        </Badge>
      ))}
      {approvers.users.map((u) => (
        <Badge key={`u-${u}`} tone="blue">
          {u}
        </Badge>
      ))}
    </span>
  );
}

/** An approval chain: each step, who may approve it, its timer, and who voted what and when. */
export function ApprovalChain({ chain }: { chain: ChainStep[] }) {
  return (
    <Table data-testid="approval-chain">
      <THead>
        <TR>
          <TH>Step</TH>
          <TH>Who may approve</TH>
          <TH>Needs</TH>
          <TH>Timer</TH>
          <TH>Status</TH>
          <TH>Votes</TH>
        </TR>
      </THead>
      <TBody>
        {chain.map((s) => (
          <TR key={s.index} className="align-top">
            <TD>{s.index + 1}</TD>
            <TD>
              <Who approvers={s.approvers} />
              {s.escalateTo ? (
                <p className="mt-1 text-xs text-zinc-500">
                  {s.escalated ? "escalated to" : "escalates to"} <Who approvers={s.escalateTo} />
                </p>
              ) : null}
            </TD>
            <TD>
              {s.quorum} approval{s.quorum === 1 ? "" : "s"}
            </TD>
            <TD className="text-xs">
              {Math.round(s.timeoutSeconds / 60)} min, then {s.onTimeout}
              {s.status === "active" && s.dueAt ? (
                <p className="text-zinc-500">
                  due <ViewerTime value={s.dueAt} />
                </p>
              ) : null}
            </TD>
            <TD>
              <Badge tone={STEP_TONE[s.status]}>{s.status.replace("_", " ")}</Badge>
            </TD>
            <TD>
              {s.votes.length ? (
                <ul className="space-y-1 text-xs">
                  {s.votes.map((v) => (
                    <li key={v.email}>
                      <span className="font-medium">{v.email}</span>{" "}
                      <Badge tone={v.decision === "approve" ? "green" : "red"}>{v.decision === "approve" ? "approved" : "rejected"}</Badge>{" "}
                      <span className="text-zinc-500">
                        <ViewerTime value={v.at} />
                      </span>
                      {v.comment ? <p className="text-zinc-700">“{v.comment}”</p> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                "—"
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
