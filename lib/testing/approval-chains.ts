import type { ApprovalChainSpec, ApprovalStepSpec } from "../policy/types";

// Builders for approval chains in unit tests: one approver step of 10 minutes that denies
// on timeout, in a one-hour chain, unless a test says otherwise.

export const step = (over: Partial<ApprovalStepSpec> = {}): ApprovalStepSpec => ({
  approvers: { roles: ["approver"], users: [], groups: [] },
  quorum: 1,
  timeoutSeconds: 600,
  onTimeout: "deny",
  ...over,
});

export const chain = (steps: ApprovalStepSpec[], over: Partial<ApprovalChainSpec> = {}): ApprovalChainSpec => ({
  steps,
  expiresInSeconds: 3600,
  barOwner: false,
  ...over,
});
