import client from "prom-client";
import { APPROVAL_WAIT_SECONDS_BUCKETS, DECISION_SECONDS_BUCKETS } from "../dashboard/histogram";
import { env } from "../env";
import pkg from "../../package.json";
import { processSlot } from "../process-singleton";

// Prometheus metrics of this process (prom-client). Counters and histograms count what
// this process did, so Prometheus sums them over replicas; gauges of shared state (the
// approval queue, kill switches, the audit tree, the job queue) are read from the
// database at scrape time (shared-state-store.ts), so every replica reports the same truth.
// No unbounded labels: agent names only with GATEHOUSE_METRICS_PER_AGENT=true.

const EVALUATION_SECONDS_BUCKETS = [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01];
const HTTP_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const perAgent = env().GATEHOUSE_METRICS_PER_AGENT;
  const agent = (labels: string[]) => (perAgent ? [...labels, "agent"] : labels);
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new client.Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new client.Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []) =>
    new client.Histogram<L>({ name, help, buckets, labelNames, registers });

  const metrics = {
    registry,
    perAgent,
    decisions: counter(
      "gatehouse_decisions_total",
      "Decisions answered, by the policy's effect and the action's status.",
      agent(["effect", "status"]),
    ),
    decisionSeconds: histogram(
      "gatehouse_decision_duration_seconds",
      "Time from a decision request's arrival to its committed answer.",
      DECISION_SECONDS_BUCKETS,
    ),
    evaluationSeconds: histogram(
      "gatehouse_policy_evaluation_duration_seconds",
      "Time the policy engine took to evaluate one action.",
      EVALUATION_SECONDS_BUCKETS,
    ),
    approvalsPending: gauge("gatehouse_approvals_pending", "Approval requests waiting for a decision (from the database)."),
    approvalOldestAge: gauge(
      "gatehouse_approval_oldest_pending_age_seconds",
      "Age of the oldest approval request still waiting (from the database); 0 when none waits.",
    ),
    approvalWaitSeconds: histogram(
      "gatehouse_approval_wait_seconds",
      "Time from an approval request's opening to its decision.",
      APPROVAL_WAIT_SECONDS_BUCKETS,
      ["outcome"],
    ),
    approvals: counter(
      "gatehouse_approvals_total",
      "Approval transitions: approved, rejected, expired, cancelled, and step timeouts and escalations.",
      ["outcome"],
    ),
    killSwitchEngaged: gauge("gatehouse_kill_switch_engaged", "Kill switches engaged now, by scope (from the database).", ["scope"]),
    actionsHalted: counter("gatehouse_actions_halted_total", "Actions refused because a kill switch was engaged."),
    auditEntries: counter("gatehouse_audit_entries_total", "Audit entries this process appended (counted when their transaction commits)."),
    auditTreeSize: gauge("gatehouse_audit_tree_size", "Entries in the signed Merkle tree (the latest checkpoint's size)."),
    auditUnsequenced: gauge(
      "gatehouse_audit_unsequenced_entries",
      "Audit entries appended after the latest checkpoint: the sequencer's lag.",
    ),
    auditCheckpointAge: gauge(
      "gatehouse_audit_checkpoint_age_seconds",
      "Age of the latest signed checkpoint (it grows while nothing new is appended).",
    ),
    auditLastVerifySuccess: gauge(
      "gatehouse_audit_last_verify_success_timestamp_seconds",
      "When the scheduled verification of the whole audit trail last succeeded (from the database); 0 if never.",
    ),
    auditVerifyFailures: counter(
      "gatehouse_audit_verify_failures_total",
      "Scheduled verifications of the audit trail that found a problem or could not finish.",
    ),
    actionCost: counter(
      "gatehouse_action_cost_total",
      "Declared cost of actions when they were allowed (at once, by a standing approval or by an approval chain).",
      agent(["currency"]),
    ),
    actionResults: counter("gatehouse_action_results_total", "Results agents reported, by outcome.", agent(["outcome"])),
    callbackDeliveries: counter(
      "gatehouse_callback_deliveries_total",
      "Decision callback attempts: delivered, retrying (failed, will retry) or failed (gave up).",
      ["outcome"],
    ),
    notifications: counter(
      "gatehouse_notifications_total",
      "Approver notification attempts by channel (slack, email): delivered, retrying or failed.",
      ["channel", "outcome"],
    ),
    jobsQueued: gauge("gatehouse_jobs_queued", "Background jobs waiting to run or to be retried (from the database)."),
    policyVersion: gauge("gatehouse_policy_version", "The active policy set's version (from the database)."),
    buildInfo: gauge("gatehouse_build_info", "Always 1; the running version in its label.", ["version"]),
    httpSeconds: histogram(
      "gatehouse_http_request_duration_seconds",
      "API requests by method, route template and status.",
      HTTP_SECONDS_BUCKETS,
      ["method", "route", "status"],
    ),
  };
  metrics.buildInfo.set({ version: pkg.version }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof create>;

const registrySlot = processSlot<Metrics>("metrics");

/** The process's one registry and its metrics (whichever route bundle records). */
export const metrics = (): Metrics => registrySlot.getOrCreate(create);

/** Labels with the agent's name added when per-agent metrics are on. */
export function labelsFor<L extends Record<string, string>>(labels: L, agentName: string): L {
  return metrics().perAgent ? { ...labels, agent: agentName } : labels;
}
