-- The shared workflow helper: history of every transition, and the timers the sweeper fires.
CREATE TABLE workflow_history (
  id bigserial PRIMARY KEY,
  workflow text NOT NULL,
  entity_id uuid NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  event text NOT NULL,
  actor_id uuid,
  actor_name text NOT NULL,
  at timestamptz NOT NULL,
  note text,
  data jsonb
);
CREATE INDEX workflow_history_entity_idx ON workflow_history (workflow, entity_id, id);

CREATE TABLE workflow_timers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow text NOT NULL,
  entity_id uuid NOT NULL,
  -- The state the entity was in when the timer was set; a timer for a state the entity has left is stale.
  state text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('event', 'notify')),
  event text,
  level text,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  fired_at timestamptz,
  outcome text
);
CREATE INDEX workflow_timers_due_idx ON workflow_timers (due_at) WHERE fired_at IS NULL;
CREATE INDEX workflow_timers_entity_idx ON workflow_timers (workflow, entity_id);
