import { approvalSweepJob, approvalTimerJob } from "../approvals/service";
import { auditVerifyJob } from "../audit/service";
import { env } from "../env";
import { deliveryJob } from "../deliveries/service";
import { prepareJobs, schedule, startWorkers, type Job } from "../jobs/queue";
import { policyChangeExpiryJob } from "../policy/change-service";
import { retentionJob } from "../retention/service";

// Every background job a Gatehouse server runs, registered in one place. Each replica
// runs the workers; pg-boss hands each job to exactly one of them.

export const BACKGROUND_JOBS: Job<never>[] = [
  approvalTimerJob,
  approvalSweepJob,
  deliveryJob,
  policyChangeExpiryJob,
  auditVerifyJob,
  retentionJob,
];

/** For processes that enqueue but do not work jobs (the CLI, tests). */
export const prepareBackgroundJobs = () => prepareJobs(BACKGROUND_JOBS);

export async function startBackgroundJobs() {
  await startWorkers(BACKGROUND_JOBS);
  await schedule(approvalSweepJob, "* * * * *");
  await schedule(policyChangeExpiryJob, "* * * * *");
  // The whole trail, every GATEHOUSE_AUDIT_VERIFY_INTERVAL_MINUTES (15): one replica per slot.
  await schedule(auditVerifyJob, `*/${env().GATEHOUSE_AUDIT_VERIFY_INTERVAL_MINUTES} * * * *`);
  // Retention (GATEHOUSE_RETENTION_*_DAYS) once a day, at a quiet hour: one replica runs it.
  await schedule(retentionJob, "17 3 * * *");
}
