import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/actions/status-badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { COUNT_CAP, countActions, listActions } from "@/lib/actions/service";
import { pageUser } from "@/lib/auth/page-guard";
import { ActionFiltersSchema } from "@/lib/contracts/action-filters";

export const metadata: Metadata = { title: "Actions" };

type Search = Record<string, string | undefined>;

/** Filters the form has no field for (the dashboard's links set them): shown as chips, kept on submit. */
const EXTRA_FILTERS: Record<string, string> = {
  policy: "policy",
  decidedBy: "decided by",
  outcome: "result",
  currency: "currency",
  deniedBy: "denied by",
};

/** A datetime-local value (UTC, to the millisecond) for an ISO time in the URL. */
const inputTime = (iso: string | undefined) => (iso && /Z$/.test(iso) ? iso.slice(0, 23).replace(/\.000$/, "") : iso);

function without(raw: Search, key: string) {
  return new URLSearchParams(
    Object.entries(raw).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== key && e[0] !== "cursor"),
  ).toString();
}

export default async function ActionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await pageUser("console:read");
  const raw = await searchParams;
  const parsed = ActionFiltersSchema.safeParse(raw);
  const [{ actions, nextCursor }, count] = parsed.success
    ? await Promise.all([listActions(parsed.data), countActions(parsed.data)])
    : [{ actions: [], nextCursor: undefined }, 0];
  const extras = Object.keys(EXTRA_FILTERS).filter((k) => raw[k]);
  const next = new URLSearchParams(Object.entries({ ...raw, cursor: nextCursor ?? "" }).filter(([, v]) => v) as [string, string][]);
  return (
    <>
      <PageHeader title="Actions" description="Everything agents asked to do, newest first. Times are UTC." />
      <form className="mb-4 flex flex-wrap items-end gap-2" method="get">
        <label className="text-xs text-zinc-500">
          Agent
          <Input name="agent" defaultValue={raw.agent} placeholder="support-bot" className="w-40" />
        </label>
        <label className="text-xs text-zinc-500">
          Type
          <Input name="type" defaultValue={raw.type} placeholder="refund.* or refund.issue" className="w-44" />
        </label>
        <label className="text-xs text-zinc-500">
          Status
          <Select name="status" defaultValue={raw.status ?? ""} className="w-32">
            <option value="">any</option>
            {["allowed", "denied", "pending", "halted"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-zinc-500">
          From (UTC)
          <Input type="datetime-local" step={0.001} name="from" defaultValue={inputTime(raw.from)} className="w-60" />
        </label>
        <label className="text-xs text-zinc-500">
          To (UTC)
          <Input type="datetime-local" step={0.001} name="to" defaultValue={inputTime(raw.to)} className="w-60" />
        </label>
        {extras.map((k) => (
          <input key={k} type="hidden" name={k} value={raw[k]} />
        ))}
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        <Link href="/actions" className="px-2 py-2 text-xs text-zinc-500 hover:underline">
          Clear
        </Link>
      </form>
      {extras.length ? (
        <p className="mb-3 flex flex-wrap items-center gap-1.5 text-xs text-zinc-600" data-testid="extra-filters">
          Also filtered by
          {extras.map((k) => (
            <Link
              key={k}
              href={`/actions?${without(raw, k)}`}
              className="rounded-md bg-zinc-100 px-1.5 py-0.5 hover:bg-zinc-200"
              title="Remove this filter"
            >
              {EXTRA_FILTERS[k]}: {raw[k]!.split(",").join(" or ")} ×
            </Link>
          ))}
        </p>
      ) : null}
      {!parsed.success ? (
        <Notice tone="error" className="mb-4">
          {parsed.error.issues.map((i) => i.message).join("; ")}
        </Notice>
      ) : null}
      {parsed.success ? (
        <p className="mb-2 text-xs text-zinc-500" data-testid="actions-count">
          {count > COUNT_CAP
            ? `More than ${COUNT_CAP.toLocaleString("en-US")} actions match`
            : `${count.toLocaleString("en-US")} ${count === 1 ? "action matches" : "actions match"}`}
        </p>
      ) : null}
      <Table data-testid="actions-table">
        <THead>
          <TR>
            <TH>Time</TH>
            <TH>Agent</TH>
            <TH>Type</TH>
            <TH>Resource</TH>
            <TH>Status</TH>
            <TH>Decided by</TH>
            <TH>Cost</TH>
          </TR>
        </THead>
        <TBody>
          {actions.length === 0 ? (
            <EmptyRow colSpan={7}>No actions match.</EmptyRow>
          ) : (
            actions.map((a) => {
              const decision = a.decision as { policy?: string | null; rule?: string | null; reasons?: { kind: string }[] };
              return (
                <TR key={a.id}>
                  <TD>
                    <Link href={`/actions/${a.id}`} className="hover:underline">
                      <Time value={a.createdAt} />
                    </Link>
                  </TD>
                  <TD>{a.agent.name}</TD>
                  <TD className="font-mono text-xs">
                    <Link href={`/actions/${a.id}`} className="hover:underline">
                      {a.type}
                    </Link>
                  </TD>
                  <TD className="max-w-xs truncate font-mono text-xs">{a.resource}</TD>
                  <TD>
                    <StatusBadge status={a.status} />
                  </TD>
                  <TD className="text-xs text-zinc-600">
                    {decision.rule ? `${decision.policy}/${decision.rule}` : (decision.reasons?.[0]?.kind ?? "—")}
                  </TD>
                  <TD className="tabular-nums">{a.costAmount ? `${a.costAmount.toString()} ${a.costCurrency ?? ""}` : "—"}</TD>
                </TR>
              );
            })
          )}
        </TBody>
      </Table>
      {nextCursor ? (
        <div className="mt-3">
          <Link className="text-sm hover:underline" href={`/actions?${next}`}>
            Older →
          </Link>
        </div>
      ) : null}
    </>
  );
}
