-- Organisational life: meetings with their attendance sheet and minutes' attachments.
--
-- An attendance sheet is stored compactly: the meeting points at a roster (the sorted member
-- ids expected to attend, shared by every meeting with the same roster and found by its
-- digest) and holds one character per roster position: P present, E excused, A absent; excuse
-- reasons sit at the same positions. A row per member and meeting would be ~1.2 million rows a
-- year for the Shantou demo alone, which PGlite writes at ~15 µs a row and every test would load.
CREATE TABLE attendance_rosters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  digest text NOT NULL,
  member_ids uuid[] NOT NULL
);
CREATE UNIQUE INDEX attendance_rosters_digest_key ON attendance_rosters (digest);

CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  party_org_id uuid NOT NULL REFERENCES party_orgs(id),
  type text NOT NULL CHECK (type IN ('memberAssembly', 'branchCommittee', 'groupMeeting', 'partyLecture', 'themeDay', 'lifeMeeting', 'democraticReview')),
  held_on date NOT NULL,
  topic text NOT NULL,
  minutes text NOT NULL DEFAULT '',
  roster_id uuid REFERENCES attendance_rosters(id),
  attendance text,
  excuse_reasons text[],
  present_count integer NOT NULL DEFAULT 0,
  excused_count integer NOT NULL DEFAULT 0,
  absent_count integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((roster_id IS NULL) = (attendance IS NULL))
);
CREATE INDEX meetings_party_org_idx ON meetings (party_org_id, held_on);
CREATE INDEX meetings_roster_idx ON meetings (roster_id);

CREATE TABLE meeting_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings(id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  storage_key text NOT NULL,
  sha256 text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_attachments_meeting_idx ON meeting_attachments (meeting_id);
