-- AlterTable
ALTER TABLE "audit_checkpoints" ADD COLUMN     "frontier" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "last_entry_id" BIGINT NOT NULL DEFAULT 0;

-- The audit trail is append-only in the database itself, not only in the code:
-- UPDATE, DELETE and TRUNCATE on its tables raise an error for every role.
-- (The body has no literal semicolon, written \x3B, because migration runners that split
-- scripts into statements at semicolons would cut it apart.)
CREATE FUNCTION gatehouse_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''audit trail is append-only: % on % is not allowed'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''insufficient_privilege''\x3B END';

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION gatehouse_audit_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_audit_append_only();
CREATE TRIGGER audit_leaves_append_only BEFORE UPDATE OR DELETE ON "audit_leaves"
  FOR EACH ROW EXECUTE FUNCTION gatehouse_audit_append_only();
CREATE TRIGGER audit_leaves_no_truncate BEFORE TRUNCATE ON "audit_leaves"
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION gatehouse_audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_audit_append_only();

-- Free-text search over entries (payload, actor, event): a GIN full-text index.
CREATE INDEX audit_entries_fulltext ON "audit_entries" USING GIN (to_tsvector('simple', "canonical"));
