import type { RouteHandler } from "@/lib/http/route";

// Calls route handlers in-process, as Next.js would: the path parameters are read off the
// URL with the handler's own operation path, so a test names only the URL.

const paramsOf = (template: string, pathname: string): Record<string, string> | undefined => {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const match = new RegExp(`^${pattern}$`).exec(pathname);
  return match ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)])) : undefined;
};

/** Whether this handler serves this method and path; with the path's parameters. */
export function matchRoute(handler: RouteHandler, method: string, pathname: string) {
  return handler.operation.method === method ? paramsOf(handler.operation.path, pathname) : undefined;
}

export function callRoute(handler: RouteHandler, url: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(new URL(url, "http://gatehouse.test"), init);
  const params = matchRoute(handler, request.method, new URL(request.url).pathname);
  if (!params) throw new Error(`${request.method} ${url} is not ${handler.operation.method} ${handler.operation.path}`);
  return handler(request, { params: Promise.resolve(params) });
}
