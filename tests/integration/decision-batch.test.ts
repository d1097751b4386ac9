import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { publishPolicyVersion } from "@/lib/policy/store";
import { makeAgentWithKey, TEST_ACTOR, uniq } from "@/lib/testing/factories";
import { submitAs } from "./agent-api";

// The batch path (lib/actions/decide-batch.ts) sends a decision's writes as one
// multi-statement batch ending in COMMIT: a statement that fails part-way must leave
// nothing of the decision behind, and the connection must serve the next one.

const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: decision-batch-test
spec:
  agents:
    names: ["*"]
  rules:
    - id: pings
      match: { actions: ["ping.rate"] }
      effect: allow
  limits:
    - id: ping-rate
      type: rate
      match: { actions: ["ping.rate"] }
      max: 10
      window: 1h
      per: agent
`;

beforeAll(async () => {
  await publishPolicyVersion([{ path: "policies/decision-batch-test.yaml", content: POLICY }], "batch path tests", TEST_ACTOR);
});

/** Adds a CHECK constraint (not checked against existing rows) for the length of `fn`. */
async function withConstraint(table: string, check: string, fn: () => Promise<void>) {
  const name = `test_${uniq("poison").replace("-", "_")}`;
  await db().$executeRawUnsafe(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`);
  try {
    await fn();
  } finally {
    await db().$executeRawUnsafe(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
  }
}

async function leftBehind(agentId: string, agentName: string) {
  const [counters] = await db().$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM limit_counters WHERE key LIKE ${`%${agentName}%`}`;
  return {
    actions: await db().action.count({ where: { agentId } }),
    auditEntries: await db().auditEntry.count({ where: { agentId, subjectType: "action" } }),
    counters: counters!.n,
  };
}

describe("a decision that fails part-way through its batch", () => {
  it("leaves no action, audit entry or counter when the last statement (the counter bump) is refused", async () => {
    const { agent, key } = await makeAgentWithKey();
    await withConstraint("limit_counters", `key NOT LIKE '%${agent.name}%' OR count = 0`, async () => {
      const res = await submitAs(key, { type: "ping.rate", resource: "x" });
      expect(res.status).toBe(500);
    });
    expect(await leftBehind(agent.id, agent.name)).toEqual({ actions: 0, auditEntries: 0, counters: 0 });
    // The next decision starts from a clean slate, on a connection that still works.
    const next = await submitAs(key, { type: "ping.rate", resource: "x" });
    expect((await next.json()).status).toBe("allowed");
    expect(await leftBehind(agent.id, agent.name)).toEqual({ actions: 1, auditEntries: 2, counters: 1 });
    const [counter] = await db().$queryRaw<{ count: number }[]>`SELECT count FROM limit_counters WHERE key LIKE ${`%${agent.name}%`}`;
    expect(counter!.count).toBe(1);
  });

  it("leaves no action when its audit entries cannot be stored", async () => {
    const { agent, key } = await makeAgentWithKey();
    const marker = uniq("unstorable");
    await withConstraint("audit_entries", `content::text NOT LIKE '%${marker}%'`, async () => {
      const res = await submitAs(key, { type: "ping.rate", resource: marker });
      expect(res.status).toBe(500);
      expect((await res.json()).error.message).not.toContain(marker); // no SQL or values in the answer
    });
    expect(await leftBehind(agent.id, agent.name)).toEqual({ actions: 0, auditEntries: 0, counters: 0 });
  });

  it("stores values that need escaping exactly as sent", async () => {
    const { key } = await makeAgentWithKey();
    const tricky = `o'brien\\"; DROP TABLE actions; -- ü 💥 $1 $$`;
    const res = await submitAs(key, { type: "ping.rate", resource: tricky, params: { note: tricky, n: -1.5e-7 } });
    const body = await res.json();
    expect(body.status).toBe("allowed");
    const stored = await db().action.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored.resource).toBe(tricky);
    expect(stored.params).toEqual({ note: tricky, n: -1.5e-7 });
  });
});
