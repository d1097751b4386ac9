import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { toHttpResponse } from "./respond";
import type { RouteHandler } from "./route";
import { API_CSP, securityHeaders, servedOverHttps } from "./security-headers";

// The decision route is in the hot path of every agent, and Next.js's request pipeline
// (routing, the proxy, its request and response adapters) costs several times the CPU of
// the decision itself (docs/benchmarks.md). A route registered here is handed its requests
// by the server (scripts/serve.mjs) straight from Node's HTTP server, everything else goes
// to Next.js. It is the route's own handler, the `route()` wrapper included, so the
// authentication, parsing, errors, metrics and traces are the same; the headers proxy.ts
// sets on API answers are set here. A route registers when Next.js first loads its module,
// so the first request to it goes through Next.js.

export type DirectListener = (req: IncomingMessage, res: ServerResponse) => void;

/** "METHOD /path" → listener. scripts/serve.mjs reads this slot (globalThis["gatehouse:direct-routes"]). */
const directRoutes = processSlot<Map<string, DirectListener>>("direct-routes");

/** Serves `method path` (exact path, no query string) with `handler` outside Next.js's pipeline. */
export function serveDirectly(method: string, path: string, handler: RouteHandler) {
  directRoutes.getOrCreate(() => new Map()).set(`${method} ${path}`, (req, res) => void answer(handler, req, res));
}

function webRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal,
    // @ts-expect-error Node's fetch needs it for a streamed body; the DOM RequestInit type does not know it.
    duplex: "half",
  });
}

async function answer(handler: RouteHandler, req: IncomingMessage, res: ServerResponse) {
  // The route wrapper answers nobody once the client has gone (a closed connection).
  const gone = new AbortController();
  res.once("close", () => res.writableFinished || gone.abort());
  let response: Response;
  try {
    response = await handler(webRequest(req, gone.signal), { params: Promise.resolve({}) });
  } catch (error) {
    // The wrapper maps every error of the route; this is one in building the request.
    response = toHttpResponse(error);
  }
  try {
    const https = servedOverHttps("http:", req.headers["x-forwarded-proto"]?.toString() ?? null, process.env.NEXTAUTH_URL);
    for (const [name, value] of securityHeaders(API_CSP, https)) res.setHeader(name, value);
    response.headers.forEach((value, name) => name === "set-cookie" || res.setHeader(name, value));
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
    const body = Buffer.from(await response.arrayBuffer());
    res.setHeader("Content-Length", body.length);
    // A body the route did not read to the end (refused before or while reading it) would stall
    // the connection for the client's next request on it: close it after this answer instead.
    if (!req.complete) res.setHeader("Connection", "close");
    res.writeHead(response.status).end(body);
  } catch (error) {
    log.error("direct route could not answer", { err: error, url: req.url });
    res.destroy();
  }
}
