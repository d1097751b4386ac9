import { listHistory } from "@/lib/approvals/inbox";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Decided approval requests, the most recently decided first: `?cursor=` pages on. */
export const GET = withUser({ permission: "console:read" }, async ({ request }) =>
  listHistory(Object.fromEntries(new URL(request.url).searchParams)),
);

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
