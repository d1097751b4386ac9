-- AlterTable
ALTER TABLE "actions" ADD COLUMN     "decision_seconds" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "dashboard_deltas" (
    "id" BIGSERIAL NOT NULL,
    "metric" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "policy" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT '',
    "decided_by" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION,
    "amount" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "sign" SMALLINT NOT NULL,

    CONSTRAINT "dashboard_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboard_stats" (
    "width" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "policy" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT '',
    "decided_by" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "le" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "count" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(24,4) NOT NULL DEFAULT 0,

    CONSTRAINT "dashboard_stats_pkey" PRIMARY KEY ("width","metric","bucket","agent_id","type","policy","status","decided_by","outcome","currency","reason","le")
);


-- ─── Dashboard rollups, maintained where the facts are written ───────────────────
-- Triggers turn every change to the counted facts into signed contributions in
-- dashboard_deltas, inside the changing transaction (no extra round trip, and no hot
-- row: a decision only appends). lib/dashboard/store.ts folds the deltas into
-- dashboard_stats (per minute, hour and day) and reads stats + unfolded deltas in one
-- statement, so an answer always equals the raw rows at that moment.

-- What one action contributes: an "actions" row (count, cost), a "latency" observation,
-- a "wait" observation once an approval chain settled it, and one "denials" row per rule
-- or limit that denied it. The Actions list (lib/actions/filters.ts) and the raw-row
-- yardstick (lib/dashboard/raw.ts) restate `decided_by` in their own terms.
CREATE FUNCTION gatehouse_dashboard_facts(a actions)
RETURNS TABLE (metric text, at timestamptz, agent_id uuid, type text, policy text, status text, decided_by text,
               outcome text, currency text, reason text, value float8, amount numeric)
LANGUAGE sql STABLE AS $$
  WITH d AS (
    SELECT coalesce(a.decision->>'policy', '') AS policy,
           CASE WHEN a.status = 'halted' THEN 'kill_switch'
                WHEN a.status = 'pending' THEN ''
                WHEN a.effect = 'require_approval' THEN
                  CASE WHEN a.decision->'reasons' @> '[{"kind":"standing_approval"}]' THEN 'standing_approval' ELSE 'approval' END
                WHEN a.effect IN ('allow', 'deny') THEN 'policy'
                ELSE '' END AS decided_by)
  SELECT 'actions', a.created_at, a.agent_id, a.type, d.policy, a.status::text, d.decided_by, coalesce(a.outcome::text, ''),
         coalesce(a.cost_currency, ''), '', NULL::float8, coalesce(a.actual_cost, a.cost_amount, 0)
  FROM d
  UNION ALL
  SELECT 'latency', a.created_at, a.agent_id, a.type, d.policy, '', '', '', '', '', a.decision_seconds, 0
  FROM d WHERE a.decision_seconds IS NOT NULL
  UNION ALL
  SELECT 'wait', a.created_at, a.agent_id, a.type, d.policy, a.status::text, '', '', '', '',
         extract(epoch FROM a.decided_at - a.created_at)::float8, 0
  FROM d WHERE d.decided_by = 'approval' AND a.decided_at IS NOT NULL
  UNION ALL
  SELECT 'denials', a.created_at, a.agent_id, a.type, d.policy, '', '', '', '',
         CASE WHEN r->>'policy' IS NULL THEN r->>'id' ELSE (r->>'policy') || '/' || (r->>'id') END, NULL::float8, 0
  FROM d, jsonb_array_elements(CASE WHEN d.decided_by = 'policy' AND a.status = 'denied' THEN a.decision->'reasons' ELSE '[]'::jsonb END) r
  WHERE r->>'effect' = 'deny' AND r->>'kind' IN ('rule', 'limit', 'default')
$$;

-- (Trigger bodies have no literal semicolon, written \x3B, because the migration runner
-- splits scripts into statements at semicolons.)
-- The deltas are a queue (appended by every decision, deleted by every fold): vacuum it
-- after every few thousand deletions rather than a fraction of its size, so reads that
-- scan it stay fast.
ALTER TABLE "dashboard_deltas" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);

