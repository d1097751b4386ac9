import { z } from "zod";
import { appendAudit } from "../audit/service";
import type { Actor, AuditEvent } from "../audit/entry";
import { can, type Role } from "../auth/permissions";
import { ActionTypeSchema, type SubmitAction } from "../contracts/actions";
import { db } from "../db/client";
import { transaction, type Tx } from "../db/transaction";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { paramsAmount } from "../actions/present";
import type { Decision, Reason } from "../policy/types";
import { overLimit, riskOf } from "./explain";
import { approvalInclude, toApprovalState } from "./rows";

// "Approve and remember": a time-boxed standing approval lets one agent's actions of one
// exact type, up to an amount, through without a human, where the same policy rule asked
// for approval. It is made only from a low-risk request approved in full (one step, no
// owner bar, not a limit), never turns a deny into an allow, and the kill switch is
// checked before it.

// ─── pure matching ──────────────────────────────────────────────────────────

export type StandingCandidate = {
  id: string;
  agentId: string;
  actionType: string;
  maxAmount: number | null;
  currency: string | null;
  /** The rule whose requests it covers. */
  policy: string | null;
  rule: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
};

/**
 * The rule that asked for approval, and the action's amounts: its declared cost and impact
 * and a numeric `params.amount`; every stated one must fit under the cap.
 */
export type ActionToMatch = {
  agentId: string;
  type: string;
  policy: string | null;
  rule: string | null;
  costAmount: number | null;
  costCurrency: string | null;
  impactAmount?: number | null;
  paramsAmount?: number | null;
};

export const isActiveStanding = (s: Pick<StandingCandidate, "expiresAt" | "revokedAt">, now: Date) =>
  s.revokedAt === null && now.getTime() < s.expiresAt.getTime();

function covers(s: StandingCandidate, action: ActionToMatch): boolean {
  if (s.agentId !== action.agentId || s.actionType !== action.type) return false;
  if (s.policy !== action.policy || s.rule !== action.rule) return false;
  if (s.currency !== null && s.currency !== action.costCurrency) return false;
  if (s.maxAmount === null) return true;
  const amounts = [action.costAmount, action.impactAmount ?? null, action.paramsAmount ?? null].filter((a): a is number => a !== null);
  // An action that states no amount could be of any size: only an uncapped approval covers it.
  return amounts.length > 0 && amounts.every((a) => a <= s.maxAmount!);
}

/**
 * The active standing approval that covers this action, or undefined. Of several, the
 * tightest cap wins (then the earliest expiry), so the explanation names the narrowest grant.
 */
export function matchStandingApproval<C extends StandingCandidate>(
  candidates: readonly C[],
  action: ActionToMatch,
  now: Date,
): C | undefined {
  const cap = (s: C) => s.maxAmount ?? Number.POSITIVE_INFINITY;
  return candidates
    .filter((s) => isActiveStanding(s, now) && covers(s, action))
    .sort((a, b) => cap(a) - cap(b) || a.expiresAt.getTime() - b.expiresAt.getTime() || a.id.localeCompare(b.id))[0];
}

/** "up to 150 USD", "up to 150", "any amount in USD", "any amount". */
export function describeCap(maxAmount: number | null, currency: string | null): string {
  if (maxAmount === null) return currency ? `any amount in ${currency}` : "any amount";
  return `up to ${maxAmount}${currency ? ` ${currency}` : ""}`;
}

const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export type MatchedStanding = StandingCandidate & { authorEmail: string };

/** The policy asked for approval; a standing approval gives it: allow, with the reason why. */
export function allowedByStanding<D extends Decision>(decision: D, standing: MatchedStanding): D {
  const { approval: _chain, ...rest } = decision;
  const reason: Reason = {
    kind: "standing_approval",
    policy: null,
    id: standing.id,
    effect: "allow",
    message: `auto-approved by standing approval ${standing.id} from ${standing.authorEmail} for rule ${standing.rule ?? "?"} (${describeCap(standing.maxAmount, standing.currency)}, until ${utcMinute(standing.expiresAt)})`,
  };
  return { ...rest, effect: "allow", reasons: [...decision.reasons, reason] } as D;
}

/** The audit entry that records a standing approval was used for an action. */
export function standingApprovalUsed(standing: MatchedStanding, action: { id: string; agentId: string; type: string }): AuditEvent {
  return {
    type: "standing_approval.used",
    actor: { type: "system", label: "policy-engine" },
    subject: { type: "standing_approval", id: standing.id },
    agentId: action.agentId,
    decision: "allow",
    data: {
      actionId: action.id,
      actionType: action.type,
      maxAmount: standing.maxAmount,
      currency: standing.currency,
      createdBy: standing.authorEmail,
    },
  };
}

