import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The console's whole surface as the file system declares it: every route handler file
// (app/**/route.ts), page (app/**/page.tsx) and server-action module (a file that starts
// with "use server"). The OpenAPI coverage test, the authorization matrix and the fuzz
// suite read it from here, so a new route, page or action is covered without anyone
// adding it to a list.

export const APP_DIR = path.join(import.meta.dirname, "..", "..", "app");
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full, keep);
      return keep(entry.name) ? [full] : [];
    })
    .sort();
}

/**
 * The URL path of a route or page folder: route groups `(console)` dropped, `[id]` → `{id}`,
 * catch-alls `[...rest]` → `{...rest}`. app/api/v1/actions/[id]/result → /api/v1/actions/{id}/result
 */
export function urlPathOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(\.\.\.)?(\w+)\]$/, "{$1$2}"));
  return "/" + segments.join("/");
}

export type RouteFile = { file: string; urlPath: string };

export const routeFiles = (): RouteFile[] =>
  filesUnder(APP_DIR, (name) => name === "route.ts").map((file) => ({ file, urlPath: urlPathOf(file) }));

export const pageFiles = (): RouteFile[] =>
  filesUnder(APP_DIR, (name) => name === "page.tsx").map((file) => ({ file, urlPath: urlPathOf(file) }));

/** What a route module serves per method: an operation's handler, a JSON 405 (`allowedMethods`), or a handler of its own. */
export type ServedMethod = { method: HttpMethod; kind: "operation" | "method-not-allowed" | "own" };

export function servedMethods(routeModule: Record<string, unknown>): ServedMethod[] {
  return HTTP_METHODS.filter((method) => typeof routeModule[method] === "function").map((method) => {
    const handler = routeModule[method] as { operation?: unknown; allowedMethods?: unknown };
    const kind = handler.allowedMethods ? "method-not-allowed" : handler.operation ? "operation" : "own";
    return { method, kind };
  });
}

export type ServerActionModule = {
  file: string;
  /** relative to the project, e.g. app/(console)/agents/actions.ts */ name: string;
  exports: string[];
};

const USE_SERVER = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*["']use server["']/;
const EXPORTED = /^export\s+(?:const|let|async\s+function|function)\s+(\w+)/gm;

const ROOT = path.dirname(APP_DIR);
const SOURCE_DIRS = ["app", "components", "lib"];

/** Every module whose first statement is "use server", with the names it exports (each a server action). */
export function serverActionModules(): ServerActionModule[] {
  return SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(ROOT, dir), (name) => /\.tsx?$/.test(name)))
    .map((file) => ({ file, source: readFileSync(file, "utf8") }))
    .filter(({ source }) => USE_SERVER.test(source))
    .map(({ file, source }) => ({
      file,
      name: path.relative(ROOT, file).split(path.sep).join("/"),
      exports: [...source.matchAll(EXPORTED)].map((match) => match[1]!),
    }));
}
