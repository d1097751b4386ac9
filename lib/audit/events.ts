import type { Effect } from "../policy/types";

// Every audit event type Gatehouse writes, with the decision label its entries carry
// (the audit search's `decision` filter). A label is fixed by the type, so an auditor's
// "decision=deny" finds exactly the denials, whatever the path that wrote the entry:
//   allow / deny — the event is itself an allow or a deny of an agent's action;
//   "effect"     — the policy's effect for the action (allow, deny or require_approval);
//   null         — the event decides no action (a vote, a sign-in, an agent created…).
// `AuditEvent.type` is typed by this table, so a writer cannot emit a type missing here.

export type DecisionLabel = Effect;
type Labelling = DecisionLabel | "effect" | null;

export const AUDIT_EVENTS = {
  // the decision path
  "action.submitted": { decision: null, about: "an agent asked to act (its request, as sent)" },
  "policy.evaluated": { decision: "effect", about: "the policy's decision on the action" },
  "action.halted": { decision: "deny", about: "the kill switch refused the action" },
  "action.result": { decision: null, about: "the agent reported the outcome and actual cost" },
  "action.cost_reconciled": { decision: null, about: "the budget counters moved by actual minus declared cost" },
  "standing_approval.used": { decision: "allow", about: "a standing approval allowed the action without a vote" },
  // approvals
  "approval.voted": { decision: null, about: "an approver voted on a step" },
  "approval.step_approved": { decision: "allow", about: "a step of the chain reached its quorum (or approved on timeout)" },
  "approval.escalated": { decision: null, about: "a step timed out and escalated" },
  "approval.timed_out": { decision: null, about: "a step timed out (what followed is its own entry)" },
  "approval.approved": { decision: "allow", about: "the whole chain approved: the action is allowed" },
  "approval.rejected": { decision: "deny", about: "an approver rejected, or a step timed out to deny" },
  "approval.expired": { decision: "deny", about: "the request expired undecided (fail safe)" },
  "approval.cancelled": { decision: "deny", about: "the request was cancelled (kill switch, or an operator)" },
  "standing_approval.created": { decision: null, about: "an approver created a standing approval" },
  "standing_approval.revoked": { decision: null, about: "a standing approval was revoked" },
  // kill switch
  "killswitch.engaged": { decision: null, about: "the kill switch was engaged" },
  "killswitch.released": { decision: null, about: "the kill switch was released" },
  // agents and keys
  "agent.created": { decision: null, about: "an agent was registered" },
  "agent.disabled": { decision: null, about: "an agent was disabled" },
  "agent.enabled": { decision: null, about: "an agent was enabled again" },
  "api_key.created": { decision: null, about: "an API key was issued" },
  "api_key.revoked": { decision: null, about: "an API key was revoked" },
  "delivery.retried": { decision: null, about: "an operator retried a callback delivery" },
  // people, sign-in and single sign-on
  "user.created": { decision: null, about: "a user was created (by an admin or by single sign-on)" },
  "user.role_changed": { decision: null, about: "a user's role changed" },
  "user.role_pinned": { decision: null, about: "a user's role was pinned against the provider's" },
  "user.role_unpinned": { decision: null, about: "a user's role follows the provider again" },
  "user.groups_changed": { decision: null, about: "a user's approver groups changed" },
  "user.disabled": { decision: null, about: "a user was disabled" },
  "user.enabled": { decision: null, about: "a user was enabled again" },
  "user.signed_in": { decision: null, about: "a user signed in" },
  "user.sign_in_failed": { decision: null, about: "a sign-in was refused" },
  "user.sign_in_throttled": { decision: null, about: "sign-ins for an e-mail were throttled" },
  "user.sign_in_locked": { decision: null, about: "an account was locked after failed sign-ins" },
  "user.identity_linked": { decision: null, about: "a provider identity was linked to a user" },
  "user.identity_unlinked": { decision: null, about: "a provider identity was unlinked" },
  // the policy studio
  "policy.published": { decision: null, about: "a policy set was published" },
  "policy.emergency_published": { decision: null, about: "a policy set was published without review (emergency)" },
  "policy.rolled_back": { decision: null, about: "an earlier policy set was published again" },
  "policy.draft_created": { decision: null, about: "a policy draft was created" },
  "policy.draft_discarded": { decision: null, about: "a policy draft was discarded" },
  "policy.draft_rebased": { decision: null, about: "a policy draft was rebased on the live set" },
  "policy.shadow_started": { decision: null, about: "a draft started shadowing live decisions" },
  "policy.shadow_stopped": { decision: null, about: "a shadow run stopped" },
  "policy.review_setting_changed": { decision: null, about: "the two-person review setting changed" },
  "policy.change_requested": { decision: null, about: "a policy change was proposed for review" },
  "policy.change_approved": { decision: null, about: "a policy change was approved (and published)" },
  "policy.change_rejected": { decision: null, about: "a policy change was rejected" },
  "policy.change_expired": { decision: null, about: "a policy change expired unreviewed" },
  // operations
  "signing_key.rotated": { decision: null, about: "an audit or decision signing key was rotated" },
  "data.retention_applied": { decision: null, about: "a retention run removed data older than its period" },
  "data.erased": { decision: null, about: "a data subject's values were erased (GDPR Art. 17)" },
  "evidence.bundle_created": { decision: null, about: "an evidence bundle's manifest was recorded" },
} as const satisfies Record<string, { decision: Labelling; about: string }>;

export type AuditEventType = keyof typeof AUDIT_EVENTS;

/** The types whose label is the policy's effect: their writer passes that effect. */
export type EffectLabelledType = {
  [K in AuditEventType]: (typeof AUDIT_EVENTS)[K]["decision"] extends "effect" ? K : never;
}[AuditEventType];

export const auditEventTypes = Object.keys(AUDIT_EVENTS) as AuditEventType[];

export const isAuditEventType = (type: string): type is AuditEventType => Object.hasOwn(AUDIT_EVENTS, type);

/** The decision label an entry of this type carries. */
export function decisionLabel(type: AuditEventType, effect?: Effect): DecisionLabel | null {
  const label: Labelling = AUDIT_EVENTS[type].decision;
  if (label !== "effect") return label;
  if (!effect) throw new TypeError(`audit event ${type} is labelled by the policy's effect, and none was given`);
  return effect;
}
