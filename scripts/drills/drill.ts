// What the drills share: a policy for a refund agent, agents with keys, an admin's session,
// posting actions, calling a server action over HTTP, and the figures each drill prints and
// is judged by (a drill exits non-zero when a figure misses its mark).
import os from "node:os";
import path from "node:path";
import type { BuiltAction } from "../suites/live";

export const DRILL_SECRET = "drill-session-secret-0123456789abcdef";

/**
 * Refunds up to 100 are allowed (at most `limit` an hour per agent), larger ones and every payout
 * wait for an approver for `timeout`; anything else is denied by default.
 */
export const refundPolicy = (limit: number, timeout = "30m", onTimeout = "deny") => `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: drill
spec:
  agents:
    names: ["drill-*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 100"
      effect: allow
    - id: large-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: ${timeout}
            onTimeout: ${onTimeout}
        expiresIn: 24h
    - id: payouts
      match: { actions: ["payout.issue"] }
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver] }
            timeout: ${timeout}
            onTimeout: ${onTimeout}
        expiresIn: 24h
  limits:
    - id: refund-limit
      type: rate
      match: { actions: ["refund.issue"] }
      max: ${limit}
      window: 1h
`;

export type Seed = { keys: string[]; adminCookie: string };

/** Publishes the policy and makes `agents` agents with a key each and an admin; run inside throwawayDatabase. */
export async function seedDrill(policy: string, agents: number): Promise<Seed> {
  process.env.NEXTAUTH_SECRET = DRILL_SECRET;
  const { publishPolicyVersion } = await import("../../lib/policy/store");
  const { createAgent, issueApiKey } = await import("../../lib/agents/service");
  const { makeUser, TEST_ACTOR } = await import("../../lib/testing/factories");
  const { sessionCookie } = await import("../../lib/testing/session");
  await publishPolicyVersion([{ path: "policies/drill.yaml", content: policy }], "drill", TEST_ACTOR);
  const keys: string[] = [];
  for (let i = 0; i < agents; i++) {
    const agent = await createAgent({ name: `drill-agent-${i}` }, TEST_ACTOR);
    keys.push((await issueApiKey({ agentId: agent.id }, TEST_ACTOR)).key);
  }
  return { keys, adminCookie: await sessionCookie(await makeUser("admin")) };
}

export type Answer = { status: number; id?: string; decision?: string; sentAt: number; answeredAt: number };

/** POST /api/v1/actions for a refund; a refused connection or a timeout is status 0. */
export const postRefund = (baseUrl: string, key: string, amount: number, idempotencyKey: string) =>
  postAction(baseUrl, key, "refund.issue", amount, idempotencyKey);

export async function postAction(baseUrl: string, key: string, type: string, amount: number, idempotencyKey: string): Promise<Answer> {
  const sentAt = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/v1/actions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ type, resource: `orders/${idempotencyKey}`, params: { amount }, idempotencyKey }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string; status?: string };
    return { status: response.status, id: body.id, decision: body.status, sentAt, answeredAt: performance.now() };
  } catch {
    return { status: 0, sentAt, answeredAt: performance.now() };
  }
}

/** Asks until answered: a 503 (or no answer) is retried with the same idempotency key, as the typed client does. */
export async function postUntilAnswered(ask: () => Promise<Answer>, attempts = 60): Promise<Answer[]> {
  const answers = [await ask()];
  while (answers.length < attempts && (answers.at(-1)!.status === 503 || answers.at(-1)!.status === 0)) {
    await sleep(200);
    answers.push(await ask());
  }
  return answers;
}

/** The built server action `module#export` (ids from the build's manifest). */
export async function serverAction(name: string): Promise<BuiltAction> {
  const { builtActions } = await import("../suites/live");
  const action = builtActions().find((a) => a.name === name);
  if (!action) throw new Error(`${name} is not in the build: run npm run build first`);
  return action;
}

type Figure = { name: string; value: string; ok: boolean; mark: string };

/** The figures of a drill: printed as a table; any that misses its mark fails the drill. */
export class Figures {
  private readonly figures: Figure[] = [];
  constructor(private readonly drill: string) {}

  add(name: string, value: number | string, ok: boolean, mark: string) {
    this.figures.push({ name, value: String(value), ok, mark });
  }

  report(): never {
    const width = Math.max(...this.figures.map((f) => f.name.length));
    console.log(`\n${this.drill}`);
    for (const f of this.figures) console.log(`  ${f.ok ? "ok  " : "MISS"} ${f.name.padEnd(width)}  ${f.value.padStart(8)}   (${f.mark})`);
    const missed = this.figures.filter((f) => !f.ok).length;
    console.log(missed ? `${this.drill}: ${missed} figure(s) missed` : `${this.drill}: every figure met`);
    process.exit(missed ? 1 : 0);
  }
}

/** Where a drill's server `name` writes its errors. */
export const serverLog = (name: string) => path.join(os.tmpdir(), `gatehouse-drill-${name}-${process.pid}.log`);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
