"use client";

import Link from "next/link";
import { ChartCard } from "@/components/charts/chart-card";
import { RankedBars, type RankedRow } from "@/components/charts/ranked-bars";
import { StackedBars } from "@/components/charts/stacked-bars";
import { WaitChart } from "@/components/charts/wait-chart";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { costChart, markerLines, volumeChart, waitRows } from "@/lib/dashboard/chart-data";
import { formatMoney } from "@/lib/dashboard/format";
import { formatSeconds, utcMinute } from "@/lib/format/time";
import { describeStep } from "@/lib/dashboard/range";
import type { DashboardView } from "@/lib/dashboard/view";

const STATUS_SERIES = [
  { key: "allowed", name: "allowed", color: "#16a34a" },
  { key: "denied", name: "denied", color: "#dc2626" },
  { key: "pending", name: "pending", color: "#d97706" },
  { key: "halted", name: "halted", color: "#52525b" },
];
const CURRENCY_COLORS = ["#2563eb", "#7c3aed", "#0891b2", "#ca8a04", "#db2777"];

const NumberLink = ({ href, n }: { href: string; n: number }) =>
  n ? (
    <Link href={href} className="hover:underline">
      {n.toLocaleString("en-US")}
    </Link>
  ) : (
    <span className="text-zinc-400">0</span>
  );

export function VolumeSection({ view }: { view: DashboardView }) {
  const chart = volumeChart(view);
  const rows = view.volume;
  return (
    <ChartCard
      testId="chart-volume"
      title="Actions over time"
      description={`By status, per ${describeStep(view.window.step)} (UTC). Click a bar for those actions. Flags mark kill-switch engagements (red) and policy versions (violet).`}
      empty={
        view.empty
          ? "No action was submitted in this range. Actions appear here, stacked by allowed, denied, pending and halted, as soon as agents submit them."
          : null
      }
      chart={<StackedBars {...chart} series={STATUS_SERIES} markers={markerLines(view)} />}
      table={
        <Table>
          <THead>
            <TR>
              <TH>From</TH>
              {STATUS_SERIES.map((s) => (
                <TH key={s.key} className="text-right">
                  {s.name}
                </TH>
              ))}
              <TH className="text-right">total</TH>
            </TR>
          </THead>
          <TBody>
            {rows
              .filter((r) => r.total > 0)
              .map((r) => (
                <TR key={r.start}>
                  <TD className="tabular-nums">{utcMinute(new Date(r.start))}</TD>
                  {STATUS_SERIES.map((s) => (
                    <TD key={s.key} className="text-right tabular-nums">
                      <NumberLink href={r.href[s.key as keyof typeof r.href]} n={r[s.key as keyof typeof r.href]} />
                    </TD>
                  ))}
                  <TD className="text-right tabular-nums">{r.total.toLocaleString("en-US")}</TD>
                </TR>
              ))}
          </TBody>
        </Table>
      }
    />
  );
}

export function WaitSection({ view }: { view: DashboardView }) {
  const rows = waitRows(view);
  const any = rows.some((r) => r.approvals > 0 || r.depth > 0);
  return (
    <ChartCard
      testId="chart-waits"
      title="Approval waits and queue"
      description="Wait from submission to a person's (or a timer's) decision, p50 and p95, for actions submitted in each bucket; the queue's depth and its oldest request at each bucket's end."
      empty={any ? null : "No action in this range went to an approval chain. Waits and the queue appear here when a policy asks a person."}
      chart={<WaitChart rows={rows} />}
      table={
        <Table>
          <THead>
            <TR>
              <TH>From</TH>
              <TH className="text-right">approvals</TH>
              <TH className="text-right">p50</TH>
              <TH className="text-right">p95</TH>
              <TH className="text-right">queue</TH>
              <TH className="text-right">oldest pending</TH>
            </TR>
          </THead>
          <TBody>
            {rows
              .filter((r) => r.approvals > 0 || r.depth > 0)
              .map((r) => (
                <TR key={r.start}>
                  <TD className="tabular-nums">{utcMinute(new Date(r.start))}</TD>
                  <TD className="text-right tabular-nums">
                    <NumberLink href={r.href} n={r.approvals} />
                  </TD>
                  <TD className="text-right tabular-nums">{formatSeconds(r.p50)}</TD>
                  <TD className="text-right tabular-nums">{formatSeconds(r.p95)}</TD>
                  <TD className="text-right tabular-nums">{r.depth}</TD>
                  <TD className="text-right tabular-nums">{formatSeconds(r.oldestPendingSeconds)}</TD>
                </TR>
              ))}
          </TBody>
        </Table>
      }
    />
  );
}

