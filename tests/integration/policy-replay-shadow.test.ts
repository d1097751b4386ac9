import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as replayRoute } from "@/app/api/policies/replay/route";
import { GET as shadowRoute } from "@/app/api/policies/shadow/route";
import type { StoredDecision } from "@/lib/actions/present";
import { TEST_ACTOR, makeAgentWithKey, makeUser } from "@/lib/testing/factories";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { db } from "@/lib/db/client";
import { processSlot } from "@/lib/process-singleton";
import { createDraft, saveDraft } from "@/lib/policy/draft-service";
import { evaluate } from "@/lib/policy/evaluate";
import { emptyTransitions, transitionKey } from "@/lib/policy/replay";
import { replayPolicySet } from "@/lib/policy/replay-store";
import { startShadow, stopShadow } from "@/lib/policy/shadow-service";
import { flushShadow, reloadShadow } from "@/lib/policy/shadow-store";
import { compileOrThrow, publishPolicyVersion } from "@/lib/policy/store";
import type { CounterUsage, Effect } from "@/lib/policy/types";
import { sessionCookie } from "@/lib/testing/session";
import { submitAs } from "./agent-api";
import { POLICY, draftOf } from "./policy-studio-fixtures";
import { callRoute } from "./route-call";

// Replay and shadow mode against real decisions: the replay's counts are a direct
// re-evaluation of the same rows; shadow mode never changes an outcome and is found
// again by a process that starts afresh.

const DRAFT = [{ path: "policies/studio.yaml", content: draftOf(POLICY) }];
let agent: { id: string; name: string };
let key: string;
let cookie: string;

async function refund(amount: number) {
  const res = await submitAs(key, { type: "refund.issue", resource: `orders/${amount}`, params: { amount } });
  return (await res.json()) as { id: string; status: string };
}

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/studio.yaml", content: POLICY }], "replay and shadow tests", TEST_ACTOR);
  ({ agent, key } = await makeAgentWithKey());
  cookie = await sessionCookie(await makeUser("policy_admin"));
});

afterAll(() => stopShadow(TEST_ACTOR).catch(() => undefined));

describe("replay against recorded history", () => {
  it("counts exactly what a direct re-evaluation of the same rows with their recorded usage gives, halted actions apart", async () => {
    for (const amount of [20, 40, 60, 80, 99, 120, 500]) await refund(amount);
    const { killSwitch } = await engageKillSwitch(
      { target: { scope: "agent", agentId: agent.id }, reason: "replay test", autoReject: false },
      TEST_ACTOR,
    );
    expect((await refund(70)).status).toBe("halted");
    await releaseKillSwitch({ id: killSwitch.id, reason: "done" }, TEST_ACTOR);

    const set = compileOrThrow(DRAFT);
    const report = await replayPolicySet(set, { days: 1, agent: agent.name });

    const rows = await db().action.findMany({ where: { agentId: agent.id }, include: { agent: true } });
    const direct = emptyTransitions();
    for (const row of rows.filter((r) => r.status !== "halted")) {
      const recorded = row.decision as StoredDecision;
      const usage: CounterUsage = Object.fromEntries(
        recorded.limits
          .filter((l) => l.counter)
          .map((l) => [l.counter!, l.type === "rate" ? { count: l.used!, amount: 0 } : { count: 0, amount: l.used! }]),
      );
      const input = {
        agent: { name: row.agent.name, labels: {} },
        action: { type: row.type, resource: row.resource, params: row.params as Record<string, unknown> },
        now: row.createdAt,
      };
      direct[transitionKey(row.effect as Effect, evaluate(set, input, usage).effect)]++;
    }
    expect(report.transitions).toEqual(direct);
    expect(report.total).toBe(7);
    expect(report.halted).toBe(1);
    expect(report.transitions["allow->require_approval"]).toBe(3); // 60, 80, 99
    expect(report.byRule[0]).toMatchObject({ cause: "studio-refunds/large-refunds", changed: 3 });
    expect(report.workload).toMatchObject({ before: 2, after: 5 });
  });

  it("streams progress and the result as JSON lines", async () => {
    const res = await callRoute(replayRoute, "/api/policies/replay", {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ files: DRAFT, days: 1, agent: agent.name }),
    });
    expect(res.headers.get("content-type")).toMatch(/ndjson/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    // The total is counted beside the read: the first progress line may already count some rows.
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress[0]).toMatchObject({ total: 8 });
    expect(progress.at(-1)).toEqual({ type: "progress", done: 8, total: 8 });
    expect(lines.at(-1)).toMatchObject({ type: "result", replay: { total: 7, halted: 1, changed: 3 } });
  });
});

describe("shadow mode", () => {
  it("never changes a live outcome, records the disagreement, and is found again after a restart", async () => {
    const author = await makeUser("policy_admin");
    const draft = await createDraft({ title: "threshold 50" }, author);
    await saveDraft({ id: draft.id, version: draft.version, files: DRAFT }, author);
    await startShadow(draft.id, TEST_ACTOR);

    expect((await refund(80)).status).toBe("allowed"); // the shadow set would ask a human: live is untouched
    expect((await refund(30)).status).toBe("allowed");
    await flushShadow();
    let status = await (await callRoute(shadowRoute, "/api/policies/shadow", { headers: { cookie } })).json();
    expect(status.run).toMatchObject({ running: true, label: "threshold 50", evaluated: 2, disagreements: 1 });
    expect(status.transitions).toEqual({ "allow->require_approval": 1 });
    expect(status.latest[0]).toMatchObject({
      resource: "orders/80",
      live: { effect: "allow" },
      shadow: { effect: "require_approval", rule: "studio-refunds/large-refunds" },
    });

    // A fresh process has nothing in memory: start-up reads the running shadow set back.
    processSlot("policy-shadow").set(undefined);
    await reloadShadow();
    expect((await refund(90)).status).toBe("allowed");
    await flushShadow();
    status = await (await callRoute(shadowRoute, "/api/policies/shadow", { headers: { cookie } })).json();
    expect(status.run).toMatchObject({ evaluated: 3, disagreements: 2 });

    await stopShadow(TEST_ACTOR);
    expect((await refund(95)).status).toBe("allowed");
    await flushShadow();
    const run = await db().policyShadowRun.findUniqueOrThrow({ where: { id: status.run.id } });
    expect(run.evaluated).toBe(3);
    const audit = await db().auditEntry.findMany({ where: { subjectId: run.id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.eventType)).toEqual(["policy.shadow_started", "policy.shadow_stopped"]);
  });
});
