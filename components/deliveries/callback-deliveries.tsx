import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { DeliverySummary } from "@/lib/deliveries/service";
import { RetryDeliveryButton } from "./retry-delivery-button";

function DeliveryStatus({ delivery }: { delivery: DeliverySummary }) {
  if (delivery.status === "delivered") return <Badge tone="green">delivered</Badge>;
  if (delivery.status === "failed") return <Badge tone="red">failed</Badge>;
  return delivery.attempts > 0 ? <Badge tone="amber">retrying</Badge> : <Badge tone="blue">pending</Badge>;
}

/** Recent decision callbacks: where each went, how its attempts went, and a retry for the failed ones. */
export function CallbackDeliveries({ deliveries, canRetry }: { deliveries: DeliverySummary[]; canRetry: boolean }) {
  const columns = canRetry ? 7 : 6;
  return (
    <Table data-testid="callback-deliveries">
      <THead>
        <TR>
          <TH>Time</TH>
          <TH>Action</TH>
          <TH>Target</TH>
          <TH>Status</TH>
          <TH className="text-right">Attempts</TH>
          <TH>Last response</TH>
          {canRetry ? <TH className="text-right">Actions</TH> : null}
        </TR>
      </THead>
      <TBody>
        {deliveries.length === 0 ? (
          <EmptyRow colSpan={columns}>No callbacks yet. An action that gives a callbackUrl gets its decision POSTed there.</EmptyRow>
        ) : (
          deliveries.map((d) => (
            <TR key={d.id} data-testid={`delivery-row-${d.id}`}>
              <TD>
                <Time value={d.createdAt} />
              </TD>
              <TD>
                {d.actionId ? (
                  <Link href={`/actions/${d.actionId}`} className="font-mono text-xs hover:underline">
                    {d.action?.type ?? d.actionId.slice(0, 8)}
                  </Link>
                ) : (
                  "—"
                )}
              </TD>
              <TD className="max-w-64 truncate font-mono text-xs" title={d.target}>
                {d.target}
              </TD>
              <TD>
                <DeliveryStatus delivery={d} />
              </TD>
              <TD className="text-right tabular-nums">{d.attempts}</TD>
              <TD className="max-w-72 truncate text-xs" title={d.lastError ?? undefined}>
                {/* The error names the HTTP status when there was one. */}
                {d.lastError ? (
                  <span className="text-red-700">{d.lastError}</span>
                ) : d.responseStatus !== null ? (
                  <span className="font-mono">{d.responseStatus}</span>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </TD>
              {canRetry ? <TD className="text-right">{d.status === "failed" ? <RetryDeliveryButton deliveryId={d.id} /> : null}</TD> : null}
            </TR>
          ))
        )}
      </TBody>
    </Table>
  );
}
