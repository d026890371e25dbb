-- Active-learning iterations of `pipeline iterate`: the batch pushed to a tagger project, then what training on the project's gold gave.

CREATE TABLE pipeline_iterations (
  project_id     text COLLATE "C" NOT NULL REFERENCES tagger_projects (id) ON DELETE CASCADE,
  iteration      integer NOT NULL CHECK (iteration >= 1),
  -- The run whose label-model labels and label matrices the iteration used.
  run_id         text NOT NULL,
  strategy       text NOT NULL,
  selected_ids   text[] NOT NULL,
  pushed_at      timestamptz NOT NULL DEFAULT now(),
  -- Filled in once tags arrived and the classifier was retrained (NULL while the batch waits for people).
  gold_size      integer,
  gold_digest    text,
  metrics        jsonb,
  classifier_dir text,
  trained_at     timestamptz,
  PRIMARY KEY (project_id, iteration)
);
