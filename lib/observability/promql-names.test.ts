import { expect, it } from "vitest";
import { exposedNames, metricNames } from "./promql-names";

it("finds the metrics an expression reads, not its functions, labels, ranges or variables", () => {
  expect(
    metricNames(
      'histogram_quantile(0.95, sum by (le) (rate(gatehouse_decision_duration_seconds_bucket{instance=~"$instance"}[$window]))) > 2',
    ),
  ).toEqual(["gatehouse_decision_duration_seconds_bucket"]);
  expect(
    metricNames(`sum(rate(gatehouse_decisions_total{effect="deny",status="denied"}[15m])) / sum(rate(gatehouse_decisions_total{status!="halted"}[15m])) > 0.1
      and sum(rate(gatehouse_decisions_total[15m])) > 0.05`),
  ).toEqual(["gatehouse_decisions_total"]);
  expect(metricNames('up{job="gatehouse"} == 0')).toEqual(["up"]);
  expect(
    metricNames(
      "time() - max(gatehouse_audit_last_verify_success_timestamp_seconds > 0) or vector(0) unless on (instance) process_cpu_seconds_total offset 5m",
    ),
  ).toEqual(["gatehouse_audit_last_verify_success_timestamp_seconds", "process_cpu_seconds_total"]);
  expect(metricNames("label_values(gatehouse_build_info, instance)")).toEqual(["gatehouse_build_info"]);
  expect(metricNames("sum(rate(x_total[${__range}])) by (route) / ignoring(currency) group_left sum(y)")).toEqual(["x_total", "y"]);
});

it("expands a histogram family into its samples", () => {
  const names = exposedNames("# HELP a_seconds x\n# TYPE a_seconds histogram\n# TYPE b_total counter\nb_total 1\n");
  expect([...names].sort()).toEqual(["a_seconds", "a_seconds_bucket", "a_seconds_count", "a_seconds_sum", "b_total"]);
});
