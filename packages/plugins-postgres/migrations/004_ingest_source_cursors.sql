-- Where ingest resumes a source when its bus does not persist between processes (the in-process bus): the cursor of
-- the last stored record, written in the transaction that stores the batch (docs/decisions.md).
CREATE TABLE ingest_source_cursors (
  consumer_group text NOT NULL,
  topic text NOT NULL,
  cursor text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic)
);
