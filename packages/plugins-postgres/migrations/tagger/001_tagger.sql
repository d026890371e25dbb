-- The tagger's tables: annotators (token hashes only), projects with their members, records, tags and review resolutions.

CREATE TABLE tagger_users (
  name       text COLLATE "C" PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  is_admin   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tagger_projects (
  id            text COLLATE "C" PRIMARY KEY,
  name          text NOT NULL,
  labels        jsonb NOT NULL,
  guidelines    text NOT NULL DEFAULT '',
  ordering      text NOT NULL DEFAULT 'sequential' CHECK (ordering IN ('sequential', 'random', 'active')),
  seed          integer NOT NULL DEFAULT 0,
  overlap       integer NOT NULL DEFAULT 1 CHECK (overlap >= 1),
  show_hints    boolean NOT NULL DEFAULT true,
  eval_fraction double precision NOT NULL DEFAULT 0 CHECK (eval_fraction >= 0 AND eval_fraction <= 1),
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tagger_members (
  project_id text COLLATE "C" NOT NULL REFERENCES tagger_projects (id) ON DELETE CASCADE,
  user_name  text COLLATE "C" NOT NULL REFERENCES tagger_users (name) ON DELETE CASCADE,
  PRIMARY KEY (project_id, user_name)
);

CREATE TABLE tagger_records (
  project_id  text COLLATE "C" NOT NULL REFERENCES tagger_projects (id) ON DELETE CASCADE,
  id          text COLLATE "C" NOT NULL,
  position    integer NOT NULL,
  text        text NOT NULL,
  metadata    jsonb NOT NULL DEFAULT '{}',
  split       text NOT NULL DEFAULT 'train',
  random_rank double precision NOT NULL,
  hints       jsonb,
  prediction  double precision[],
  margin      double precision,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX tagger_records_position ON tagger_records (project_id, position);

CREATE TABLE tagger_tags (
  project_id    text COLLATE "C" NOT NULL,
  record_id     text COLLATE "C" NOT NULL,
  annotator     text COLLATE "C" NOT NULL,
  label         integer,
  time_spent_ms integer,
  at            timestamptz NOT NULL DEFAULT now(),
  seq           bigserial,
  PRIMARY KEY (project_id, record_id, annotator),
  FOREIGN KEY (project_id, record_id) REFERENCES tagger_records (project_id, id) ON DELETE CASCADE
);
CREATE INDEX tagger_tags_history ON tagger_tags (project_id, annotator, seq);

CREATE TABLE tagger_resolutions (
  project_id  text COLLATE "C" NOT NULL,
  record_id   text COLLATE "C" NOT NULL,
  label       integer NOT NULL,
  resolved_by text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, record_id),
  FOREIGN KEY (project_id, record_id) REFERENCES tagger_records (project_id, id) ON DELETE CASCADE
);
