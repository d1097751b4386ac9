import { AppError, BadRequestError, ForbiddenError, NotFoundError, PayloadTooLargeError } from "../errors";
import { toHttpResponse } from "./respond";

// A server action is a POST with the action's id in the Next-Action header and its arguments as
// JSON text (React's encoding of plain values; the console sends nothing else: no forms post to
// actions). Next.js answers a malformed one with a 500: an Origin it cannot parse or that names
// another host, a body that is not UTF-8 JSON or is nested too deep for its decoder, a multipart
// body without a boundary, a form posted to a page with no action id at all. The proxy (proxy.ts) asks here first, and such a request gets a 4xx
// that says what is wrong; a well-formed one goes on to Next.js untouched.

/** Next.js's action ids: 42 hex digits. */
const ACTION_ID = /^[0-9a-f]{42}$/i;
/** Next.js's own default cap on a server action's body. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
/** Far deeper than any argument of ours; React's decoder overflows its stack long before JSON.parse does. */
export const MAX_ACTION_JSON_DEPTH = 32;

/** How deeply arrays and objects nest in a parsed JSON value (a scalar is 0). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The host a browser's Origin must name: the forwarded host behind a proxy, else Host (as Next.js compares them). */
const servedHost = (headers: Headers) => (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim().toLowerCase();

function checkOrigin(headers: Headers) {
  const origin = headers.get("origin");
  if (origin === null) return; // not sent by a browser across sites
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    throw new ForbiddenError("The Origin header of a server action must be the console's own URL");
  }
  if (host !== servedHost(headers)) throw new ForbiddenError("A server action must come from the console's own origin");
}

async function checkArguments(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  if (!/^text\/plain\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "A server action's arguments are sent as text/plain JSON", 415);
  }
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  if (bytes.byteLength > MAX_ACTION_BODY_BYTES) throw new PayloadTooLargeError(MAX_ACTION_BODY_BYTES);
  let args: unknown;
  try {
    args = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BadRequestError(`A server action's arguments must be UTF-8 JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(args)) throw new BadRequestError("A server action's arguments must be a JSON array");
  if (jsonDepth(args) > MAX_ACTION_JSON_DEPTH) {
    throw new AppError("validation_failed", `A server action's arguments may nest at most ${MAX_ACTION_JSON_DEPTH} deep`, 422);
  }
}

/** What Next.js takes for a form posted to a server action (progressive enhancement), with or without an id. */
const FORM_POST = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * A 4xx for a malformed server-action request, or undefined for one Next.js may handle (and any other
 * request). Call it for pages only: /api routes take form posts of their own (next-auth's sign-in).
 */
export async function refuseMalformedServerAction(request: Request): Promise<Response | undefined> {
  const id = request.headers.get("next-action");
  const formPost = FORM_POST.test(request.headers.get("content-type") ?? "");
  if (request.method !== "POST" || (id === null && !formPost)) return undefined;
  try {
    if (id === null) throw new AppError("unsupported_media_type", "The console's pages take no form posts", 415);
    if (!ACTION_ID.test(id)) throw new NotFoundError("Server action");
    checkOrigin(request.headers);
    await checkArguments(request);
    return undefined;
  } catch (error) {
    return toHttpResponse(error);
  }
}
