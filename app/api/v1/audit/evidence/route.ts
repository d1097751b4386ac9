import { agentActor, userActor } from "@/lib/audit/entry";
import { evidenceBundleOperation } from "@/lib/contracts/audit";
import { buildEvidence } from "@/lib/evidence/service";
import { zipBundle } from "@/lib/evidence/zip";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Builds the period's evidence bundle (an audit entry by the caller) and streams it as a zip archive. */
export const GET = route(evidenceBundleOperation, async (args) => {
  const { from, to } = args.query;
  const actor = args.user ? userActor(args.user) : agentActor(args.agent);
  const files = await buildEvidence({ from, to, actor });
  return new Response(zipBundle(files), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="gatehouse-evidence-${day(from)}-${day(to)}.zip"`,
    },
  });
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
