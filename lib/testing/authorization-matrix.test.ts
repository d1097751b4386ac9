import { describe, expect, it } from "vitest";
import { routeFiles, serverActionModules, servedMethods } from "./app-surface";
import { ACTION_RULES, CALLERS, expected, ROUTE_RULES } from "./authorization-matrix";

// The matrix covers the surface the file system declares, and nothing that is not there:
// a new route, method or server action without a row fails here.

async function servedEndpoints() {
  const endpoints: string[] = [];
  for (const { file, urlPath } of routeFiles()) {
    const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const { method, kind } of servedMethods(routeModule)) if (kind !== "method-not-allowed") endpoints.push(`${method} ${urlPath}`);
  }
  return endpoints.sort();
}

const serverActions = () => serverActionModules().flatMap(({ name, exports }) => exports.map((exported) => `${name}#${exported}`));

describe("authorization matrix", () => {
  it("has a row for every route and method served, and no row for anything else", { timeout: 60_000 }, async () => {
    const served = await servedEndpoints();
    expect(served.length).toBeGreaterThan(40);
    expect(
      served.filter((endpoint) => !ROUTE_RULES[endpoint]),
      "routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_RULES).filter((endpoint) => !served.includes(endpoint)),
      "rows without a route",
    ).toEqual([]);
  });

  it("has a row for every server action, and no row for anything else", () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(20);
    expect(
      actions.filter((action) => !ACTION_RULES[action]),
      "server actions without a row",
    ).toEqual([]);
    expect(
      Object.keys(ACTION_RULES).filter((action) => !actions.includes(action)),
      "rows without a server action",
    ).toEqual([]);
  });

  it("refuses every caller that is not authenticated, and lets no key into the console", () => {
    for (const rule of [...Object.values(ROUTE_RULES), ...Object.values(ACTION_RULES)]) {
      if (rule.public || rule.notFound) continue;
      for (const caller of ["anonymous", "disabled_user", "revoked_key", "expired_key"] as const) expect(expected(rule, caller)).toBe(401);
    }
    for (const rule of Object.values(ACTION_RULES).filter((r) => !r.public)) {
      for (const caller of CALLERS.filter((c) => c.startsWith("key:"))) expect(expected(rule, caller)).toBe(401);
    }
  });
});
