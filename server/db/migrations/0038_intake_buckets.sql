-- Residents' intake limit per device (issue 5): a token bucket per device key (the zx_dev cookie,
-- else the address), kept in the database so it survives a restart and is shared by every app
-- process. Updated only by one atomic INSERT … ON CONFLICT DO UPDATE … RETURNING per batch
-- (server/modules/appeals/intake-limits.ts). `taken` is how many of the last request's reports
-- were let through, so the caller learns its grant from RETURNING alone.
CREATE TABLE intake_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  taken integer NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Old buckets (full again after the window) can be swept by age.
CREATE INDEX intake_buckets_updated_idx ON intake_buckets (updated_at);
