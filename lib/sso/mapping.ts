import { ROLES, isRole, type Role } from "../auth/permissions";
import { isGroupName } from "../contracts/users";

// OIDC_ROLE_MAP and OIDC_GROUP_MAP: "idp-group=value,idp-group=value". IdP group names
// are matched exactly as the provider sends them (they may hold spaces, e.g. Okta's
// "Gatehouse Admins"); a value is split off at the last "=".

export type RoleMap = ReadonlyMap<string, Role>;
export type GroupMap = ReadonlyMap<string, string>;
export type Parsed<T> = { map: T; errors: string[] };

function parsePairs(text: string, checkValue: (value: string) => string | undefined): Parsed<Map<string, string>> {
  const map = new Map<string, string>();
  const errors: string[] = [];
  for (const entry of text
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf("=");
    const key = entry.slice(0, Math.max(at, 0)).trim();
    const value = entry.slice(at + 1).trim();
    if (at < 0 || !key || !value) errors.push(`"${entry}" is not idp-group=value`);
    else if (map.has(key)) errors.push(`"${key}" is mapped twice`);
    else {
      const problem = checkValue(value);
      if (problem) errors.push(problem);
      else map.set(key, value);
    }
  }
  if (!errors.length && !map.size) errors.push("names no group");
  return { map, errors };
}

export function parseRoleMap(text: string): Parsed<RoleMap> {
  const { map, errors } = parsePairs(text, (v) => (isRole(v) ? undefined : `"${v}" is not a role (${ROLES.join(", ")})`));
  return { map: map as Map<string, Role>, errors };
}

export function parseGroupMap(text: string): Parsed<GroupMap> {
  return parsePairs(text, (v) =>
    isGroupName(v) ? undefined : `"${v}" is not an approver group name (lower-case letters, digits, ".", "_" or "-", e.g. finance)`,
  );
}

/** The highest role any of the user's IdP groups maps to, or null when none does. */
export function roleFromGroups(idpGroups: readonly string[], roleMap: RoleMap): Role | null {
  let best: Role | null = null;
  for (const group of idpGroups) {
    const role = roleMap.get(group);
    if (role && (!best || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}

/**
 * Approver groups after a sign-in: the groups the map manages follow the IdP (added or
 * removed); groups it does not name stay as an admin set them. Sorted, like GroupsSchema.
 */
export function approverGroupsFromIdp(current: readonly string[], idpGroups: readonly string[], groupMap: GroupMap): string[] {
  const managed = new Set(groupMap.values());
  const granted = idpGroups.flatMap((g) => (groupMap.has(g) ? [groupMap.get(g)!] : []));
  return [...new Set([...current.filter((g) => !managed.has(g)), ...granted])].sort();
}
