-- A run's probabilistic labels are stored a block of items a row (the items' ids, their n × k probabilities and hard
-- labels as arrays), not a row per item: 1M labels were 1M heap rows, primary-key entries and foreign-key checks, and
-- storing them took longer than everything else `pipeline run` does (docs/scale.md). A later block's label for an item
-- replaces an earlier one's (seq orders the saves). label_outputs keeps the labels stored before this migration; both
-- are read, and deleted together.
CREATE TABLE label_output_blocks (
  run_id   text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq      bigserial,
  k        integer NOT NULL,
  item_ids text[] NOT NULL,
  probs    real[] NOT NULL,
  preds    integer[] NOT NULL,
  PRIMARY KEY (run_id, seq)
);
-- Large arrays of floats and ids gain little from compression and cost CPU to compress.
ALTER TABLE label_output_blocks ALTER COLUMN item_ids SET STORAGE EXTERNAL, ALTER COLUMN probs SET STORAGE EXTERNAL, ALTER COLUMN preds SET STORAGE EXTERNAL;
