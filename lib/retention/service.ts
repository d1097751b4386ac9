import canonicalize from "canonicalize";
import type { Actor } from "../audit/entry";
import { REST_FIELD } from "../audit/leaf";
import { parseRedactPaths } from "../audit/redact";
import { appendAudit } from "../audit/service";
import { Prisma } from "../db/generated/client";
import { transaction, type Tx } from "../db/transaction";
import { env } from "../env";
import { BadRequestError } from "../errors";
import { defineJob } from "../jobs/queue";
import { systemActor } from "../audit/entry";
import { log } from "../log";
import { erasureTargets, planRetention, type RetentionKind, type RetentionSettings, type RetentionStep } from "./plan";

// Retention runs and erasure requests against the database. Content goes; the audit trail's
// canonical JSON, leaves and checkpoints stay (a v2 entry's content is what its leaf commits
// to, see lib/audit/leaf.ts), so audit:verify still holds and reports those entries as
// verified by commitment. Each run that removes anything is recorded (data_removals) and
// audited in the same transaction.

const { sql } = Prisma;

export function retentionSettings(): RetentionSettings {
  const e = env();
  const settings: RetentionSettings = {
    actionPayloads: e.GATEHOUSE_RETENTION_ACTION_PAYLOAD_DAYS,
    auditPayloads: e.GATEHOUSE_RETENTION_AUDIT_PAYLOAD_DAYS,
    deliveries: e.GATEHOUSE_RETENTION_DELIVERY_DAYS,
    sessions: e.GATEHOUSE_RETENTION_SESSION_DAYS,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, days]) => days !== undefined));
}

/** What each kind of data is, in SQL: the rows due before a cut-off, and how they are removed. */
const RETENTION_SQL: Record<RetentionKind, { count: (before: Date) => Prisma.Sql; remove: (before: Date) => Prisma.Sql }> = {
  // An action's request (params, context) once it is settled; its decision, status and costs stay.
  actionPayloads: {
    count: (b) =>
      sql`SELECT count(*)::int AS n FROM actions WHERE created_at < ${b} AND status <> 'pending' AND (params <> '{}'::jsonb OR context IS NOT NULL)`,
    remove: (b) =>
      sql`UPDATE actions SET params = '{}'::jsonb, context = NULL WHERE created_at < ${b} AND status <> 'pending' AND (params <> '{}'::jsonb OR context IS NOT NULL)`,
  },
  // The data of v2 audit entries; the event's frame (time, type, actor, subject, decision) and commitments stay.
  auditPayloads: {
    count: (b) => sql`SELECT count(*)::int AS n FROM audit_entries WHERE created_at < ${b} AND content IS NOT NULL`,
    remove: (b) => sql`UPDATE audit_entries SET content = NULL WHERE created_at < ${b} AND content IS NOT NULL`,
  },
  // Webhook and notification records (targets, payloads, errors) once they are settled.
  deliveries: {
    count: (b) => sql`SELECT count(*)::int AS n FROM deliveries WHERE created_at < ${b} AND status <> 'pending'`,
    remove: (b) => sql`DELETE FROM deliveries WHERE created_at < ${b} AND status <> 'pending'`,
  },
  // Sign-in records (e-mail addresses and client addresses of failed sign-ins) no longer locking anyone out.
  sessions: {
    count: (b) =>
      sql`SELECT count(*)::int AS n FROM sign_in_throttles WHERE window_start < ${b} AND (locked_until IS NULL OR locked_until < now())`,
    remove: (b) => sql`DELETE FROM sign_in_throttles WHERE window_start < ${b} AND (locked_until IS NULL OR locked_until < now())`,
  },
};

async function count(tx: Tx, query: Prisma.Sql) {
  const [row] = await tx.$queryRaw<{ n: number }[]>(query);
  return row?.n ?? 0;
}

export type RetentionReport = {
  dryRun: boolean;
  steps: (Omit<RetentionStep, "before"> & { before: string; removed: number })[];
  /** The data_removals row (null for a dry run, or when nothing is configured). */
  id: string | null;
};

