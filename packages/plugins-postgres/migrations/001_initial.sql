-- Skimmer's tables, one schema: collected posts, their URLs, rejects, consumer offsets, datasets, gold labels, runs, labels and predictions.
-- Text keys use COLLATE "C" so id order (keyset pagination) is byte order on every backend.

CREATE TABLE raw_posts (
  id                text COLLATE "C" PRIMARY KEY,
  created_at        timestamptz NOT NULL,
  text              text NOT NULL,
  source            text NOT NULL,
  client            text,
  expanded_urls     text[] NOT NULL DEFAULT '{}',
  media_urls        text[] NOT NULL DEFAULT '{}',
  lang              text,
  author_id         text,
  referenced_tweets jsonb,
  payload           jsonb,
  ingested_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX raw_posts_created_at ON raw_posts (created_at);

CREATE TABLE post_urls (
  post_id      text COLLATE "C" NOT NULL REFERENCES raw_posts (id) ON DELETE CASCADE,
  url          text NOT NULL,
  expanded_url text NOT NULL,
  domain       text,
  label        integer,
  PRIMARY KEY (post_id, expanded_url)
);
CREATE INDEX post_urls_domain ON post_urls (domain);

CREATE TABLE dead_letters (
  id        bigserial PRIMARY KEY,
  raw       bytea NOT NULL,
  error     text NOT NULL,
  topic     text,
  partition integer,
  "offset"  bigint,
  source    text,
  at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ingest_offsets (
  consumer_group text NOT NULL,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  next_offset    bigint NOT NULL CHECK (next_offset >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

CREATE TABLE datasets (
  name       text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  config     jsonb,
  seed       bigint
);

CREATE TABLE dataset_items (
  dataset     text NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
  split       text NOT NULL,
  item_id     text COLLATE "C" NOT NULL,
  naive_label integer,
  PRIMARY KEY (dataset, item_id)
);
CREATE INDEX dataset_items_split ON dataset_items (dataset, split, item_id);

CREATE TABLE gold_labels (
  dataset       text NOT NULL,
  item_id       text COLLATE "C" NOT NULL,
  label         integer NOT NULL,
  annotator     text COLLATE "C" NOT NULL,
  time_spent_ms integer,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, item_id, annotator)
);

CREATE TABLE runs (
  id          text PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  config      jsonb,
  metrics     jsonb,
  artifacts   jsonb,
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed'))
);

CREATE TABLE label_outputs (
  run_id  text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  item_id text COLLATE "C" NOT NULL,
  probs   real[] NOT NULL,
  pred    integer NOT NULL,
  PRIMARY KEY (run_id, item_id)
);

CREATE TABLE predictions (
  post_id     text COLLATE "C" NOT NULL,
  model_id    text NOT NULL,
  label       integer NOT NULL,
  probability real NOT NULL,
  probs       real[],
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, model_id)
);
CREATE INDEX predictions_model ON predictions (model_id, post_id);