export function CostSection({ view }: { view: DashboardView }) {
  const series = view.cost.currencies.map((c, i) => ({ key: c, name: c, color: CURRENCY_COLORS[i % CURRENCY_COLORS.length]! }));
  const empty = view.cost.currencies.length === 0;
  return (
    <ChartCard
      testId="chart-cost"
      title="Cost"
      description="Allowed actions' cost by currency (reported actual cost, else the declared one), and the agents that cost most."
      empty={
        empty
          ? "No allowed action in this range declared a cost. Costs appear here by currency when agents send cost with their actions."
          : null
      }
      chart={
        <div className="space-y-4">
          <StackedBars {...costChart(view)} series={series} />
          <AgentCostTable view={view} />
        </div>
      }
      table={<AgentCostTable view={view} />}
    />
  );
}

function AgentCostTable({ view }: { view: DashboardView }) {
  return (
    <Table data-testid="cost-top-agents">
      <THead>
        <TR>
          <TH>Agent</TH>
          <TH>Currency</TH>
          <TH className="text-right">cost</TH>
          <TH className="text-right">actions</TH>
        </TR>
      </THead>
      <TBody>
        {view.cost.topAgents.length === 0 ? (
          <EmptyRow colSpan={4}>No costs.</EmptyRow>
        ) : (
          view.cost.topAgents.map((c) => (
            <TR key={`${c.agent}-${c.currency}`}>
              <TD>
                <Link href={c.href} className="hover:underline">
                  {c.agent}
                </Link>
              </TD>
              <TD>{c.currency}</TD>
              <TD className="text-right tabular-nums">{formatMoney(c.amount, "")}</TD>
              <TD className="text-right tabular-nums">{c.actions.toLocaleString("en-US")}</TD>
            </TR>
          ))
        )}
      </TBody>
    </Table>
  );
}

export function RankedSection({
  title,
  description,
  rows,
  empty,
  name,
  keyLabel,
  color,
  testId,
}: {
  title: string;
  keyLabel: string;
  description: string;
  rows: RankedRow[];
  empty: string;
  name: string;
  color?: string;
  testId: string;
}) {
  return (
    <ChartCard
      testId={testId}
      title={title}
      description={description}
      empty={rows.length ? null : empty}
      chart={<RankedBars rows={rows} name={name} color={color} />}
      table={
        <Table>
          <THead>
            <TR>
              <TH>{keyLabel}</TH>
              <TH className="text-right">{name}</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((r) => (
              <TR key={r.label}>
                <TD>{r.label}</TD>
                <TD className="text-right tabular-nums">
                  <NumberLink href={r.href} n={r.count} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      }
    />
  );
}

export function EventsList({ view }: { view: DashboardView }) {
  if (view.markers.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-xs text-zinc-600" data-testid="dashboard-events">
      {view.markers.map((m) => (
        <li key={`${m.kind}-${m.at}`}>
          <span className={m.kind === "kill_switch" ? "text-red-600" : "text-violet-600"}>■</span>{" "}
          <time className="tabular-nums">{utcMinute(new Date(m.at))}</time> — {m.title}: {m.detail}
        </li>
      ))}
    </ul>
  );
}
