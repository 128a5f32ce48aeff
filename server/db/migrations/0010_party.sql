-- Party organisations (党委 / 党总支 / 党支部) attached to org units, and their members.
-- Personal data: ID numbers and phones are stored only as AES-256-GCM ciphertext, a keyed
-- HMAC for lookup and duplicate detection, and the masked display form computed at write time
-- (list screens never decrypt).
CREATE TABLE party_orgs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  parent_id uuid REFERENCES party_orgs(id),
  kind text NOT NULL CHECK (kind IN ('committee', 'generalBranch', 'branch')),
  name text NOT NULL,
  secretary_id uuid,
  founded_on date,
  term_start date,
  term_end date,
  dissolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_orgs_org_unit_idx ON party_orgs (org_unit_id);
CREATE INDEX party_orgs_parent_idx ON party_orgs (parent_id);
CREATE UNIQUE INDEX party_orgs_unit_name_key ON party_orgs (org_unit_id, name);

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  party_org_id uuid NOT NULL REFERENCES party_orgs(id),
  name text NOT NULL,
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date date NOT NULL,
  id_type text NOT NULL,
  id_number_cipher text,
  id_number_hash text,
  id_masked text,
  phone_cipher text,
  phone_hash text,
  phone_masked text,
  education text,
  joined_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('full', 'probationary')),
  probation_ends_on date,
  mobile_member boolean NOT NULL DEFAULT false,
  mobile_workplace text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'full' OR probation_ends_on IS NOT NULL)
);
CREATE INDEX members_party_org_idx ON members (party_org_id, name);
-- One person, one record in the city: NULLs (no number on file) do not collide.
CREATE UNIQUE INDEX members_id_number_hash_key ON members (id_number_hash);
CREATE INDEX members_phone_hash_idx ON members (phone_hash);

ALTER TABLE party_orgs ADD CONSTRAINT party_orgs_secretary_fk FOREIGN KEY (secretary_id) REFERENCES members(id);

-- 组织关系转接: every move between organisations, oldest first; the member row holds the current one.
CREATE TABLE member_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL REFERENCES members(id),
  from_party_org_id uuid NOT NULL REFERENCES party_orgs(id),
  to_party_org_id uuid NOT NULL REFERENCES party_orgs(id),
  transferred_on date NOT NULL,
  reason text NOT NULL,
  actor_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_transfers_member_idx ON member_transfers (member_id, transferred_on);
