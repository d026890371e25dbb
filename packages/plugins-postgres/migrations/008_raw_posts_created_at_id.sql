-- The dashboard's feed lists a model's relevant posts newest first by the post's creation time, ties by id: an index on
-- (created_at, id) reads them in that order (backwards) without a sort; it also serves every created_at-only lookup.
-- IF NOT EXISTS: an operator may have built it beforehand with CREATE INDEX CONCURRENTLY (docs/operations-postgres.md).
CREATE INDEX IF NOT EXISTS raw_posts_created_at_id ON raw_posts (created_at, id);
DROP INDEX IF EXISTS raw_posts_created_at;
