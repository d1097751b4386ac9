// What the live suites (fuzz, authorization matrix) share: a throwaway PostgreSQL database
// seeded with one of each caller, the production build serving it, and the build's server
// actions by module and export (their ids are in the build's manifest: an action is called
// by POSTing to a page that uses it, with its id in the Next-Action header).
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startProductionServer, stopServer, throwawayDatabase } from "../../bench/harness";
import { seedCallers, type Seeded } from "./callers";

const SESSION_SECRET = "live-suites-session-secret-0123456789abcdef";

export type Live = Seeded & { baseUrl: string; databaseUrl: string; actions: BuiltAction[] };

/** A server action of the build: `module#export`, its id and a page it can be posted to. */
export type BuiltAction = { name: string; id: string; page: string };

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/** "app/(console)/agents/[id]/page" → "/agents/<id>": dynamic segments filled with `id`. */
const pageUrlOf = (worker: string, id: string) =>
  "/" +
  worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? id : segment))
    .join("/");

/** The build's server actions; one used only on a page with a dynamic segment is posted to that page for `id` (e.g. an agent's). */
export function builtActions(id = "00000000-0000-4000-8000-000000000000"): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  return Object.entries(manifest.node).flatMap(([actionId, entry]) => {
    const pages = Object.keys(entry.workers).filter((w) => w.endsWith("/page"));
    const worker = pages.find((w) => !w.includes("[")) ?? pages[0];
    if (!entry.filename || !entry.exportedName || !worker) return [];
    return [{ name: `${entry.filename}#${entry.exportedName}`, id: actionId, page: pageUrlOf(worker, id) }];
  });
}

/** Serves a fresh database on `port` for the length of `run`, then drops it. */
export async function withLiveServer<T>(name: string, port: number, run: (live: Live) => Promise<T>): Promise<T> {
  process.env.NEXTAUTH_SECRET = SESSION_SECRET;
  const database = await throwawayDatabase(`gatehouse_${name}_${process.pid}`, seedCallers);
  const logFile = path.join(os.tmpdir(), `gatehouse-${name}-${process.pid}-server.log`);
  const server = await startProductionServer(port, database.url, { NEXTAUTH_SECRET: SESSION_SECRET, LOG_LEVEL: "error" }, { logFile });
  console.log(`${name}: the server's log is in ${logFile}`);
  try {
    return await run({
      ...database.seeded,
      baseUrl: `http://127.0.0.1:${port}`,
      databaseUrl: database.url,
      actions: builtActions(database.seeded.agentId),
    });
  } finally {
    await stopServer(server);
    await database.drop();
  }
}

/** Calls a server action as the browser does: the arguments as a JSON array, its id in Next-Action. */
export function callAction(
  baseUrl: string,
  action: BuiltAction,
  args: unknown[] | string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(baseUrl + action.page, {
    method: "POST",
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseUrl,
      ...headers,
    },
    body: typeof args === "string" ? args : JSON.stringify(args),
    redirect: "manual",
    signal,
  });
}
