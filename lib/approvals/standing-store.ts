import type { SubmitAction } from "../contracts/actions";
import { db } from "../db/client";
import type { Tx } from "../db/transaction";
import { paramsAmount } from "../actions/present";
import type { Decision } from "../policy/types";
import { overLimit } from "./explain";
import { isActiveStanding, matchStandingApproval, type MatchedStanding } from "./standing";

// Reading standing approvals: the decision path's look-up (inside its transaction) and
// the Policies page's list.

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
