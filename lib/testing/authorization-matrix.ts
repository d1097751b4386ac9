import type { ApiKeyScope } from "../auth/api-key-scopes";
import type { Role } from "../auth/permissions";

// Who may do what: one row per route and method, and per server action. This table is the
// specification, written by hand; it is not derived from the code it checks.
// lib/testing/authorization-matrix.test.ts fails when a route, method or server action
// found on the file system has no row, and `npm run test:matrix` (scripts/suites/matrix.ts)
// checks every cell against a running server.

/** Everyone the matrix asks on behalf of. */
export const CALLERS = [
  "anonymous",
  "viewer",
  "approver",
  "policy_admin",
  "admin",
  "disabled_user",
  "key:actions:write",
  "key:actions:read",
  "key:audit:read",
  "key:all-but-actions:write",
  "key:all-but-actions:read",
  "key:all-but-audit:read",
  "revoked_key",
  "expired_key",
] as const;
export type Caller = (typeof CALLERS)[number];

/** The scopes of each key caller (a revoked or expired key carries every scope: it must still fail). */
export const KEY_SCOPES: Partial<Record<Caller, ApiKeyScope[]>> = {
  "key:actions:write": ["actions:write"],
  "key:actions:read": ["actions:read"],
  "key:audit:read": ["audit:read"],
  "key:all-but-actions:write": ["actions:read", "audit:read"],
  "key:all-but-actions:read": ["actions:write", "audit:read"],
  "key:all-but-audit:read": ["actions:write", "actions:read"],
  revoked_key: ["actions:write", "actions:read", "audit:read"],
  expired_key: ["actions:write", "actions:read", "audit:read"],
};

export const SESSION_ROLES: Partial<Record<Caller, Role>> = {
  viewer: "viewer",
  approver: "approver",
  policy_admin: "policy_admin",
  admin: "admin",
  disabled_user: "admin", // an admin whose account was disabled after signing in
};

/**
 * A row: `public` answers anyone; otherwise the roles whose session may call, and the scope an
 * agent key needs ("any" for any live key). `notFound`: nobody is served (the JSON 404 of unknown paths).
 */
export type Rule = { public?: true; notFound?: true; roles?: readonly Role[]; key?: ApiKeyScope | "any" };

const everyone: Rule = { public: true };
const signedIn: Rule = { roles: ["viewer", "approver", "policy_admin", "admin"] };
const policyWriters: Rule = { roles: ["policy_admin", "admin"] };
const approvers: Rule = { roles: ["approver", "admin"] };
const admins: Rule = { roles: ["admin"] };
const agentKey = (scope: ApiKeyScope | "any"): Rule => ({ key: scope });
/** Auditors: anyone signed in, and a SIEM's key with audit:read (and nothing else of the agent API). */
const auditReaders: Rule = { ...signedIn, key: "audit:read" };

/** "METHOD /path" (the operation's path, `{…}` for parameters) → who may call. */
export const ROUTE_RULES: Record<string, Rule> = {
  // The agent API
  "POST /api/v1/actions": agentKey("actions:write"),
  "GET /api/v1/actions/{id}": agentKey("actions:read"),
  "POST /api/v1/actions/{id}/result": agentKey("actions:write"),
  "GET /api/v1/status": agentKey("any"),
  "GET /api/v1/whoami": agentKey("any"),
  "GET /api/v1/keys": everyone, // the public keys that verify decision tokens
  "GET /api/v1/openapi.json": everyone,
  // The audit trail
  "GET /api/v1/audit": auditReaders,
  "GET /api/v1/audit/export": auditReaders,
  "GET /api/v1/audit/evidence": auditReaders,
  "GET /api/v1/audit/checkpoint": auditReaders,
  "GET /api/v1/audit/entries/{seq}/proof": auditReaders,
  "GET /api/v1/audit/consistency": auditReaders,
  "POST /api/v1/audit/verify": signedIn,
  // Agents and keys
  "GET /api/agents": signedIn,
  "POST /api/agents": admins,
  "POST /api/agents/{id}/keys": admins,
  "DELETE /api/keys/{id}": admins,
  // Approvals
  "GET /api/inbox": approvers,
  "GET /api/inbox/{id}": signedIn,
  "GET /api/inbox/history": signedIn,
  // Policies
  "POST /api/policies/check": signedIn,
  "GET /api/policies/versions": signedIn,
  "GET /api/policies/versions/{version}": signedIn,
  "GET /api/policies/diff": signedIn,
  "POST /api/policies/publish": policyWriters,
  "POST /api/policies/rollback": policyWriters,
  "GET /api/policies/settings": signedIn,
  "PUT /api/policies/settings": admins,
  "GET /api/policies/drafts": signedIn,
  "POST /api/policies/drafts": policyWriters,
  "GET /api/policies/drafts/{id}": signedIn,
  "PUT /api/policies/drafts/{id}": policyWriters,
  "DELETE /api/policies/drafts/{id}": policyWriters,
  "GET /api/policies/drafts/{id}/diff": signedIn,
  "POST /api/policies/drafts/{id}/rebase": policyWriters,
  "POST /api/policies/drafts/{id}/publish": policyWriters,
  "POST /api/policies/replay": policyWriters,
  "GET /api/policies/shadow": signedIn,
  "POST /api/policies/shadow": policyWriters,
  "DELETE /api/policies/shadow": policyWriters,
  "GET /api/policies/changes": policyWriters,
  "GET /api/policies/changes/{id}": signedIn,
  "POST /api/policies/changes/{id}/review": policyWriters,
  // The console's plumbing
  "GET /api/dashboard": signedIn,
  "GET /api/events": signedIn,
  "GET /api/health": everyone,
  "GET /api/ready": everyone,
  "GET /api/metrics": everyone, // from loopback, where the matrix runs; elsewhere it needs GATEHOUSE_METRICS_TOKEN
  "GET /api/auth/{...nextauth}": everyone,
  "POST /api/auth/{...nextauth}": everyone,
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [`${method} /api/{...unknown}`, { notFound: true }]),
  ),
};

