-- label_outputs loses its per-row foreign key to runs: a run's labels are written by that run (labelOutputs.save
-- checks once per batch that the run exists, and holds it with FOR KEY SHARE as the key check did), and the per-row
-- check cost Postgres more than loading the rows (binary COPY of 200,000 labels: 3.4-3.8 s with the foreign key,
-- 1.3 s without; docs/scale.md). What ON DELETE CASCADE did is kept by statement triggers: deleting or truncating runs
-- deletes their labels.
ALTER TABLE label_outputs DROP CONSTRAINT label_outputs_run_id_fkey;

CREATE FUNCTION skimmer_delete_run_labels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- DELETE, not TRUNCATE: the same TRUNCATE statement may be emptying label_outputs too.
    EXECUTE format('DELETE FROM %I.label_outputs', TG_TABLE_SCHEMA);
  ELSE
    EXECUTE format('DELETE FROM %I.label_outputs l USING removed_runs r WHERE l.run_id = r.id', TG_TABLE_SCHEMA);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER runs_delete_labels AFTER DELETE ON runs
  REFERENCING OLD TABLE AS removed_runs FOR EACH STATEMENT EXECUTE FUNCTION skimmer_delete_run_labels();
CREATE TRIGGER runs_truncate_labels AFTER TRUNCATE ON runs
  FOR EACH STATEMENT EXECUTE FUNCTION skimmer_delete_run_labels();
