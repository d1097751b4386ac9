import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { exposedNames, metricNames } from "../lib/observability/promql-names";
import { registerAgent } from "./helpers";

// /api/metrics of the running server, as Prometheus scrapes it from this machine (the e2e
// server sets no GATEHOUSE_METRICS_TOKEN, so loopback clients are served; the token is
// covered by tests/integration/metrics.test.ts).

const OPS = path.resolve(import.meta.dirname, "..", "ops");
/** Series Prometheus makes itself rather than scraping them. */
const SYNTHETIC = new Set(["up"]);

type Dashboard = {
  panels: { targets?: { expr?: string }[]; panels?: Dashboard["panels"] }[];
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
};

/** Every PromQL expression of the shipped Grafana dashboards (panels and query variables) and alert rules. */
function shippedExpressions(): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const dashboards = path.join(OPS, "grafana", "dashboards");
  for (const file of readdirSync(dashboards).filter((f) => f.endsWith(".json"))) {
    const dashboard = JSON.parse(readFileSync(path.join(dashboards, file), "utf8")) as Dashboard;
    const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const [i, p] of panels.entries())
      for (const t of p.targets ?? []) if (t.expr) found.push({ where: `${file} panel ${i}`, expr: t.expr });
    for (const v of dashboard.templating.list.filter((v) => v.type === "query"))
      found.push({ where: `${file} $${v.name}`, expr: typeof v.query === "string" ? v.query : v.query.query });
  }
  const rules = parse(readFileSync(path.join(OPS, "prometheus", "alerts.yml"), "utf8")) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  for (const group of rules.groups) for (const rule of group.rules) found.push({ where: `alerts.yml ${rule.alert}`, expr: rule.expr });
  return found;
}

const sumOf = (body: string, name: string) =>
  body
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);

test("every PromQL expression in the Grafana dashboards and the alert rules names only metrics /api/metrics exposes", async ({
  request,
}) => {
  const res = await request.get("/api/metrics");
  expect(res.status()).toBe(200);
  const exposed = exposedNames(await res.text());
  const expressions = shippedExpressions();
  expect(expressions.length).toBeGreaterThan(40);
  const unknown = expressions.flatMap(({ where, expr }) =>
    metricNames(expr)
      .filter((n) => !exposed.has(n) && !SYNTHETIC.has(n))
      .map((n) => `${where}: ${n}`),
  );
  expect(unknown).toEqual([]);
});

test("after N decisions, gatehouse_decisions_total has grown by N over its labels", async ({ page, request }) => {
  const { key } = await registerAgent(page.request, "support-metrics");
  const before = sumOf(await (await request.get("/api/metrics")).text(), "gatehouse_decisions_total");
  const N = 5;
  for (let i = 0; i < N; i++) {
    const res = await request.post("/api/v1/actions", {
      headers: { authorization: `Bearer ${key}` },
      data: { type: i % 2 ? "customer.delete" : "ticket.reply", resource: i % 2 ? "customers/1" : "tickets/1" },
    });
    expect(res.status()).toBe(201);
  }
  const after = await (await request.get("/api/metrics")).text();
  expect(sumOf(after, "gatehouse_decisions_total") - before).toBe(N);
  expect(after).toMatch(/^gatehouse_decisions_total\{effect="deny",status="denied"\} \d+$/m);
});
