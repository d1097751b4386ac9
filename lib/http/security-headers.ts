// The headers every answer carries (set by proxy.ts, and by direct-route.ts for the routes
// served without Next.js), and the check of the request path
// that runs before any route: both are plain string work, cheap enough for every request.

/** A fresh nonce for one page's Content-Security-Policy (128 random bits, base64). */
export const newNonce = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));

/**
 * The console's policy: scripts only with this response's nonce (and what they load,
 * 'strict-dynamic'); style elements with the nonce (Next.js and CodeMirror set it), style
 * attributes allowed (React renders them for charts and progress bars; they cannot run
 * code); everything else from this origin; never framed.
 */
export function pageCsp(nonce: string, options: { https: boolean; dev: boolean }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // Styles cannot run code: inline ones are allowed (CodeMirror, recharts and React set them).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** JSON answers load nothing and are never framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** HSTS: a year, only on an answer served over https (a browser ignores it over http anyway). */
export const HSTS = "max-age=31536000; includeSubDomains";

export function securityHeaders(csp: string, https: boolean): [string, string][] {
  return [
    ["Content-Security-Policy", csp],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ...(https ? ([["Strict-Transport-Security", HSTS]] as [string, string][]) : []),
  ];
}

/**
 * Whether the request came over https: directly, or through a proxy that terminated TLS
 * (X-Forwarded-Proto), or — behind one that does not say — when NEXTAUTH_URL is https.
 */
export function servedOverHttps(protocol: string, forwardedProto: string | null, publicUrl: string | undefined) {
  const forwarded = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return protocol === "https:" || Boolean(publicUrl?.startsWith("https://"));
}

/** The first path segment whose percent-encoding does not decode (not UTF-8), or null. */
export function malformedSegment(pathname: string): string | null {
  if (!pathname.includes("%")) return null;
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}
