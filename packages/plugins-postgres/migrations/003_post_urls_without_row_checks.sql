-- post_urls loses its per-row foreign key: the store writes a post's URLs only in the transaction that writes the post,
-- so the check was always true, and it cost Postgres about as much as loading the posts themselves (COPY of 200,000 URL
-- rows: 2.6-3.6 s with the foreign key, 0.7 s without; docs/ingest.md). What it also did is kept by statement triggers:
-- deleting or truncating posts deletes their URLs.
ALTER TABLE post_urls DROP CONSTRAINT post_urls_post_id_fkey;

CREATE FUNCTION skimmer_delete_post_urls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- DELETE, not TRUNCATE: the same TRUNCATE statement may be emptying post_urls too.
    EXECUTE format('DELETE FROM %I.post_urls', TG_TABLE_SCHEMA);
  ELSE
    EXECUTE format('DELETE FROM %I.post_urls u USING removed_posts r WHERE u.post_id = r.id', TG_TABLE_SCHEMA);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER raw_posts_delete_urls AFTER DELETE ON raw_posts
  REFERENCING OLD TABLE AS removed_posts FOR EACH STATEMENT EXECUTE FUNCTION skimmer_delete_post_urls();
CREATE TRIGGER raw_posts_truncate_urls AFTER TRUNCATE ON raw_posts
  FOR EACH STATEMENT EXECUTE FUNCTION skimmer_delete_post_urls();
