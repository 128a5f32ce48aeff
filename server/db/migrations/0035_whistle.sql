-- 镇街吹哨、部门报到 (issue 5 item 5): a town (or the system, for 紧急 appeals) summons
-- departments to an appeal or a standalone problem. Each summoned department is one row of
-- whistle_summons with its own workflow (summoned → checkedIn → reported → rated, overdue when
-- the check-in deadline passes); the whistle's own status is derived from its summons.
CREATE TABLE whistles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  town_id uuid NOT NULL REFERENCES org_units(id),
  -- Org path of the town: who may see the whistle and its summons.
  path text NOT NULL,
  appeal_id uuid REFERENCES appeals(id),
  kind text NOT NULL CHECK (kind IN ('unresolvedDemand', 'jointEnforcement', 'emergency')),
  title text NOT NULL,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('blown', 'responding', 'handled', 'closed', 'cancelled')),
  -- NULL when the system blew it (紧急 appeals).
  blown_by uuid REFERENCES users(id),
  done_due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX whistles_path_idx ON whistles (path text_pattern_ops, created_at);
CREATE INDEX whistles_appeal_idx ON whistles (appeal_id);

CREATE TABLE whistle_summons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  whistle_id uuid NOT NULL REFERENCES whistles(id),
  department_id uuid NOT NULL REFERENCES departments(id),
  path text NOT NULL,
  -- 首接负责: exactly one summons of a whistle leads.
  lead boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('summoned', 'overdue', 'checkedIn', 'reported', 'rated', 'cancelled')),
  check_in_due_at timestamptz NOT NULL,
  done_due_at timestamptz NOT NULL,
  checked_in_at timestamptz,
  checked_in_by uuid REFERENCES users(id),
  reported_at timestamptz,
  reported_by uuid REFERENCES users(id),
  report text,
  rating integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  rated_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX whistle_summons_department_key ON whistle_summons (whistle_id, department_id);
CREATE UNIQUE INDEX whistle_summons_lead_key ON whistle_summons (whistle_id) WHERE lead;
CREATE INDEX whistle_summons_department_idx ON whistle_summons (department_id, created_at);

-- The departments a town's 紧急 appeals summon automatically (the first listed with lead leads).
CREATE TABLE whistle_auto_departments (
  town_id uuid NOT NULL REFERENCES org_units(id),
  department_id uuid NOT NULL REFERENCES departments(id),
  lead boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (town_id, department_id)
);
