-- Free-text search over audit entries splits words at punctuation, so that
-- "refund 250" matches {"type":"refund.issue",…,"amount":250}. The query in
-- lib/audit/store.ts uses the same expression, so this index serves it.
DROP INDEX IF EXISTS "audit_entries_fulltext";
CREATE INDEX "audit_entries_fulltext" ON "audit_entries" USING GIN (to_tsvector('simple', regexp_replace("canonical", '[^[:alnum:]]+', ' ', 'g')));
