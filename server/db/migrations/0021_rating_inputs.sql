-- Ratings' missing inputs (issue 4): evidence files of a village's self-assessment, and the
-- member star indicators that no record supplies (dues, commitment, job performance …), scored
-- by the member's branch.

-- One uploaded file backing one indicator of an assessment. The bytes live in the FileStore
-- under `storage_key`; the row goes with the assessment's evidence in the assessment detail.
CREATE TABLE rating_evidence_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL REFERENCES rating_assessments(id),
  indicator text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  storage_key text NOT NULL,
  sha256 text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX rating_evidence_files_assessment_idx ON rating_evidence_files (assessment_id, indicator);

-- The branch's score of one member for one manual indicator in one year (keyed by the
-- indicator's code, like the ledger, so a new scheme version keeps the scores).
CREATE TABLE member_branch_scores (
  member_id uuid NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  indicator text NOT NULL,
  score numeric(8, 2) NOT NULL CHECK (score >= 0),
  set_by uuid,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (member_id, year, indicator)
);
