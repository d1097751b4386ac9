import type { AuthenticatedAgent } from "../auth/agent-auth";
import { agentActor, systemActor, type AuditEvent } from "../audit/entry";
import { standingApprovalUsed, type MatchedStanding } from "../approvals/standing";
import type { SubmitAction } from "../contracts/actions";
import type { CounterUsage } from "../policy/types";
import type { StoredDecision } from "./present";

// What a decision writes, built once for both ways of writing it (the batch path in
// decide-batch.ts and the Prisma transaction in service.ts): the action row and its audit
// entries. Pure: the id, times and token are passed in.

export type Decided = {
  id: string;
  status: "allowed" | "denied" | "pending" | "halted";
  decision: StoredDecision;
  version: number | null;
  standing?: MatchedStanding;
  /** The counter values the policy read (none when the kill switch halted it): a replay decides again with exactly these. */
  usage?: CounterUsage;
};

/** The action row, by the Prisma model's field names. */
export function actionRecord(
  agent: AuthenticatedAgent,
  body: SubmitAction,
  { id, status, decision, version, standing, usage }: Decided,
  written: { hash: string; now: Date; decisionToken: string | null; decisionSeconds: number },
) {
  const { approval, ...stored } = decision;
  return {
    id,
    agentId: agent.id,
    type: body.type,
    resource: body.resource,
    params: body.params as object,
    costAmount: body.cost?.amount,
    costCurrency: body.cost?.currency,
    impactRecords: body.impact?.records,
    impactAmount: body.impact?.amount,
    context: body.context as object | undefined,
    idempotencyKey: body.idempotencyKey,
    requestHash: written.hash,
    callbackUrl: body.callbackUrl,
    status,
    effect: standing ? ("require_approval" as const) : decision.effect, // what the policy said, before any (standing) approval
    decision: { ...stored, ...(approval ? { approval } : {}) } as object,
    counterUsage: usage as object | undefined,
    policyVersion: version,
    createdAt: written.now,
    decidedAt: status === "pending" ? null : written.now,
    decisionToken: written.decisionToken,
    decisionSeconds: written.decisionSeconds,
  };
}

/** The decision's audit entries: what was submitted, what the policy (or the kill switch) said, and any standing approval used. */
export function decisionAuditEvents(
  agent: AuthenticatedAgent,
  body: SubmitAction,
  { id, status, decision, version, standing }: Decided,
): AuditEvent[] {
  const subject = { type: "action", id };
  return [
    {
      type: "action.submitted",
      actor: agentActor(agent),
      subject,
      agentId: agent.id,
      data: {
        type: body.type,
        resource: body.resource,
        params: body.params,
        cost: body.cost ?? null,
        impact: body.impact ?? null,
        context: body.context ?? null,
        keyPrefix: agent.keyPrefix,
      },
    },
    {
      ...(status === "halted" ? { type: "action.halted" as const } : { type: "policy.evaluated" as const, effect: decision.effect }),
      actor: systemActor("policy-engine"),
      subject,
      agentId: agent.id,
      data: {
        status,
        policyVersion: version,
        policy: decision.policy,
        rule: decision.rule,
        reasons: decision.reasons,
        limits: decision.limits,
      },
    },
    ...(standing ? [standingApprovalUsed(standing, { id, agentId: agent.id, type: body.type })] : []),
  ];
}
