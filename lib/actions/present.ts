import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { ActionResponse, SubmitAction } from "../contracts/actions";
import type { Decision, DecisionInput, Reason } from "../policy/types";

// Pure pieces of the decision path: what the policy is asked, how a decision maps to
// an action's status, and what the agent gets back.

export type StoredDecision = Decision & { policyVersion: number | null };

export function decisionInput(
  agent: { id: string; name: string; labels: Record<string, string> },
  body: SubmitAction,
  now: Date,
): DecisionInput {
  return {
    agent: { id: agent.id, name: agent.name, labels: agent.labels },
    action: {
      type: body.type,
      resource: body.resource,
      params: body.params,
      cost: body.cost,
      impact: body.impact,
      context: body.context,
    },
    now,
  };
}

/** Identifies a request's content, so a reused idempotency key with a different request is caught. */
export function requestHash(body: SubmitAction): string {
  const { idempotencyKey: _key, ...content } = body;
  return createHash("sha256")
    .update(canonicalize(content) ?? "")
    .digest("hex");
}

/**
 * `params.amount` when the agent sent a plain number: policies often decide on it (a
 * refund's size), so a cap on "the amount" must hold it too, not only the declared cost.
 */
export function paramsAmount(params: unknown): number | null {
  const amount = (params as { amount?: unknown } | null)?.amount;
  return typeof amount === "number" && Number.isFinite(amount) ? amount : null;
}

export const statusFor = (effect: Decision["effect"]) => (effect === "allow" ? "allowed" : effect === "deny" ? "denied" : "pending");

export function haltedDecision(engaged: { id: string; reason: string }, label: string, policyVersion: number | null): StoredDecision {
  const reason: Reason = {
    kind: "kill_switch",
    policy: null,
    id: engaged.id,
    effect: "deny",
    message: `halted by the kill switch for ${label}: ${engaged.reason}`,
  };
  return { effect: "deny", policy: null, rule: null, reasons: [reason], limits: [], policyVersion };
}

type ActionRow = {
  id: string;
  type: string;
  resource: string;
  status: ActionResponse["status"];
  decision: unknown;
  createdAt: Date;
  decidedAt: Date | null;
  outcome: "succeeded" | "failed" | null;
  outcomeSummary: string | null;
  actualCost: { toNumber(): number } | null;
  resultAt: Date | null;
  decisionToken: string | null;
  approval?: { id: string; status: NonNullable<ActionResponse["approval"]>["status"]; expiresAt: Date } | null;
};

export function toActionResponse(row: ActionRow): ActionResponse {
  const decision = row.decision && Object.keys(row.decision).length ? (row.decision as ActionResponse["decision"]) : null;
  return {
    id: row.id,
    status: row.status,
    type: row.type,
    resource: row.resource,
    decision,
    reasons: decision?.reasons ?? [],
    ...(row.approval
      ? { approval: { id: row.approval.id, status: row.approval.status, expiresAt: row.approval.expiresAt.toISOString() } }
      : {}),
    outcome:
      row.outcome && row.resultAt
        ? {
            outcome: row.outcome,
            summary: row.outcomeSummary,
            actualCost: row.actualCost?.toNumber() ?? null,
            at: row.resultAt.toISOString(),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionToken: row.decisionToken,
  };
}