/** "module#export" → who may call the server action. */
export const ACTION_RULES: Record<string, Rule> = {
  "app/(auth)/actions.ts#providerSignOutUrl": everyone, // answers null without a session
  "app/(console)/agents/actions.ts#createAgentAction": admins,
  "app/(console)/agents/actions.ts#issueKeyAction": admins,
  "app/(console)/agents/actions.ts#revokeKeyAction": admins,
  "app/(console)/agents/actions.ts#setAgentStatusAction": admins,
  "app/(console)/agents/actions.ts#redeliverAction": admins,
  "app/(console)/inbox/actions.ts#decideAction": approvers,
  "app/(console)/inbox/actions.ts#bulkDecideAction": approvers,
  "app/(console)/inbox/actions.ts#reviewPolicyChangeAction": policyWriters,
  "app/(console)/kill-switch/actions.ts#engageAction": admins,
  "app/(console)/kill-switch/actions.ts#releaseAction": admins,
  "app/(console)/policies/actions.ts#revokeStandingApprovalAction": admins,
  "app/(console)/policies/actions.ts#createDraftAction": policyWriters,
  "app/(console)/policies/actions.ts#saveDraftAction": policyWriters,
  "app/(console)/policies/actions.ts#discardDraftAction": policyWriters,
  "app/(console)/policies/actions.ts#rebaseDraftAction": policyWriters,
  "app/(console)/policies/actions.ts#publishDraftAction": policyWriters,
  "app/(console)/policies/actions.ts#rollbackAction": policyWriters,
  "app/(console)/policies/actions.ts#startShadowAction": policyWriters,
  "app/(console)/policies/actions.ts#stopShadowAction": policyWriters,
  "app/(console)/policies/actions.ts#setReviewAction": admins,
  "app/(console)/users/actions.ts#createUserAction": admins,
  "app/(console)/users/actions.ts#changeRoleAction": admins,
  "app/(console)/users/actions.ts#setRolePinnedAction": admins,
  "app/(console)/users/actions.ts#setUserDisabledAction": admins,
  "app/(console)/users/actions.ts#setUserGroupsAction": admins,
  "app/(console)/users/actions.ts#linkIdentityAction": admins,
  "app/(console)/users/actions.ts#unlinkIdentityAction": admins,
};

/** What a caller gets: served ("allow"), 401 (not authenticated for this), 403 (authenticated, not permitted), 404. */
export type Expected = "allow" | 401 | 403 | 404;

/**
 * The cell of `rule` for `caller`. Denials: a caller the route can authenticate (a live session where
 * sessions count, a live key where keys count) is refused with 403; anyone else with 401.
 */
export function expected(rule: Rule, caller: Caller): Expected {
  if (rule.notFound) return 404;
  if (rule.public) return "allow";
  const role = caller === "disabled_user" ? undefined : SESSION_ROLES[caller];
  if (role) return rule.roles?.includes(role) ? "allow" : rule.roles ? 403 : 401;
  const scopes = caller === "revoked_key" || caller === "expired_key" ? undefined : KEY_SCOPES[caller];
  if (scopes) {
    if (!rule.key) return 401;
    return rule.key === "any" || scopes.includes(rule.key) ? "allow" : 403;
  }
  return 401;
}
