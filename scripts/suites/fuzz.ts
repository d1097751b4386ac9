// `npm run fuzz [-- --runs N] [-- --seed S]`: malformed requests (fast-check) against every
// route handler, page and server action found on the file system, as every caller of the
// authorization matrix, sent to the production build on a fresh PostgreSQL database.
// Each answer must be below 500, within 5 s, a JSON error on /api routes when refused, and a
// refused request must leave every table's row count as it was. Prints the figures; exits
// non-zero on any miss. Default 2,000 cases (CI).
//
// Env: FUZZ_PORT (default 3425), BENCH_DATABASE_URL (the PostgreSQL server; default the local one).
import { parseArgs } from "node:util";
import fc from "fast-check";
import pg from "pg";
import type { Operation } from "../../lib/contracts/operation";
import { pageFiles, routeFiles, servedMethods } from "../../lib/testing/app-surface";
import { fuzzRequests, keysOf, type FuzzRequest, type Target } from "./fuzz-requests";
import { withLiveServer, type Live } from "./live";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "2000" }, seed: { type: "string" } } });
const RUNS = Number(args.runs);
const SEED = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);
const PORT = Number(process.env.FUZZ_PORT ?? 3425);
const SLOW_MS = 5_000;

/**
 * The tables a request could write to. Left out: what background work changes on its own (the
 * audit sequencer's leaves and checkpoints, the dashboard fold, the sign-in throttle's clock).
 */
const TABLES = [
  "users",
  "sso_identities",
  "agents",
  "api_keys",
  "actions",
  "limit_counters",
  "approval_requests",
  "approval_steps",
  "approval_votes",
  "standing_approvals",
  "deliveries",
  "policy_versions",
  "policy_drafts",
  "policy_change_requests",
  "policy_shadow_runs",
  "kill_switches",
  "audit_entries",
  "settings",
];
const COUNT_SQL = `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(", ")}`;

async function discoverTargets(live: Live): Promise<Target[]> {
  const targets: Target[] = [];
  for (const { file, urlPath } of routeFiles()) {
    const routeModule = (await import(file)) as Record<string, unknown>;
    for (const { method, kind } of servedMethods(routeModule)) {
      const operation = (routeModule[method] as { operation?: Operation }).operation;
      const weight = kind === "method-not-allowed" ? 1 : 8;
      targets.push({ kind: "route", weight, method, urlPath, queryKeys: keysOf(operation?.query), bodyKeys: keysOf(operation?.body) });
    }
  }
  const pageQuery = ["cursor", "q", "status", "agent", "from", "to"];
  for (const { urlPath } of pageFiles()) targets.push({ kind: "page", weight: 8, urlPath, queryKeys: pageQuery });
  for (const action of live.actions) targets.push({ kind: "action", weight: 8, action });
  return targets;
}

type Miss = { what: string; request: string };

/** A refusal: a 4xx, or a server action's `{ ok: false }` result. */
const refused = (request: FuzzRequest, status: number, text: string) =>
  status >= 400 || (request.target.kind === "action" && text.includes('"ok":false'));

async function main() {
  await withLiveServer("fuzz", PORT, async (live) => {
    const targets = await discoverTargets(live);
    const database = new pg.Client({ connectionString: live.databaseUrl });
    await database.connect();
    const counts = async () => JSON.stringify((await database.query(COUNT_SQL)).rows[0]);
    const misses: Miss[] = [];
    const statuses = new Map<number, number>();
    let cases = 0;
    let fiveXX = 0;
    let slowest = { ms: 0, request: "" };

    const knownIds = [live.agentId, ...live.keyIds.slice(0, 2), ...live.userIds.slice(0, 2)];
    const property = fc.asyncProperty(fuzzRequests(targets, knownIds), async (request) => {
      cases++;
      const label = `${request.method} ${request.url} as ${request.caller}${request.target.kind === "action" ? ` (${request.target.action.name})` : ""}`;
      const before = await counts();
      const started = performance.now();
      let status: number;
      let text = "";
      let contentType = "";
      const headers: Record<string, string> = {
        ...(request.target.kind === "action" ? { origin: live.baseUrl } : {}),
        ...live.callers[request.caller],
        ...request.headers,
      };
      try {
        const response = await fetch(live.baseUrl + request.url, {
          method: request.method,
          headers,
          body: request.body as BodyInit | undefined,
          redirect: "manual",
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        contentType = response.headers.get("content-type") ?? "";
        // An event stream never ends: its status and headers are the answer.
        text = contentType.startsWith("text/event-stream") ? (await response.body?.cancel(), "") : await response.text();
      } catch (error) {
        // The answer's headers are over undici's 16 KiB: a redirect echoing the request's own oversized query string.
        if ((error as { cause?: { code?: string } }).cause?.code === "UND_ERR_HEADERS_OVERFLOW") return;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        // A request line and headers over Node's 16 KiB: Node's HTTP parser answers 431 and closes the
        // socket, which resets a request whose body is still being sent. The app never sees it.
        // Every header sent counts, the caller's session cookie or key included.
        const head = request.url.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
        if ((cause?.code === "ECONNRESET" || cause?.code === "EPIPE") && head > 16 * 1024) return;
        misses.push({
          what: `no answer (${(error as Error).message}: ${cause?.code ?? cause?.message})`,
          request: `${label}, body ${request.body?.length ?? 0} bytes`,
        });
        return;
      }
      const ms = performance.now() - started;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (ms > slowest.ms) slowest = { ms, request: label };
      if (ms > SLOW_MS) misses.push({ what: `answered in ${Math.round(ms)} ms`, request: label });
      if (status >= 500) {
        fiveXX++;
        misses.push({ what: `${status} ${text.slice(0, 160)}`, request: label });
      }
      const apiRoute = request.target.kind === "route" && request.url.startsWith("/api/") && !request.url.startsWith("/api/auth/");
      // 431 comes from Node's HTTP parser (headers over 16 KiB), before any code of ours runs.
      if (apiRoute && status >= 400 && status !== 431) {
        let json: { error?: { message?: unknown } } | undefined;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        if (!/^application\/json/i.test(contentType) || typeof json?.error?.message !== "string") {
          misses.push({ what: `${status} without a JSON error body (${contentType}: ${text.slice(0, 80)})`, request: label });
        }
      }
      if (refused(request, status, text)) {
        const after = await counts();
        if (after !== before) misses.push({ what: `refused (${status}) yet stored: ${before} → ${after}`, request: label });
      }
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
    await database.end();

    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(`fuzz: ${cases} cases over ${targets.length} targets (seed ${SEED}), answers ${byStatus.join(" ")}`);
    console.log(`fuzz: 5xx seen ${fiveXX}; slowest answer ${Math.round(slowest.ms)} ms (${slowest.request})`);
    const grouped = new Map<string, Miss[]>();
    for (const miss of misses) grouped.set(miss.what.slice(0, 60), [...(grouped.get(miss.what.slice(0, 60)) ?? []), miss]);
    for (const [, group] of grouped)
      console.log(`  MISS ×${group.length} ${group[0]!.what}\n       e.g. ${group[0]!.request.slice(0, 300)}`);
    console.log(`fuzz: ${misses.length} misses`);
    process.exitCode = misses.length ? 1 : 0;
  });
}

await main();
