import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { MIN_SAMPLE, tuningHint, type ApproverMetrics, type MetricsWindow, type RuleMetrics } from "@/lib/approvals/metrics";
import { formatDuration } from "@/lib/format/time";

const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);
const seconds = (value: number | null) => (value === null ? "—" : formatDuration(value * 1000));
const days = (w: MetricsWindow) => Math.round((w.to.getTime() - w.from.getTime()) / 86_400_000);

const Num = ({ value, zeroMuted = true }: { value: number; zeroMuted?: boolean }) => (
  <TD className={cn("text-right tabular-nums", zeroMuted && value === 0 && "text-zinc-400")}>{value}</TD>
);

/** Per rule: how often a human was asked, said yes, timed out, or was not needed; with what to tune. */
export function RuleMetricsTable({ rules, window }: { rules: RuleMetrics[]; window: MetricsWindow }) {
  return (
    <Card data-testid="rule-metrics">
      <CardHeader
        title="Approvals by rule"
        description={`Requests decided in the last ${days(window)} days, by the rule that asked. Approve rate leaves out cancellations; a timeout is a step that ran out of time, whatever happened then. Hints appear from ${MIN_SAMPLE} decided requests.`}
      />
      <CardBody className="p-0">
        <Table>
          <THead>
            <TR>
              <TH>Policy / rule</TH>
              <TH className="text-right">Requests</TH>
              <TH className="text-right">Approved</TH>
              <TH className="text-right">Rejected</TH>
              <TH className="text-right">Expired</TH>
              <TH className="text-right">Cancelled</TH>
              <TH className="text-right">Timeouts</TH>
              <TH className="text-right">Approve rate</TH>
              <TH className="text-right">Median wait</TH>
              <TH className="text-right">p95 wait</TH>
              <TH className="text-right" title="Let through by a standing approval instead of asking">
                Auto-approved
              </TH>
              <TH>What to tune</TH>
            </TR>
          </THead>
          <TBody>
            {rules.length === 0 ? (
              <EmptyRow colSpan={12}>No approval was decided in this period.</EmptyRow>
            ) : (
              rules.map((r) => (
                <TR key={`${r.policy}/${r.rule}`}>
                  <TD className="font-mono text-xs">
                    {r.policy ?? "—"} / {r.rule ?? "(no rule)"}
                  </TD>
                  <Num value={r.requests} zeroMuted={false} />
                  <Num value={r.approved} />
                  <Num value={r.rejected} />
                  <Num value={r.expired} />
                  <Num value={r.cancelled} />
                  <Num value={r.timeouts} />
                  <TD className="text-right tabular-nums">{percent(r.approveRate)}</TD>
                  <TD className="text-right tabular-nums">{seconds(r.medianWaitSeconds)}</TD>
                  <TD className="text-right tabular-nums">{seconds(r.p95WaitSeconds)}</TD>
                  <Num value={r.autoApproved} />
                  <TD className="max-w-sm text-xs text-zinc-600">{tuningHint(r) ?? ""}</TD>
                </TR>
              ))
            )}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}

/** Per approver: how many votes, how often yes, and how long from the step becoming theirs to their vote. */
export function ApproverMetricsTable({ approvers, window }: { approvers: ApproverMetrics[]; window: MetricsWindow }) {
  return (
    <Card data-testid="approver-metrics">
      <CardHeader
        title="Approvals by approver"
        description={`Votes cast in the last ${days(window)} days. Time to vote runs from the step becoming active.`}
      />
      <CardBody className="p-0">
        <Table>
          <THead>
            <TR>
              <TH>Approver</TH>
              <TH className="text-right">Votes</TH>
              <TH className="text-right">Approves</TH>
              <TH className="text-right">Rejects</TH>
              <TH className="text-right">Approve rate</TH>
              <TH className="text-right">Median time to vote</TH>
              <TH className="text-right">p95 time to vote</TH>
            </TR>
          </THead>
          <TBody>
            {approvers.length === 0 ? (
              <EmptyRow colSpan={7}>No votes in this period.</EmptyRow>
            ) : (
              approvers.map((a) => (
                <TR key={a.email}>
                  <TD>{a.email}</TD>
                  <Num value={a.votes} zeroMuted={false} />
                  <Num value={a.approves} />
                  <Num value={a.rejects} />
                  <TD className="text-right tabular-nums">{percent(a.approveRate)}</TD>
                  <TD className="text-right tabular-nums">{seconds(a.medianSeconds)}</TD>
                  <TD className="text-right tabular-nums">{seconds(a.p95Seconds)}</TD>
                </TR>
              ))
            )}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
