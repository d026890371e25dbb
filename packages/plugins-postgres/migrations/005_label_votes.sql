-- Distributed labelling (`pipeline label --role worker|fit`): each member stores the votes of a consumed batch and the
-- batch's partial statistics in the transaction that moves the job's offsets (ingest_offsets, consumer_group = job);
-- A record may carry several posts, hence one row per (record, item). The fit stores the label model it fitted from the merged statistics (docs/scale.md).
CREATE TABLE label_votes (
  job text NOT NULL,
  partition integer NOT NULL,
  record_offset bigint NOT NULL,
  item_id text COLLATE "C" NOT NULL,
  votes integer[] NOT NULL,
  PRIMARY KEY (job, partition, record_offset, item_id)
);

CREATE TABLE label_vote_stats (
  job text NOT NULL,
  partition integer NOT NULL,
  first_offset bigint NOT NULL,
  last_offset bigint NOT NULL,
  row_count integer NOT NULL,
  stats jsonb NOT NULL,
  PRIMARY KEY (job, partition, first_offset)
);

CREATE TABLE label_jobs (
  job text PRIMARY KEY,
  run_id text NOT NULL,
  model_type text NOT NULL,
  model jsonb NOT NULL,
  stats jsonb NOT NULL,
  fitted_at timestamptz NOT NULL DEFAULT now()
);