/** Removes (or, for a dry run, counts) what is older than its retention period. */
export async function runRetention(options: { dryRun: boolean; actor: Actor; now?: Date }): Promise<RetentionReport> {
  const steps = planRetention(retentionSettings(), options.now ?? new Date());
  if (steps.length === 0) return { dryRun: options.dryRun, steps: [], id: null };
  return transaction(
    async (tx) => {
      const done = [];
      for (const step of steps) {
        const { count: countSql, remove } = RETENTION_SQL[step.kind];
        const removed = options.dryRun ? await count(tx, countSql(step.before)) : await tx.$executeRaw(remove(step.before));
        done.push({ kind: step.kind, days: step.days, before: step.before.toISOString(), removed });
      }
      if (options.dryRun) return { dryRun: true, steps: done, id: null };
      const removed = Object.fromEntries(done.map((s) => [s.kind, s.removed]));
      const scope = Object.fromEntries(done.map((s) => [s.kind, { days: s.days, before: s.before }]));
      const record = await tx.dataRemoval.create({ data: { kind: "retention", scope, removed, requestedBy: options.actor.label } });
      await appendAudit(tx, {
        type: "data.retention_applied",
        actor: options.actor,
        subject: { type: "data_removal", id: record.id },
        data: { scope, removed },
      });
      return { dryRun: false, steps: done, id: record.id };
    },
    { timeoutMs: 600_000 },
  );
}

export type ErasureReport = { id: string; paths: string[]; removed: { actions: number; auditFields: number } };

/**
 * GDPR Art. 17: removes every configured field (GATEHOUSE_ERASURE_PATHS) that holds `value`,
 * from actions' params and context and from v2 audit entries' content. The value itself is
 * recorded nowhere; `reference` (the request's ticket) is.
 */
export async function eraseSubject(input: { value: string; reference?: string; actor: Actor }): Promise<ErasureReport> {
  const paths = parseRedactPaths(env().GATEHOUSE_ERASURE_PATHS);
  if (!paths.length)
    throw new BadRequestError("GATEHOUSE_ERASURE_PATHS is not set: name the fields that hold personal data, e.g. params.customerEmail");
  if (!input.value.trim()) throw new BadRequestError("Give the data subject's value (--subject)");
  const json = canonicalize(input.value)!;
  return transaction(
    async (tx) => {
      let actions = 0;
      let auditFields = 0;
      for (const target of erasureTargets(paths, REST_FIELD)) {
        if (target.action) {
          const column = Prisma.raw(target.action.column); // "params" or "context", from erasureTargets
          actions += await tx.$executeRaw`
            UPDATE actions SET ${column} = ${column} #- ${target.action.path}::text[]
            WHERE ${column} #> ${target.action.path}::text[] = ${json}::jsonb`;
        }
        for (const field of target.audit) {
          // The value's JSON text is in the field's value text: a cheap filter before the exact test.
          auditFields += await tx.$executeRaw`
            UPDATE audit_entries SET content = content - ${field.field}
            WHERE strpos(content -> ${field.field} ->> 'v', ${json}) > 0
              AND ((content -> ${field.field} ->> 'v')::jsonb #> ${field.path}::text[]) = ${json}::jsonb`;
        }
      }
      const removed = { actions, auditFields };
      const scope = { paths: paths.map((p) => p.join(".")) };
      const record = await tx.dataRemoval.create({
        data: { kind: "erasure", scope, removed, reference: input.reference ?? null, requestedBy: input.actor.label },
      });
      await appendAudit(tx, {
        type: "data.erased",
        actor: input.actor,
        subject: { type: "data_removal", id: record.id },
        data: { ...scope, removed, reference: input.reference ?? null },
      });
      return { id: record.id, paths: scope.paths, removed };
    },
    { timeoutMs: 600_000 },
  );
}

export const retentionJob = defineJob<Record<string, never>>({
  name: "data-retention",
  expireInSeconds: 3600,
  handler: async () => {
    const report = await runRetention({ dryRun: false, actor: systemActor("retention") });
    if (report.id) log.info("retention applied", { steps: report.steps });
  },
});
