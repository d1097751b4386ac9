// The metric names a PromQL expression reads, so the shipped dashboards and alert rules can
// be checked against what /api/metrics exposes. A small scanner, not a parser: it drops
// strings, label matchers, ranges, grouping clauses and Grafana variables, then keeps the
// identifiers that are not functions or keywords.

const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "inf",
  "nan",
]);

export function metricNames(expr: string): string[] {
  const labelValues = [...expr.matchAll(/label_values\(\s*([a-zA-Z_:][\w:]*)\s*,[^)]*\)/g)].map((m) => m[1]!);
  const stripped = expr
    .replace(/label_values\([^)]*\)/g, " ")
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\$\{[^}]*\}|\$\w+/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = [...stripped.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)]
    .map((m) => m[1]!)
    .filter((n) => !KEYWORDS.has(n.toLowerCase()));
  return [...new Set([...labelValues, ...names])];
}

/** The sample names a metric family exposes, from the exposition's `# TYPE name type` lines. */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(name + suffix);
  }
  return names;
}
