-- CreateEnum
CREATE TYPE "DataRemovalKind" AS ENUM ('retention', 'erasure');

-- AlterTable
ALTER TABLE "audit_entries" ADD COLUMN     "content" JSONB;

-- CreateTable
CREATE TABLE "data_removals" (
    "id" UUID NOT NULL,
    "kind" "DataRemovalKind" NOT NULL,
    "scope" JSONB NOT NULL,
    "removed" JSONB NOT NULL,
    "reference" TEXT,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_removals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_removals_created_at_idx" ON "data_removals"("created_at");

-- A v2 audit entry keeps its content beside the canonical JSON, which commits to each field
-- through a salted hash. Retention and erasure remove fields of that content (or all of it);
-- every other UPDATE, every DELETE and TRUNCATE is still refused: the canonical JSON, the hashes,
-- the leaves and the checkpoints never change, so the trail still verifies.
-- (No literal semicolon in the body, written \x3B: the migration runner splits at semicolons.)
CREATE FUNCTION gatehouse_audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN IF TG_OP = ''UPDATE'' AND (to_jsonb(NEW) - ''content'') = (to_jsonb(OLD) - ''content'') AND (NEW.content IS NULL OR (OLD.content IS NOT NULL AND OLD.content @> NEW.content)) THEN RETURN NEW\x3B END IF\x3B RAISE EXCEPTION ''audit trail is append-only: % on % is not allowed (only removing content is)'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''insufficient_privilege''\x3B END';

DROP TRIGGER audit_entries_append_only ON "audit_entries";
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION gatehouse_audit_entries_guard();

-- Free text searches the content too (a v2 entry's canonical JSON holds only commitments to it).
DROP INDEX "audit_entries_fulltext";
CREATE INDEX "audit_entries_fulltext" ON "audit_entries" USING GIN (to_tsvector('simple', regexp_replace("canonical" || ' ' || coalesce("content"::text, ''), '[^[:alnum:]]+', ' ', 'g')));
