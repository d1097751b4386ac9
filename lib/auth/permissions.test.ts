import { describe, expect, it } from "vitest";
import { can, isRole, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

const expected: Record<Role, Permission[]> = {
  viewer: ["console:read"],
  approver: ["console:read", "approvals:decide"],
  policy_admin: ["console:read", "policies:write"],
  admin: [...PERMISSIONS],
};

describe("can", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = expected[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("lets only admins create standing approvals, not the approvers who decide one request", () => {
    expect(ROLES.filter((role) => can(role, "approvals:remember"))).toEqual(["admin"]);
    expect(can("approver", "approvals:decide")).toBe(true);
  });

  it("refuses everything without a role", () => {
    for (const permission of PERMISSIONS) expect(can(undefined, permission)).toBe(false);
  });

  it("recognises only the four roles", () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
