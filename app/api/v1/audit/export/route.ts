import { z } from "zod";
import { integrateAll } from "@/lib/audit/service";
import { exportAudit } from "@/lib/audit/store";
import { AuditFiltersSchema } from "@/lib/contracts/audit";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

const ExportQuery = AuditFiltersSchema.omit({ before: true, limit: true }).extend({ format: z.enum(["jsonl", "csv"]).default("jsonl") });

/** Streams an export of the filtered trail: JSON Lines with inclusion proofs, or CSV. */
export const GET = withUser({ permission: "console:read" }, async ({ request }) => {
  const { format, ...filters } = ExportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
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
