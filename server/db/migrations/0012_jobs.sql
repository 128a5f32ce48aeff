-- Long-running jobs (imports first): progress is written every N rows so any app process can
-- answer the UI's polling, and the CLI drives the same job code with a progress bar.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  actor_id uuid,
  org_path text,
  phase text NOT NULL DEFAULT 'queued',
  done integer NOT NULL DEFAULT 0,
  total integer,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_actor_idx ON jobs (actor_id, created_at);