// ─── the database ───────────────────────────────────────────────────────────

const withAuthor = { createdBy: { select: { email: true } } } as const;

type StandingRow = {
  id: string;
  agentId: string;
  actionType: string;
  maxAmount: { toNumber(): number } | null;
  currency: string | null;
  policy: string | null;
  rule: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  createdBy: { email: string };
};

const toMatchable = (row: StandingRow): MatchedStanding => ({
  id: row.id,
  agentId: row.agentId,
  actionType: row.actionType,
  maxAmount: row.maxAmount?.toNumber() ?? null,
  currency: row.currency,
  policy: row.policy,
  rule: row.rule,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  authorEmail: row.createdBy.email,
});

/** The decision path's look-up, inside its transaction: the standing approval covering this action, if any. */
export async function findStandingApproval(
  tx: Tx,
  agentId: string,
  action: Pick<SubmitAction, "type" | "cost" | "impact" | "params">,
  decision: Pick<Decision, "policy" | "rule" | "reasons">,
  now: Date,
) {
  if (overLimit(decision)) return undefined; // an exceeded limit always goes to a human
  const rows = await tx.standingApproval.findMany({
    where: { agentId, actionType: action.type, revokedAt: null, expiresAt: { gt: now } },
    include: withAuthor,
  });
  if (rows.length === 0) return undefined;
  const match = matchStandingApproval(
    rows.map(toMatchable),
    {
      agentId,
      type: action.type,
      policy: decision.policy,
      rule: decision.rule,
      costAmount: action.cost?.amount ?? null,
      costCurrency: action.cost?.currency ?? null,
      impactAmount: action.impact?.amount ?? null,
      paramsAmount: paramsAmount(action.params),
    },
    now,
  );
  if (!match) return undefined;
  // Share-lock it until this decision commits: a revocation racing with us waits, or, if it
  // committed first, the row no longer qualifies and the action goes to a human.
  const [still] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM standing_approvals WHERE id = ${match.id}::uuid AND revoked_at IS NULL FOR SHARE`;
  return still ? match : undefined;
}

export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

export const StandingApprovalSchema = z.strictObject({
  agentId: z.uuid("Unknown agent"),
  actionType: z
    .string()
    .trim()
    .refine((t) => !t.includes("*"), "A standing approval covers one exact action type, not a pattern")
    .pipe(ActionTypeSchema),
  maxAmount: z.number().finite().nonnegative("The amount cannot be negative").max(1e12).nullable(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Currency is an ISO 4217 code such as USD")
    .nullable(),
  durationMinutes: z
    .number()
    .int()
    .min(MIN_DURATION_MINUTES, `At least ${MIN_DURATION_MINUTES} minutes`)
    .max(MAX_DURATION_MINUTES, "At most 7 days: a standing approval is a stopgap, a lasting one belongs in the policy"),
  note: z.string().trim().max(500).optional(),
  /** The request approved with "remember": the standing approval covers that request's rule. */
  sourceApprovalId: z.uuid("Unknown approval request"),
});
export type StandingApprovalInput = z.input<typeof StandingApprovalSchema>;

/** Who creates or revokes one; the role is checked here, not only by the caller. */
export type StandingApprovalActor = { id: string; role: Role; email: string };

const userActor = (u: StandingApprovalActor): Actor => ({ type: "user", id: u.id, label: u.email });

function assertMayRemember(user: StandingApprovalActor) {
  if (!can(user.role, "approvals:remember"))
    throw new ForbiddenError(`Your role (${user.role}) may not create or revoke standing approvals`);
}

export async function createStandingApproval(
  input: {
    agentId: string;
    actionType: string;
    maxAmount: number | null;
    currency: string | null;
    durationMinutes: number;
    note?: string;
    sourceApprovalId: string;
  },
  author: { id: string; role: Role; email: string },
): Promise<{ id: string; expiresAt: Date }> {
  assertMayRemember(author);
  const parsed = StandingApprovalSchema.safeParse(input);
  // A ValidationError (not a raw ZodError), so a caller that already approved can show why "remember" failed.
  if (!parsed.success)
    throw new ValidationError("The standing approval is not valid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const { agentId, actionType, maxAmount, currency, durationMinutes, note, sourceApprovalId } = parsed.data;
  return transaction(async (tx) => {
    const now = new Date();
    const agent = await tx.agent.findUnique({ where: { id: agentId }, select: { name: true } });
    if (!agent) throw new NotFoundError("Agent");
    const row = await tx.approvalRequest.findUnique({ where: { id: sourceApprovalId }, include: approvalInclude });
    if (!row) throw new NotFoundError("Approval request");
    if (row.action.agentId !== agentId || row.action.type !== actionType) {
      throw new ValidationError("The standing approval must be for the agent and action type of the request it comes from", {
        sourceApprovalId: [`That request is a ${row.action.type} of another agent or type`],
      });
    }
    const risk = riskOf(toApprovalState(row), row.action.decision);
    if (risk.level !== "low") {
      throw new ValidationError(`Only a low-risk request can be remembered; this one is not (${risk.why}), so each one stays with humans`, {
        sourceApprovalId: [risk.why],
      });
    }
    if (row.status !== "approved") {
      throw new ValidationError("Only a request approved in full can be remembered", {
        sourceApprovalId: [`That request is ${row.status}`],
      });
    }
    const expiresAt = new Date(now.getTime() + durationMinutes * 60_000);
    const { policy, rule } = row;
    const created = await tx.standingApproval.create({
      data: {
        agentId,
        actionType,
        maxAmount,
        currency,
        policy,
        rule,
        expiresAt,
        note: note ?? "",
        sourceApprovalId,
        createdById: author.id,
        createdAt: now,
      },
      select: { id: true, expiresAt: true },
    });
    await appendAudit(
      tx,
      {
        type: "standing_approval.created",
        actor: userActor(author),
        subject: { type: "standing_approval", id: created.id },
        agentId,
        data: {
          agent: agent.name,
          actionType,
          policy,
          rule,
          maxAmount,
          currency,
          durationMinutes,
          expiresAt: created.expiresAt.toISOString(),
          note: note ?? "",
          sourceApprovalId,
        },
      },
      now,
    );
    return created;
  });
}

export async function revokeStandingApproval(
  id: string,
  actor: { id: string; role: Role; email: string },
): Promise<{ id: string; revokedAt: Date }> {
  assertMayRemember(actor);
  return transaction(async (tx) => {
    const now = new Date();
    const existing = await tx.standingApproval.findUnique({ where: { id }, include: { revokedBy: { select: { email: true } } } });
    if (!existing) throw new NotFoundError("Standing approval");
    if (existing.revokedAt) {
      throw new ConflictError(
        `This standing approval was already revoked at ${utcMinute(existing.revokedAt)}${existing.revokedBy ? ` by ${existing.revokedBy.email}` : ""}`,
      );
    }
    if (existing.expiresAt <= now)
      throw new ConflictError(`This standing approval expired at ${utcMinute(existing.expiresAt)}; there is nothing to revoke`);
    // Guarded by revokedAt: of two racing revocations, exactly one wins.
    const claimed = await tx.standingApproval.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedById: actor.id },
    });
    if (claimed.count === 0) throw new ConflictError("Someone else revoked this standing approval a moment ago");
    await appendAudit(
      tx,
      {
        type: "standing_approval.revoked",
        actor: userActor(actor),
        subject: { type: "standing_approval", id },
        agentId: existing.agentId,
        data: { actionType: existing.actionType, expiresAt: existing.expiresAt.toISOString() },
      },
      now,
    );
    return { id, revokedAt: now };
  });
}

export type StandingApprovalView = {
  id: string;
  state: "active" | "expired" | "revoked";
  agent: { id: string; name: string };
  actionType: string;
  /** The policy rule it covers. */
  rule: string | null;
  maxAmount: number | null;
  currency: string | null;
  expiresAt: Date;
  createdAt: Date;
  createdBy: string;
  note: string;
  sourceApprovalId: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
};

/** How many expired or revoked ones the list shows (newest first) beside every active one. */
const INACTIVE_SHOWN = 100;

/** Active ones first (soonest to expire first); with includeExpired, then the most recent expired or revoked ones. */
export async function listStandingApprovals(
  { includeExpired = false }: { includeExpired?: boolean } = {},
  now = new Date(),
): Promise<StandingApprovalView[]> {
  const include = {
    agent: { select: { id: true, name: true } },
    createdBy: { select: { email: true } },
    revokedBy: { select: { email: true } },
  } as const;
  const [active, inactive] = await Promise.all([
    db().standingApproval.findMany({
      where: { revokedAt: null, expiresAt: { gt: now } },
      include,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    }),
    includeExpired
      ? db().standingApproval.findMany({
          where: { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] },
          include,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: INACTIVE_SHOWN,
        })
      : [],
  ]);
  return [...active, ...inactive].map((row) => ({
    id: row.id,
    state: row.revokedAt ? "revoked" : isActiveStanding(row, now) ? "active" : "expired",
    agent: row.agent,
    actionType: row.actionType,
    rule: row.rule,
    maxAmount: row.maxAmount?.toNumber() ?? null,
    currency: row.currency,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy.email,
    note: row.note,
    sourceApprovalId: row.sourceApprovalId,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy?.email ?? null,
  }));
}
