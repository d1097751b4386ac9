// `npm run bench:approvals`: how fast a human's decision reaches the waiting agent, and
// how fast an agent's request reaches an open inbox, through the production build on a
// real PostgreSQL. Baseline in the same run: a bare PostgreSQL NOTIFY → LISTEN round trip
// (the floor under both paths).
//
// Env: BENCH_DATABASE_URL (server for the throwaway database), BENCH_RUNS (default 200).
import { readFileSync } from "node:fs";
import pg from "pg";
import { BENCH_SERVER, percentile, startProductionServer, stopServer, throwawayDatabase } from "./harness";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const PORT = 3391;
const BASE = `http://127.0.0.1:${PORT}`;
const APPROVER = { email: "bench-approver@example.test", password: "bench-approver-password-1" };

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: bench-approvals
spec:
  agents:
    names: ["bench-*"]
  rules:
    - id: refunds-need-approval
      match: { actions: ["refund.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: 1h
        expiresIn: 2h
`;

type Stats = { p50: number; p95: number; max: number; mean: number };
function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

async function seed() {
  const { publishPolicyVersion } = await import("../lib/policy/store");
  const { createAgent, issueApiKey } = await import("../lib/agents/service");
  const { createUser } = await import("../lib/users/service");
  const actor = { type: "system" as const, label: "bench" };
  await publishPolicyVersion([{ path: "policies/bench-approvals.yaml", content: POLICY }], "bench", actor);
  await createUser({ email: APPROVER.email, password: APPROVER.password, role: "approver" }, actor);
  const agent = await createAgent({ name: "bench-approvals-agent" }, actor);
  const { key } = await issueApiKey({ agentId: agent.id }, actor);
  return { key };
}

/** Signs in through next-auth's credentials flow, as the sign-in form does; returns the cookie header. */
async function signIn(): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!, value.join("="));
    }
  };
  keep(csrf);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email: APPROVER.email, password: APPROVER.password, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return cookieHeader();
}

/** The inbox's decide server action, called over HTTP exactly as the browser calls it. */
function serverAction(name: string): { id: string; page: string } {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    const page = Object.keys(entry.workers).find((w) => w.includes("/inbox"));
    if (entry.exportedName === name && page)
      return {
        id,
        page:
          page
            .replace(/^app/, "")
            .replace(/\/page$/, "")
            .replace(/\/\([^)]+\)/g, "") || "/",
      };
  }
  throw new Error(`server action ${name} not found in the build`);
}

async function postAction(key: string, n: number) {
  const res = await fetch(`${BASE}/api/v1/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      type: "refund.issue",
      resource: `orders/${n}`,
      params: { amount: 100 + n },
      context: { reasoning: "benchmark" },
    }),
  });
  const body = (await res.json()) as { id: string; status: string; approval: { id: string } };
  if (body.status !== "pending") throw new Error(`expected pending, got ${JSON.stringify(body)}`);
  return body;
}

/** Approve click (the server action) → the agent's long-poll returns `allowed`. */
async function approveToAgent(key: string, cookie: string, action: { id: string; page: string }, runs: number) {
  const latencies: number[] = [];
  const actionCalls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pending = await postAction(key, i);
    const poll = fetch(`${BASE}/api/v1/actions/${pending.id}?wait=30`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => {
      const answered = performance.now();
      return { answered, body: (await r.json()) as { status: string } };
    });
    await new Promise((r) => setTimeout(r, 30)); // let the long-poll reach the server and subscribe
    const clicked = performance.now();
    const res = await fetch(`${BASE}${action.page}`, {
      method: "POST",
      headers: { cookie, "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
      body: JSON.stringify([{ requestId: pending.approval.id, decision: "approve" }]),
    });
    await res.text();
    actionCalls.push(performance.now() - clicked);
    const { answered, body } = await poll;
    if (body.status !== "allowed") throw new Error(`run ${i}: the agent got ${JSON.stringify(body)}`);
    latencies.push(answered - clicked);
  }
  return { toAgent: stats(latencies), serverAction: stats(actionCalls) };
}

/** Agent POST → the item is in the approver's inbox, seen through the live event stream. */
async function postToInbox(key: string, cookie: string) {
  const latencies: number[] = [];
  const events = await fetch(`${BASE}/api/events`, { headers: { cookie, accept: "text/event-stream" } });
  if (!events.ok || !events.body) throw new Error(`event stream: HTTP ${events.status}`);
  const reader = events.body.pipeThrough(new TextDecoderStream()).getReader();
  for (let i = 0; i < Math.min(RUNS, 100); i++) {
    const started = performance.now();
    const pending = await postAction(key, 10_000 + i);
    // Wait for an event, then read the inbox as the page does, until the item is there.
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("event stream closed");
      if (!value.includes("data:")) continue;
      const inbox = (await (await fetch(`${BASE}/api/inbox`, { headers: { cookie } })).json()) as {
        items: { requestId?: string; id?: string }[];
      };
      if (JSON.stringify(inbox).includes(pending.approval.id)) break;
    }
    latencies.push(performance.now() - started);
  }
  await reader.cancel();
  return stats(latencies);
}

/** The floor: one UPDATE + NOTIFY committed on one connection, received by a LISTEN on another. */
async function notifyBaseline(url: string) {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  await listener.query("LISTEN bench_baseline");
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const received = new Promise<number>((resolve) => listener.once("notification", () => resolve(performance.now())));
    const sent = performance.now();
    await sender.query("BEGIN");
    await sender.query("UPDATE settings SET value = value WHERE key = 'bench'");
    await sender.query("SELECT pg_notify('bench_baseline', $1)", [String(i)]);
    await sender.query("COMMIT");
    latencies.push((await received) - sent);
  }
  await Promise.all([listener.end(), sender.end()]);
  return stats(latencies);
}

const { url, seeded, drop } = await throwawayDatabase("gatehouse_bench_approvals", seed);
const server = await startProductionServer(PORT, url);
try {
  const cookie = await signIn();
  const decide = serverAction("decideAction");
  await approveToAgent(seeded.key, cookie, decide, 20); // warm-up: JIT, connection pools
  const { toAgent, serverAction: call } = await approveToAgent(seeded.key, cookie, decide, RUNS);
  const inbox = await postToInbox(seeded.key, cookie);
  const floor = await notifyBaseline(url);
  console.log(
    `\nApprovals benchmark — ${RUNS} runs, PostgreSQL ${BENCH_SERVER.replace(/\/\/[^@]*@/, "//")}, ${(await import("node:os")).cpus().length} cores\n`,
  );
  console.table({
    "approve click → agent's long-poll returns (ms)": toAgent,
    "the server action's own response, for comparison (ms)": call,
    "agent POST → item in an open inbox (ms)": inbox,
    "baseline: bare NOTIFY → LISTEN (ms)": floor,
  });
  console.log(
    `Targets: approve → agent p95 ≤ 200 ms (${toAgent.p95 <= 200 ? "met" : "MISSED"}); POST → inbox ≤ 1000 ms (p95 ${inbox.p95} ms, ${inbox.p95 <= 1000 ? "met" : "MISSED"}).`,
  );
} finally {
  await stopServer(server);
  await drop();
}
