-- Distributed labelling: the members of a job label their partitions with the model the fit stored (docs/scale.md).
-- The fit writes one task per partition with the cut's offset on it; a process claims a task with a row lock
-- (FOR UPDATE SKIP LOCKED), stores the partition's labels into the fit's run and sets row_count in that transaction, so
-- a partition is labelled exactly once: a process killed mid-partition rolls back, and its lock goes with its connection.
CREATE TABLE label_partition_tasks (
  job text NOT NULL,
  run_id text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  partition integer NOT NULL,
  before_offset bigint NOT NULL,
  row_count integer,
  labelled_at timestamptz,
  PRIMARY KEY (job, run_id, partition)
);

-- Who labels (fit, workers or both) and the fit's cut (each partition's stored position when it fitted).
ALTER TABLE label_jobs ADD COLUMN predict text NOT NULL DEFAULT 'fit', ADD COLUMN cut jsonb NOT NULL DEFAULT '[]';
