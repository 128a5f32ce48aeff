-- Open311 GeoReport v2 (issue 5 item 8): API keys issued by admins for POST /requests. Only a
-- keyed hash of the key is stored; the key itself is shown once when issued. A key is scoped to
-- an org unit: its requests are routed and listed inside that subtree.
CREATE TABLE open311_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  name text NOT NULL,
  key_hash text NOT NULL,
  -- The first characters, shown in lists so an admin can tell keys apart.
  key_prefix text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE UNIQUE INDEX open311_keys_hash_key ON open311_keys (key_hash);
CREATE INDEX open311_keys_unit_idx ON open311_keys (org_unit_id);
