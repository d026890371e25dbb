-- Browser sessions: signing in with an add-user token opens one (only its SHA-256 is stored); signing out deletes it.

CREATE TABLE tagger_sessions (
  token_hash text PRIMARY KEY,
  user_name  text COLLATE "C" NOT NULL REFERENCES tagger_users (name) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tagger_sessions_expiry ON tagger_sessions (expires_at);
