import { expect, it } from "vitest";
import { labelsFor, metrics } from "./metrics";

// Read when the registry is first made: with it on, decisions, cost and results carry the agent.
process.env.GATEHOUSE_METRICS_PER_AGENT = "true";

it("labels decisions, cost and results with the agent only when GATEHOUSE_METRICS_PER_AGENT is on", async () => {
  const m = metrics();
  expect(m.perAgent).toBe(true);
  m.decisions.inc(labelsFor({ effect: "allow", status: "allowed" }, "support-bot"));
  m.approvals.inc({ outcome: "approved" });
  const text = await m.registry.metrics();
  expect(text).toContain('gatehouse_decisions_total{effect="allow",status="allowed",agent="support-bot"} 1');
  expect(text).toContain('gatehouse_approvals_total{outcome="approved"} 1');
  expect(text).toMatch(/^gatehouse_build_info\{version="\d+\.\d+\.\d+"\} 1$/m);
});
