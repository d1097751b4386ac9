import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// Every alert links a runbook that exists, and the runbooks' index lists every runbook.

const ROOT = path.resolve(import.meta.dirname, "../..");
type Rule = { alert?: string; annotations?: { runbook_url?: string } };
const { groups } = parse(readFileSync(path.join(ROOT, "ops/prometheus/alerts.yml"), "utf8")) as { groups: { rules: Rule[] }[] };
const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);

describe("runbooks", () => {
  it.each(alerts.map((a) => [a.alert!, a.annotations?.runbook_url ?? ""]))("%s links %s, a file in docs/runbooks", (_, url) => {
    expect(url).toMatch(/^docs\/runbooks\/[\w-]+\.md$/);
    expect(existsSync(path.join(ROOT, url))).toBe(true);
  });

  it("are all listed in docs/runbooks/README.md", () => {
    const index = readFileSync(path.join(ROOT, "docs/runbooks/README.md"), "utf8");
    const files = readdirSync(path.join(ROOT, "docs/runbooks")).filter((f) => f.endsWith(".md") && f !== "README.md");
    for (const file of files) expect(index, file).toContain(`(${file})`);
  });
});
