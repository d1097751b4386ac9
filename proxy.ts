import { NextResponse, type NextRequest } from "next/server";
import type { ErrorBody } from "@/lib/http/respond";
import { refuseMalformedServerAction } from "@/lib/http/server-action-guard";
import { API_CSP, malformedSegment, newNonce, pageCsp, securityHeaders, servedOverHttps } from "@/lib/http/security-headers";

// Runs before every route (static assets aside): refuses a path that cannot be decoded,
// then sets the security headers, a fresh CSP nonce for pages (Next.js reads it from the
// request's Content-Security-Policy and puts it on its scripts; the layout hands it to
// CodeMirror). A malformed server action is refused with a 4xx saying what is wrong
// (lib/http/server-action-guard.ts), where Next.js would answer 500. Only string work:
// nothing here reads the database or the session.

export async function proxy(request: NextRequest) {
  const { pathname, protocol } = request.nextUrl;
  const https = servedOverHttps(protocol, request.headers.get("x-forwarded-proto"), process.env.NEXTAUTH_URL);
  const api = pathname.startsWith("/api/");
  const bad = malformedSegment(pathname);
  if (bad !== null) return withHeaders(badPath(bad, api), API_CSP, https);
  if (api) return withHeaders(NextResponse.next(), API_CSP, https);
  const refused = await refuseMalformedServerAction(request);
  if (refused) return withHeaders(refused, API_CSP, https);
  const nonce = newNonce();
  const csp = pageCsp(nonce, { https, dev: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), csp, https);
}

function withHeaders(response: NextResponse | Response, csp: string, https: boolean) {
  for (const [name, value] of securityHeaders(csp, https)) response.headers.set(name, value);
  return response;
}

/** 400 for a path segment whose %-encoding is not UTF-8: JSON on the API, a short page elsewhere. */
function badPath(segment: string, api: boolean) {
  const message = `The path segment "${segment.slice(0, 60)}" is not valid percent-encoded UTF-8`;
  if (api) return Response.json({ error: { code: "bad_request", message } } satisfies ErrorBody, { status: 400 });
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Bad request · Gatehouse</title><body><h1>Bad request</h1><p>${escapeHtml(message)}.</p><p><a href="/">Back to Gatehouse</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.svg).*)"],
};
