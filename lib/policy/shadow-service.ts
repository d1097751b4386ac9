import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { db } from "../db/client";
import { transaction } from "../db/transaction";
import { ConflictError, NotFoundError } from "../errors";
import { getDraft } from "./draft-service";
import { transitionKey, type TransitionKey } from "./replay";
import { setShadowInProcess } from "./shadow-store";
import { compileOrThrow } from "./store";
import type { Effect, PolicyFile } from "./types";

// Starting and stopping shadow mode (one shadow set at a time, audited), and what it has
// seen so far: disagreements by transition and the latest disagreeing actions.

const LOCK = "gatehouse.policy_shadow";

/** Runs a draft's files in shadow from now on. The draft must compile; its tests need not pass yet. */
export async function startShadow(draftId: string, actor: Actor) {
  const draft = await getDraft(draftId);
  const files = draft.files as PolicyFile[];
  const { checksum } = compileOrThrow(files);
  const run = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const running = await tx.policyShadowRun.findFirst({ where: { stoppedAt: null }, select: { label: true } });
    if (running) throw new ConflictError(`"${running.label}" is already running in shadow: stop it first (one shadow set at a time)`);
    const created = await tx.policyShadowRun.create({
      data: { draftId, label: draft.title, files, checksum, startedById: actor.type === "user" ? actor.id : null },
    });
    await appendAudit(tx, {
      type: "policy.shadow_started",
      actor,
      subject: { type: "policy_shadow_run", id: created.id },
      data: { draftId, label: draft.title, checksum, baseVersion: draft.baseVersion },
    });
    return created;
  });
  setShadowInProcess(run);
  return run;
}

export async function stopShadow(actor: Actor) {
  const run = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    const running = await tx.policyShadowRun.findFirst({ where: { stoppedAt: null } });
    if (!running) throw new NotFoundError("A running shadow set");
    const stopped = await tx.policyShadowRun.update({
      where: { id: running.id },
      data: { stoppedAt: new Date(), stoppedById: actor.type === "user" ? actor.id : null },
    });
    await appendAudit(tx, {
      type: "policy.shadow_stopped",
      actor,
      subject: { type: "policy_shadow_run", id: running.id },
      data: { label: running.label, evaluated: running.evaluated, disagreements: running.disagreements, reason: "stopped" },
    });
    return stopped;
  });
  setShadowInProcess(null);
  return run;
}

const LATEST = 20;

/** The running shadow set (or the last one) and what it disagreed with. */
export async function shadowStatus() {
  const run =
    (await db().policyShadowRun.findFirst({ where: { stoppedAt: null }, include: { startedBy: { select: { email: true } } } })) ??
    (await db().policyShadowRun.findFirst({ orderBy: { startedAt: "desc" }, include: { startedBy: { select: { email: true } } } }));
  if (!run) return { run: null, transitions: {}, latest: [] };
  const [groups, latest] = await Promise.all([
    db().policyShadowDisagreement.groupBy({ by: ["liveEffect", "shadowEffect"], where: { runId: run.id }, _count: { _all: true } }),
    db().policyShadowDisagreement.findMany({ where: { runId: run.id }, orderBy: { id: "desc" }, take: LATEST }),
  ]);
  const transitions: Partial<Record<TransitionKey, number>> = {};
  for (const g of groups) transitions[transitionKey(g.liveEffect as Effect, g.shadowEffect as Effect)] = g._count._all;
  return {
    run: {
      id: run.id,
      label: run.label,
      draftId: run.draftId,
      running: run.stoppedAt === null,
      startedAt: run.startedAt.toISOString(),
      startedBy: run.startedBy?.email ?? null,
      stoppedAt: run.stoppedAt?.toISOString() ?? null,
      evaluated: run.evaluated,
      disagreements: run.disagreements,
    },
    transitions,
    latest: latest.map((d) => ({
      actionId: d.actionId,
      agent: d.agentName,
      type: d.actionType,
      resource: d.resource,
      at: d.decidedAt.toISOString(),
      live: { effect: d.liveEffect as Effect, rule: d.liveRule },
      shadow: { effect: d.shadowEffect as Effect, rule: d.shadowRule },
    })),
  };
}
