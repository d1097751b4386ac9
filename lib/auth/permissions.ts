// One permission check, used by the server to refuse and by the UI to hide.

export const ROLES = ["viewer", "approver", "policy_admin", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer",
  approver: "Approver",
  policy_admin: "Policy admin",
  admin: "Admin",
};

export const PERMISSIONS = [
  "console:read", // actions, audit, policies, agents, dashboards, kill switch state
  "approvals:decide",
  // "Approve and remember": a standing approval decides future actions in advance, so it
  // is wider than one vote. Admins only by default; a deployment that wants approvers to
  // remember grants it to that role here (policies cannot widen it).
  "approvals:remember",
  "policies:write",
  // Governs policy publishing itself: the "review required" setting, and publishing
  // without review in an emergency. Admins only.
  "policies:configure",
  "agents:manage", // register agents, issue and revoke API keys
  "killswitch:operate",
  "users:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["console:read"],
  approver: ["console:read", "approvals:decide"],
  policy_admin: ["console:read", "policies:write"],
  admin: PERMISSIONS,
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? GRANTS[role].includes(permission) : false;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
