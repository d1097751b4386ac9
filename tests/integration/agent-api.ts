import { GET as getAction } from "@/app/api/v1/actions/[id]/route";
import { POST as postAction } from "@/app/api/v1/actions/route";
import { GET as getDecisionKeys } from "@/app/api/v1/keys/route";

// The agent API as an agent calls it, straight through the route handlers (no server).

export const routeContext = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** POST /api/v1/actions with this API key; `raw` and `contentType` send a malformed request. */
export function submitAs(key: string, body: unknown, init: { raw?: string; contentType?: string } = {}) {
  return postAction(
    new Request("http://gatehouse.test/api/v1/actions", {
      method: "POST",
      headers: { ...auth(key), "content-type": init.contentType ?? "application/json" },
      body: init.raw ?? JSON.stringify(body),
    }),
    routeContext(),
  );
}

/** GET /api/v1/actions/{id}, long-polling up to `wait` seconds when given. */
export function readAs(key: string, id: string, wait = 0) {
  return getAction(
    new Request(`http://gatehouse.test/api/v1/actions/${id}${wait ? `?wait=${wait}` : ""}`, { headers: auth(key) }),
    routeContext({ id }),
  );
}

/** GET /api/v1/keys, as a tool fetches it (no API key). */
export const getKeys = () => getDecisionKeys(new Request("http://gatehouse.test/api/v1/keys"), routeContext());
