-- Ratings (issue 4): versioned schemes, village categories per year, the yearly assessment per
-- village with its workflow, computed results with their full breakdown, the member star ledger,
-- 民主评议 grades, and next year's allocation plans.
--
-- A scheme's body is the engine's Scheme JSON (server/modules/rating/engine/schema.ts), validated
-- by the engine before it is stored; a published row is never updated except to archive it, so a
-- result can always be recomputed with the exact version that produced it.
CREATE TABLE rating_schemes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  version integer NOT NULL,
  programme text NOT NULL,
  year integer NOT NULL,
  issuing_unit_id uuid NOT NULL REFERENCES org_units(id),
  subject_level text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
  name text NOT NULL,
  body jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz,
  archived_at timestamptz
);
CREATE UNIQUE INDEX rating_schemes_version_key ON rating_schemes (issuing_unit_id, code, year, version);
CREATE INDEX rating_schemes_programme_idx ON rating_schemes (programme, year);

-- 差异化考核: each village's category for one year; `suggested` is what the division code's
-- urban/rural kind proposes, `category` what the district decided.
CREATE TABLE village_categories (
  year integer NOT NULL,
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  category text NOT NULL,
  suggested text,
  set_by uuid,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (year, org_unit_id)
);

-- One assessment per village per scheme. Manual scores are kept per evaluator role
-- ({ indicator: { role: value } }), evidence as file references per indicator.
CREATE TABLE rating_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scheme_id uuid NOT NULL REFERENCES rating_schemes(id),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  path text NOT NULL,
  status text NOT NULL CHECK (status IN ('selfAssess', 'townReview', 'districtApproval', 'publicity', 'objection', 'final')),
  manual_scores jsonb NOT NULL DEFAULT '{}',
  veto_hits text[] NOT NULL DEFAULT '{}',
  evidence jsonb NOT NULL DEFAULT '{}',
  self_note text,
  town_note text,
  district_note text,
  publicity_ends_at timestamptz,
  objection_reason text,
  objected_at timestamptz,
  objection_answer text,
  objection_upheld boolean,
  answered_at timestamptz,
  finalised_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX rating_assessments_subject_key ON rating_assessments (scheme_id, org_unit_id);
CREATE INDEX rating_assessments_path_idx ON rating_assessments (path text_pattern_ops);
CREATE INDEX rating_assessments_status_idx ON rating_assessments (scheme_id, status);

-- A computed result: the engine's ScoreResult as `breakdown` (every line with its input, rule,
-- points and reason) and the scheme version it came from. Villages and members alike.
CREATE TABLE rating_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scheme_id uuid NOT NULL REFERENCES rating_schemes(id),
  programme text NOT NULL,
  year integer NOT NULL,
  subject_kind text NOT NULL CHECK (subject_kind IN ('orgUnit', 'member')),
  subject_id uuid NOT NULL,
  path text NOT NULL,
  category text,
  total numeric(8, 2) NOT NULL,
  grade text,
  stars integer,
  rank_in_category integer,
  complete boolean NOT NULL,
  provisional boolean NOT NULL,
  breakdown jsonb NOT NULL,
  job_id uuid,
  computed_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX rating_results_subject_key ON rating_results (scheme_id, subject_id);
CREATE INDEX rating_results_year_idx ON rating_results (programme, year, subject_kind);
CREATE INDEX rating_results_path_idx ON rating_results (path text_pattern_ops);
CREATE INDEX rating_results_subject_idx ON rating_results (subject_id, programme, year);

-- Member star events that organisational life does not record: study hours, volunteer hours
-- (with evidence), household visits, urgent tasks, upheld complaints, and discipline (清零).
CREATE TABLE member_star_ledger (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('study', 'volunteer', 'linkHouse', 'urgent', 'complaintUpheld', 'discipline')),
  quantity numeric(8, 2) NOT NULL CHECK (quantity > 0),
  occurred_on date NOT NULL,
  note text NOT NULL DEFAULT '',
  evidence jsonb NOT NULL DEFAULT '[]',
  recorded_by uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX member_star_ledger_member_idx ON member_star_ledger (member_id, year);
CREATE INDEX member_star_ledger_year_idx ON member_star_ledger (year, kind);

-- 民主评议 grade, kept beside the stars and never merged into them.
CREATE TABLE member_review_grades (
  member_id uuid NOT NULL REFERENCES members(id),
  year integer NOT NULL,
  grade text NOT NULL CHECK (grade IN ('excellent', 'qualified', 'basicallyQualified', 'unqualified')),
  set_by uuid,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (member_id, year)
);

-- Next year's fund allocation by the rating: the plan's parameters and, once previewed, one
-- line per village with its amount in fen and the explanation of how it was reached.
CREATE TABLE allocation_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  year integer NOT NULL,
  scheme_id uuid NOT NULL REFERENCES rating_schemes(id),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  path text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'approved')),
  pool_fen bigint NOT NULL CHECK (pool_fen > 0),
  params jsonb NOT NULL,
  created_by uuid,
  approved_by uuid,
  approved_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX allocation_plans_path_idx ON allocation_plans (path text_pattern_ops);

CREATE TABLE allocation_lines (
  plan_id uuid NOT NULL REFERENCES allocation_plans(id) ON DELETE CASCADE,
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  grade text,
  stars integer,
  total numeric(8, 2),
  category text,
  rectify boolean NOT NULL,
  priority text NOT NULL,
  amount_fen bigint NOT NULL,
  earmark_fen bigint NOT NULL,
  explanation jsonb NOT NULL,
  PRIMARY KEY (plan_id, org_unit_id)
);

-- The member record a `member` account is (so a member sees their own stars).
CREATE TABLE member_accounts (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  member_id uuid NOT NULL REFERENCES members(id)
);
CREATE UNIQUE INDEX member_accounts_member_key ON member_accounts (member_id);
