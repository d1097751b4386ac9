// `npm run test:matrix`: every cell of the authorization matrix (lib/testing/authorization-matrix.ts)
// against the production build on a fresh PostgreSQL database: each caller × each route and
// method × each server action. A cell passes when the answer is of its class: served (not
// 401/403, and never a 5xx) or the 401/403/404 expected. Exits non-zero on any miss.
//
// Env: MATRIX_PORT (default 3426), BENCH_DATABASE_URL (the PostgreSQL server; default the local one).
import { randomUUID } from "node:crypto";
import { routeFiles, servedMethods } from "../../lib/testing/app-surface";
import { ACTION_RULES, CALLERS, expected, ROUTE_RULES, type Caller, type Expected } from "../../lib/testing/authorization-matrix";
import { callAction, withLiveServer, type Live } from "./live";

const PORT = Number(process.env.MATRIX_PORT ?? 3426);

/** A URL for a route path: parameters filled with values that name nothing (an allowed caller gets a 404 or 422, not a change). */
const concrete = (urlPath: string, method: string) =>
  urlPath
    .replace("{...nextauth}", method === "GET" ? "session" : "signout")
    .replace("{...unknown}", "matrix-nowhere")
    .replace(/\{(version|seq)\}/g, "999999")
    .replace(/\{\w+\}/g, () => randomUUID());

/** The class of an answer: a 401/403/404 as such, anything else below 500 served. */
const classOf = (status: number): Expected | "5xx" =>
  status >= 500 ? "5xx" : status === 401 || status === 403 || status === 404 ? status : "allow";

/** A served cell may also answer 404 (the random id names nothing); a refused one must answer exactly. */
const matches = (want: Expected, got: Expected | "5xx") => got === want || (want === "allow" && got === 404);

async function routeCell(live: Live, method: string, urlPath: string, caller: Caller) {
  const controller = new AbortController();
  const response = await fetch(live.baseUrl + concrete(urlPath, method), {
    method,
    headers: { ...live.callers[caller], ...(method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" }) },
    body: method === "GET" || method === "DELETE" ? undefined : "{}",
    redirect: "manual",
    signal: controller.signal,
  });
  controller.abort(); // the event stream would never end; the status is all the matrix needs
  return response.status;
}

/** A server action answers 200 with its result; a refusal is the result's error (lib/http/authed-action.ts). */
async function actionCell(live: Live, name: string, caller: Caller) {
  const action = live.actions.find((a) => a.name === name)!;
  const response = await callAction(live.baseUrl, action, name.endsWith("#providerSignOutUrl") ? [] : [{}], live.callers[caller]);
  const text = await response.text();
  if (response.status >= 500) return response.status;
  if (text.includes('"error":"Sign in first"')) return 401;
  if (/"error":"Your role \([a-z_]+\) may not do this"/.test(text)) return 403;
  return response.status;
}

async function main() {
  const endpoints: { method: string; urlPath: string }[] = [];
  for (const { file, urlPath } of routeFiles()) {
    const routeModule = (await import(file)) as Record<string, unknown>;
    for (const { method, kind } of servedMethods(routeModule)) if (kind !== "method-not-allowed") endpoints.push({ method, urlPath });
  }
  const misses: string[] = [];
  let cells = 0;
  const unreachable: string[] = [];
  await withLiveServer("matrix", PORT, async (live) => {
    const check = (what: string, caller: Caller, want: Expected, status: number) => {
      cells++;
      if (!matches(want, classOf(status))) misses.push(`${what} as ${caller}: expected ${want}, got ${status}`);
    };
    for (const { method, urlPath } of endpoints) {
      const rule = ROUTE_RULES[`${method} ${urlPath}`];
      if (!rule) {
        misses.push(`${method} ${urlPath} has no row in the matrix`);
        continue;
      }
      for (const caller of CALLERS)
        check(`${method} ${urlPath}`, caller, expected(rule, caller), await routeCell(live, method, urlPath, caller));
    }
    for (const [name, rule] of Object.entries(ACTION_RULES)) {
      // No page imports it, so the build has no id for it: nobody can call it over HTTP.
      if (!live.actions.some((a) => a.name === name)) {
        unreachable.push(name);
        continue;
      }
      for (const caller of CALLERS) check(name, caller, expected(rule, caller), await actionCell(live, name, caller));
    }
  });
  console.log(`authorization matrix: ${cells} cells checked, ${misses.length} missed`);
  for (const name of unreachable) console.log(`  (not in the build, so not callable: ${name})`);
  for (const miss of misses) console.log(`  MISS ${miss}`);
  process.exit(misses.length ? 1 : 0);
}

await main();
