import { describe, expect, it } from "vitest";
import { approverGroupsFromIdp, parseGroupMap, parseRoleMap, roleFromGroups } from "./mapping";

describe("OIDC_ROLE_MAP and OIDC_GROUP_MAP", () => {
  it("parses idp-group=value pairs, keeping IdP group names as sent (spaces, slashes, '=')", () => {
    const { map, errors } = parseRoleMap(" gatehouse-admins=admin, Gatehouse Policy = policy_admin,/ops/approvers=approver,a=b=viewer ");
    expect(errors).toEqual([]);
    expect([...map]).toEqual([
      ["gatehouse-admins", "admin"],
      ["Gatehouse Policy", "policy_admin"],
      ["/ops/approvers", "approver"],
      ["a=b", "viewer"],
    ]);
  });

  it("names each bad entry", () => {
    expect(parseRoleMap("admins=root,=admin,approvers,x=viewer,x=admin").errors).toEqual([
      '"root" is not a role (viewer, approver, policy_admin, admin)',
      '"=admin" is not idp-group=value',
      '"approvers" is not idp-group=value',
      '"x" is mapped twice',
    ]);
    expect(parseRoleMap(" , ").errors).toEqual(["names no group"]);
    expect(parseGroupMap("finance-team=Finance Team").errors).toEqual([
      '"Finance Team" is not an approver group name (lower-case letters, digits, ".", "_" or "-", e.g. finance)',
    ]);
    expect([...parseGroupMap("finance-team=finance,Treasury=finance").map.values()]).toEqual(["finance", "finance"]);
  });

  it("gives the highest role any of the user's groups maps to", () => {
    const { map } = parseRoleMap("viewers=viewer,approvers=approver,policy=policy_admin,admins=admin");
    expect(roleFromGroups(["viewers", "admins", "approvers"], map)).toBe("admin");
    expect(roleFromGroups(["approvers", "policy"], map)).toBe("policy_admin");
    expect(roleFromGroups(["approvers", "unrelated"], map)).toBe("approver");
    expect(roleFromGroups(["unrelated"], map)).toBeNull();
    expect(roleFromGroups([], map)).toBeNull();
  });

  it("lets the IdP add and remove only the approver groups the map names", () => {
    const { map } = parseGroupMap("finance-team=finance,ops-oncall=ops");
    expect(approverGroupsFromIdp(["legal"], ["finance-team", "other"], map)).toEqual(["finance", "legal"]);
    expect(approverGroupsFromIdp(["finance", "legal", "ops"], ["ops-oncall"], map)).toEqual(["legal", "ops"]);
    expect(approverGroupsFromIdp(["finance"], [], map)).toEqual([]);
  });
});
