import { lastVerifySuccess, sequencerLag } from "../audit/service";
import { db } from "../db/client";
import { metrics } from "./metrics";

// Gauges of state every replica shares, read from the database when Prometheus scrapes,
// so all replicas report the same truth (aggregate them with max, not sum).

const SCOPES = ["global", "agent", "action_type"] as const;

/** Pending approval requests and when the oldest was made (the backlog gauges, and the inbox's backlog notice). */
export async function approvalQueue() {
  const [row] = await db().$queryRaw<{ pending: number; oldest: Date | null; oldestAgeSeconds: number }[]>`
    SELECT count(*)::float8 AS pending, min(created_at) AS oldest,
           coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "oldestAgeSeconds"
    FROM approval_requests WHERE status = 'pending'`;
  return row ?? { pending: 0, oldest: null, oldestAgeSeconds: 0 };
}

async function engagedSwitches() {
  return db().$queryRaw<{ scope: string; count: number }[]>`
    SELECT scope::text AS scope, count(*)::float8 AS count FROM kill_switches WHERE released_at IS NULL GROUP BY scope`;
}

/** Jobs due now and not started (a timer set for later is not a backlog). Zero before the job queue's first start made its tables. */
async function jobsQueued() {
  const [exists] = await db().$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!exists?.ok) return 0;
  const [row] = await db().$queryRaw<
    { count: number }[]
  >`SELECT count(*)::float8 AS count FROM pgboss.job WHERE state < 'active' AND start_after <= now()`;
  return row?.count ?? 0;
}

async function policyVersion() {
  const latest = await db().policyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  return latest?.version ?? 0;
}

export async function collectSharedState(now = new Date()) {
  const [queue, switches, lag, verified, jobs, version] = await Promise.all([
    approvalQueue(),
    engagedSwitches(),
    sequencerLag(),
    lastVerifySuccess(),
    jobsQueued(),
    policyVersion(),
  ]);
  const m = metrics();
  const seconds = (d: Date | null) => (d ? (now.getTime() - d.getTime()) / 1000 : 0);
  m.approvalsPending.set(queue.pending);
  m.approvalOldestAge.set(Math.max(0, seconds(queue.oldest)));
  for (const scope of SCOPES) m.killSwitchEngaged.set({ scope }, switches.find((s) => s.scope === scope)?.count ?? 0);
  m.auditTreeSize.set(lag.treeSize);
  m.auditUnsequenced.set(lag.unsequencedEntries);
  m.auditCheckpointAge.set(Math.max(0, seconds(lag.checkpointAt)));
  m.auditLastVerifySuccess.set(verified ? verified.getTime() / 1000 : 0);
  m.jobsQueued.set(jobs);
  m.policyVersion.set(version);
}
