import { randomUUID } from "node:crypto";
import type { AuthenticatedAgent } from "../auth/agent-auth";
import { auditInsert, auditRedaction } from "../audit/service";
import type { SubmitAction } from "../contracts/actions";
import { batchTransaction, insertStatement } from "../db/batch-transaction";
import { issueDecisionToken } from "../decision-token/service";
import { engagedSwitchesQuery, SHARED_KILL_SWITCH_LOCK, type EngagedSwitch } from "../killswitch/service";
import { describeTarget } from "../killswitch/target";
import { timedEvaluation } from "../observability/decision";
import { evaluate } from "../policy/index";
import type { PolicySet } from "../policy/model";
import type { CounterRequest, CounterUsage, DecisionInput } from "../policy/types";
import { haltedDecision, statusFor, type StoredDecision } from "./present";
import { actionRecord, decisionAuditEvents, type Decided } from "./record";
import { bumpCounterStatement, inLockOrder, lockCounterStatement, usageOf } from "./store";

// The decision path in two round trips, for every decision the policy or the kill switch
// settles at once (allow, deny, halt):
//   1. BEGIN; the shared kill-switch lock; the engaged switches; each limit counter locked
//      (created if missing), in key order;
//   — the policy is evaluated here, in this process, with the locked counters' values —
//   2. the action row; its audit entries (one statement); the counter bumps; COMMIT.
// One transaction, the same guarantees as the Prisma path in service.ts. A decision that
// needs a human (require_approval) commits nothing but the counter rows it created and is
// answered by that path, which has the approvals machinery.

export type BatchDecision = {
  input: DecisionInput;
  set: PolicySet;
  version: number | null;
  counters: CounterRequest[];
  hash: string;
  now: Date;
  receivedAt: number;
};

/** The committed action and the counter values it was decided with; undefined when it needs the approvals path. */
export async function decideInBatches(agent: AuthenticatedAgent, body: SubmitAction, d: BatchDecision) {
  const redaction = await auditRedaction(); // cached after the first call; never from inside the batch
  const locked = inLockOrder(d.counters);
  let committed = () => {};
  const result = await batchTransaction(async (tx) => {
    const [, switches = [], ...counterRows] = await tx.run(
      [SHARED_KILL_SWITCH_LOCK, engagedSwitchesQuery(agent.id, body.type), ...locked.map(lockCounterStatement)].join(";\n"),
    );
    const engaged = switches[0] as EngagedSwitch | undefined;
    let usage: CounterUsage = {};
    let decision: StoredDecision;
    if (engaged) decision = haltedDecision(engaged, describeTarget(engaged), d.version);
    else {
      usage = usageOf(locked, counterRows);
      decision = { ...timedEvaluation(() => evaluate(d.set, d.input, usage)), policyVersion: d.version };
      if (decision.effect === "require_approval") return undefined;
    }
    const decided: Decided = {
      id: randomUUID(),
      status: engaged ? "halted" : statusFor(decision.effect),
      decision,
      version: d.version,
      usage: engaged ? undefined : usage,
    };
    const decisionToken =
      decided.status === "allowed"
        ? await issueDecisionToken(
            { id: decided.id, agentId: agent.id, agentName: agent.name, type: body.type, resource: body.resource, params: body.params },
            d.now,
          )
        : null;
    const action = actionRecord(agent, body, decided, {
      hash: d.hash,
      now: d.now,
      decisionToken,
      decisionSeconds: (performance.now() - d.receivedAt) / 1000,
    });
    const audit = auditInsert(decisionAuditEvents(agent, body, decided), d.now, redaction);
    const bumps = decision.effect === "deny" ? [] : d.counters.map(bumpCounterStatement);
    await tx.runAndCommit([insertStatement("actions", [action]), audit.sql, ...bumps].join(";\n"));
    committed = audit.committed;
    return { action: { ...action, outcome: null, outcomeSummary: null, actualCost: null, resultAt: null, approval: null }, usage };
  });
  committed();
  return result;
}
