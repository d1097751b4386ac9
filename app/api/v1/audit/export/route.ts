import { integrateAll } from "@/lib/audit/service";
import { exportAudit } from "@/lib/audit/store";
import { exportAuditOperation } from "@/lib/contracts/audit";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

/** Streams an export of the filtered trail: JSON Lines with inclusion proofs, or CSV. */
export const GET = route(exportAuditOperation, async ({ query: { format, ...filters } }) => {
  await integrateAll(); // so that the export proves everything written until now
  const lines = exportAudit(filters, format);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="gatehouse-audit-${stamp}.${format}"`,
    },
  });
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