-- Statement-level triggers with transition tables: one set-based insert per statement,
-- whether it wrote one action (a decision) or a million (an import).
CREATE FUNCTION gatehouse_dashboard_actions_inserted() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, status, decided_by, outcome, currency, reason, value, amount, sign) SELECT f.*, 1 FROM inserted_rows a, LATERAL gatehouse_dashboard_facts(a) f\x3B RETURN NULL\x3B END';

-- An update takes back what the row contributed before and adds what it contributes now,
-- skipping what did not change (a result leaves the latency and the denials alone).
CREATE FUNCTION gatehouse_dashboard_actions_updated() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, status, decided_by, outcome, currency, reason, value, amount, sign) SELECT c.* FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL ( (SELECT f.*, -1 FROM (SELECT * FROM gatehouse_dashboard_facts(o) EXCEPT ALL SELECT * FROM gatehouse_dashboard_facts(n)) f) UNION ALL (SELECT f.*, 1 FROM (SELECT * FROM gatehouse_dashboard_facts(n) EXCEPT ALL SELECT * FROM gatehouse_dashboard_facts(o)) f) ) c\x3B RETURN NULL\x3B END';

CREATE FUNCTION gatehouse_dashboard_actions_deleted() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, status, decided_by, outcome, currency, reason, value, amount, sign) SELECT f.*, -1 FROM deleted_rows a, LATERAL gatehouse_dashboard_facts(a) f\x3B RETURN NULL\x3B END';

CREATE TRIGGER actions_dashboard_insert AFTER INSERT ON "actions"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_dashboard_actions_inserted();
CREATE TRIGGER actions_dashboard_update AFTER UPDATE ON "actions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_dashboard_actions_updated();
CREATE TRIGGER actions_dashboard_delete AFTER DELETE ON "actions"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_dashboard_actions_deleted();

-- Audit coverage: an action counts as audited when its action.submitted entry becomes a
-- leaf of the Merkle tree, which the sequencer inserts with the signed checkpoint that covers it.
CREATE FUNCTION gatehouse_action_audited_rows(entry_ids bigint[])
RETURNS TABLE (metric text, at timestamptz, agent_id uuid, type text, policy text, sign int)
LANGUAGE sql STABLE AS $$
  SELECT 'audited', a.created_at, a.agent_id, a.type, coalesce(a.decision->>'policy', ''), 1
  FROM audit_entries e
  JOIN actions a ON a.id = CASE WHEN e.subject_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN e.subject_id::uuid END
  WHERE e.id = ANY (entry_ids) AND e.event_type = 'action.submitted' AND e.subject_type = 'action'
$$;

CREATE FUNCTION gatehouse_dashboard_leaves_inserted() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, sign) SELECT * FROM gatehouse_action_audited_rows(ARRAY(SELECT entry_id FROM inserted_leaves))\x3B RETURN NULL\x3B END';

CREATE TRIGGER audit_leaves_dashboard_insert AFTER INSERT ON "audit_leaves"
  REFERENCING NEW TABLE AS inserted_leaves FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_dashboard_leaves_inserted();

-- The approval queue at any past moment (depth and oldest pending request): the requests
-- whose [opened, decided) span contains it, found through this index rather than a scan.
CREATE INDEX "approval_requests_pending_span" ON "approval_requests" USING GIST (tstzrange("created_at", "decided_at", '[)'));

-- Existing installations: what is already there, counted once.
INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, status, decided_by, outcome, currency, reason, value, amount, sign)
SELECT f.*, 1 FROM actions a, LATERAL gatehouse_dashboard_facts(a) f;
INSERT INTO dashboard_deltas (metric, at, agent_id, type, policy, sign)
SELECT * FROM gatehouse_action_audited_rows(ARRAY(SELECT entry_id FROM audit_leaves));
