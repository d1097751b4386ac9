import { appendAudit } from "../audit/service";
import type { Actor } from "../audit/entry";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Tx } from "../db/transaction";
import { log } from "../log";
import { processSlot } from "../process-singleton";
import { compilePolicies } from "./compile";
import { evaluate } from "./evaluate";
import type { PolicySet } from "./model";
import { compareWithShadow } from "./shadow";
import type { CounterUsage, DecisionInput, Effect, PolicyFile } from "./types";

// Shadow mode on the decision path, at no cost to it. The running shadow set is held
// compiled in memory and re-read in the background (at most once a second, never awaited
// by a decision), so every replica picks up a start or stop within about a second and a
// restarted process finds it again. Each live decision is evaluated by it after its
// transaction committed; what it says is buffered and written in batches, off the
// decision's transaction and its response.

/** The running shadow set as stored: plain data, so that any bundle of the app may read it from the slot. */
type Running = { id: string; label: string; checksum: string; files: PolicyFile[] };
type Cache = { run: Running | null; loadedAt: number; loading?: Promise<void> };
type Observed = { runId: string; disagreement?: Prisma.PolicyShadowDisagreementCreateManyInput };

const RELOAD_AFTER_MS = 1000;
const FLUSH_AFTER_MS = 100;
const cacheSlot = processSlot<Cache>("policy-shadow");
const bufferSlot = processSlot<{ items: Observed[]; timer?: ReturnType<typeof setTimeout>; flushing?: Promise<void> }>(
  "policy-shadow-buffer",
);

// Compiled per copy of this module: Next.js bundles a module once per route, and a compiled
// set (its CEL programs, its hidden symbol) only works with the copy of the engine that made it.
let compiled: { id: string; set: PolicySet | null } | undefined;

function compiledSet(run: Running): PolicySet | null {
  if (compiled?.id !== run.id) {
    const result = compilePolicies(run.files);
    if (!result.ok) log.error("the shadow policy set no longer compiles; it is not evaluated", { runId: run.id });
    compiled = { id: run.id, set: result.ok ? result.set : null };
  }
  return compiled.set;
}

const plain = (row: { id: string; label: string; checksum: string; files: unknown }): Running => ({
  id: row.id,
  label: row.label,
  checksum: row.checksum,
  files: row.files as PolicyFile[],
});

/** Reads the running shadow set (if any) into this process; what start-up and the background refresh call. */
export async function reloadShadow(now = Date.now()) {
  const row = await db().policyShadowRun.findFirst({ where: { stoppedAt: null }, orderBy: { startedAt: "desc" } });
  cacheSlot.set({ run: row && plain(row), loadedAt: now });
}

/** Sets this process's view at once (the replica that started or stopped the run). */
export function setShadowInProcess(row: { id: string; label: string; checksum: string; files: unknown } | null) {
  cacheSlot.set({ run: row && plain(row), loadedAt: Date.now() });
}

/** The running shadow set as last read; starts a background re-read when that is over a second old. */
export function currentShadow(now = Date.now()): Running | null {
  const cache = cacheSlot.get() ?? { run: null, loadedAt: 0 };
  if (now - cache.loadedAt >= RELOAD_AFTER_MS && !cache.loading) {
    cache.loading = reloadShadow(now)
      .catch((error) => log.warn("could not read the shadow policy set", { err: error }))
      .finally(() => delete cache.loading);
    cacheSlot.set(cache);
  }
  return cache.run;
}

/** The action as the decision path stored it: `effect` is what the active policy said, `decision` names its rule. */
export type LiveDecision = { id: string; status: string; effect: Effect | null; decision: unknown; createdAt: Date };

/** Called by the decision path after its transaction committed: evaluates the shadow set and buffers what it says. Never throws. */
export function observeShadow(input: DecisionInput, usage: CounterUsage, live: LiveDecision) {
  try {
    const run = currentShadow();
    const set = run && compiledSet(run);
    if (!run || !set || live.status === "halted" || !live.effect) return; // the kill switch decided, not a policy
    const { policy = null, rule = null } = live.decision as { policy?: string | null; rule?: string | null };
    const disagreement = compareWithShadow({ effect: live.effect, policy, rule }, evaluate(set, input, usage, { explain: false }));
    const item: Observed = { runId: run.id };
    if (disagreement)
      item.disagreement = {
        runId: run.id,
        actionId: live.id,
        agentName: input.agent.name,
        actionType: input.action.type,
        resource: input.action.resource,
        decidedAt: live.createdAt,
        ...disagreement,
      };
    const buffer = bufferSlot.getOrCreate(() => ({ items: [] }));
    buffer.items.push(item);
    buffer.timer ??= setTimeout(() => void flushShadow(), FLUSH_AFTER_MS);
  } catch (error) {
    log.warn("shadow evaluation failed; the live decision is unaffected", { err: error });
  }
}

/** Writes what the shadow set said since the last flush: disagreements, and per run how many decisions it saw. */
export async function flushShadow() {
  const buffer = bufferSlot.get();
  if (!buffer) return;
  await buffer.flushing;
  clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const items = buffer.items.splice(0);
  if (!items.length) return;
  buffer.flushing = (async () => {
    const rows = items.flatMap((i) => (i.disagreement ? [i.disagreement] : []));
    const perRun = new Map<string, { evaluated: number; disagreements: number }>();
    for (const i of items) {
      const n = perRun.get(i.runId) ?? { evaluated: 0, disagreements: 0 };
      n.evaluated++;
      if (i.disagreement) n.disagreements++;
      perRun.set(i.runId, n);
    }
    await db().$transaction([
      db().policyShadowDisagreement.createMany({ data: rows }),
      ...[...perRun].map(([id, n]) =>
        db().policyShadowRun.updateMany({
          where: { id },
          data: { evaluated: { increment: n.evaluated }, disagreements: { increment: n.disagreements } },
        }),
      ),
    ]);
  })()
    .catch((error) => log.warn("could not record shadow results", { err: error, dropped: items.length }))
    .finally(() => (buffer.flushing = undefined));
  await buffer.flushing;
}

/** A published set that was running in shadow is live now: its shadow run ends, audited, in the publish's transaction. */
export async function endShadowOfPublished(tx: Tx, checksum: string, version: number, actor: Actor) {
  const runs = await tx.policyShadowRun.findMany({ where: { stoppedAt: null, checksum }, select: { id: true, label: true } });
  for (const run of runs) {
    await tx.policyShadowRun.update({
      where: { id: run.id },
      data: { stoppedAt: new Date(), stoppedById: actor.type === "user" ? actor.id : null },
    });
    await appendAudit(tx, {
      type: "policy.shadow_stopped",
      actor,
      subject: { type: "policy_shadow_run", id: run.id },
      data: { label: run.label, reason: `published as version ${version}` },
    });
  }
  if (runs.length && cacheSlot.get()?.run && runs.some((r) => r.id === cacheSlot.get()?.run?.id))
    cacheSlot.set({ run: null, loadedAt: Date.now() });
}
