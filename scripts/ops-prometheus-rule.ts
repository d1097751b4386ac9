// `npm run ops:prometheus-rule`: writes ops/k8s/base/prometheusrule.yaml, the Prometheus
// Operator's PrometheusRule holding the rule groups of ops/prometheus/alerts.yml (the
// file docker-compose's Prometheus loads and promtool tests). Run it after changing the
// alerts; ops/k8s/manifests.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

const root = path.resolve(import.meta.dirname, "..");
const source = "ops/prometheus/alerts.yml";
const target = "ops/k8s/base/prometheusrule.yaml";

const { groups } = parse(readFileSync(path.join(root, source), "utf8")) as { groups: unknown[] };
const rule = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: { name: "gatehouse" },
  spec: { groups },
};
const header = `# Generated from ${source} by \`npm run ops:prometheus-rule\`: edit that file, not this one.\n`;
writeFileSync(path.join(root, target), header + stringify(rule, { lineWidth: 0 }));
console.log(`Wrote ${target} (${groups.length} group(s)) from ${source}`);
