-- Grids and residents' appeals (issue 5): grids under villages with their signboard token state,
-- a configurable category catalogue and deadline rules, the appeals themselves (phones encrypted:
-- ciphertext + keyed hash + masked form only), their attachments and extension requests, and the
-- notifications (in-app inbox, per-unit notifier configs, and an outbox delivered with retry).
-- The appeal workflow's history and timers live in workflow_history / workflow_timers (0002).

-- A grid is an org unit of level 'grid' under its village (so grants and scope work unchanged);
-- this row holds what only grids have.
CREATE TABLE grids (
  org_unit_id uuid PRIMARY KEY REFERENCES org_units(id),
  village_id uuid NOT NULL REFERENCES org_units(id),
  code text NOT NULL CHECK (code ~ '^[0-9]{15}$'),
  households integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  boundary jsonb,
  centre_lng double precision,
  centre_lat double precision,
  leader_user_id uuid REFERENCES users(id),
  -- Rotating the signboard increments the version: every earlier print's token stops verifying.
  signboard_version integer NOT NULL DEFAULT 1,
  signboard_rotated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((centre_lng IS NULL) = (centre_lat IS NULL))
);
CREATE UNIQUE INDEX grids_code_key ON grids (code);
CREATE INDEX grids_village_idx ON grids (village_id);

-- 网格员 of a grid (each also holds a gridWorker grant on the grid's org unit, which gives scope).
-- Their work phone is printed masked on the signboard; stored like personal data.
CREATE TABLE grid_workers (
  grid_id uuid NOT NULL REFERENCES grids(org_unit_id),
  user_id uuid NOT NULL REFERENCES users(id),
  phone_cipher text,
  phone_hash text,
  phone_masked text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (grid_id, user_id)
);
CREATE INDEX grid_workers_user_idx ON grid_workers (user_id);

-- The category catalogue residents pick from; each category carries its default scale.
CREATE TABLE appeal_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  scale text NOT NULL CHECK (scale IN ('micro', 'small', 'major', 'urgent')),
  sort integer NOT NULL DEFAULT 0,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX appeal_categories_code_key ON appeal_categories (code);

-- Deadline rules per category × scale × level × stage; NULL category / level = any. The most
-- specific matching rule wins (category before scale, level before any).
CREATE TABLE appeal_deadline_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid REFERENCES appeal_categories(id),
  scale text NOT NULL CHECK (scale IN ('micro', 'small', 'major', 'urgent')),
  level text CHECK (level IN ('grid', 'village', 'town', 'district')),
  stage text NOT NULL CHECK (stage IN ('accept', 'handle', 'verify')),
  unit text NOT NULL CHECK (unit IN ('calendarMinutes', 'workingHours', 'workingDays', 'sameDay')),
  amount numeric NOT NULL CHECK (amount >= 0),
  -- The yellow warning fires when this share of the allowed time has passed.
  yellow_percent integer NOT NULL DEFAULT 67 CHECK (yellow_percent BETWEEN 1 AND 99),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX appeal_deadline_rules_key
  ON appeal_deadline_rules (COALESCE(category_id, '00000000-0000-0000-0000-000000000000'::uuid), scale, COALESCE(level, '*'), stage);

CREATE TABLE appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tracking_code text NOT NULL,
  grid_id uuid REFERENCES org_units(id),
  -- Org path of the grid (or of the unit it was filed at): who may see the appeal.
  path text NOT NULL,
  handling_unit_id uuid NOT NULL REFERENCES org_units(id),
  handling_level text NOT NULL CHECK (handling_level IN ('grid', 'village', 'town', 'district')),
  -- Org path of the handling unit: who may act on it now.
  handling_path text NOT NULL,
  category_id uuid NOT NULL REFERENCES appeal_categories(id),
  scale text NOT NULL CHECK (scale IN ('micro', 'small', 'major', 'urgent')),
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'inProgress', 'resolved', 'closed', 'returned', 'escalated', 'dispatched', 'rejected', 'reopened')),
  channel text NOT NULL CHECK (channel IN ('resident', 'onBehalf', 'patrol', 'open311')),
  -- Stored and shown as plain text, never as markup.
  description text NOT NULL,
  location_text text,
  lng double precision,
  lat double precision,
  phone_cipher text,
  phone_hash text,
  phone_masked text,
  consent_at timestamptz,
  filed_by uuid REFERENCES users(id),
  idempotency_key text,
  stage text CHECK (stage IN ('accept', 'handle', 'verify')),
  due_at timestamptz,
  warning text CHECK (warning IN ('yellow', 'red')),
  escalations integer NOT NULL DEFAULT 0,
  reopens integer NOT NULL DEFAULT 0,
  accepted_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  resolution text,
  reject_reason text,
  satisfaction integer CHECK (satisfaction BETWEEN 1 AND 5),
  feedback text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((phone_cipher IS NULL) OR (consent_at IS NOT NULL)),
  CHECK ((lng IS NULL) = (lat IS NULL))
);
CREATE UNIQUE INDEX appeals_tracking_code_key ON appeals (tracking_code);
CREATE UNIQUE INDEX appeals_idempotency_key ON appeals (idempotency_key);
CREATE INDEX appeals_path_idx ON appeals (path text_pattern_ops, created_at);
CREATE INDEX appeals_handling_idx ON appeals (handling_unit_id, status);
CREATE INDEX appeals_grid_created_idx ON appeals (grid_id, created_at);
CREATE INDEX appeals_due_idx ON appeals (due_at) WHERE status NOT IN ('resolved', 'closed', 'rejected');

-- Photos and voice notes; bytes live in the FileStore under `key`.
CREATE TABLE appeal_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appeal_id uuid NOT NULL REFERENCES appeals(id),
  kind text NOT NULL CHECK (kind IN ('photo', 'voice')),
  file_key text NOT NULL,
  mime_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  -- Whether the resident allowed the photo's GPS position to be kept.
  keeps_location boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX appeal_attachments_appeal_idx ON appeal_attachments (appeal_id);

-- 延期: a handler asks for more working days; the level above approves (the `extend` event).
CREATE TABLE appeal_extensions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appeal_id uuid NOT NULL REFERENCES appeals(id),
  requested_by uuid NOT NULL REFERENCES users(id),
  working_days integer NOT NULL CHECK (working_days BETWEEN 1 AND 30),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX appeal_extensions_appeal_idx ON appeal_extensions (appeal_id);
CREATE UNIQUE INDEX appeal_extensions_pending_key ON appeal_extensions (appeal_id) WHERE status = 'pending';

-- The in-app inbox: one row per recipient.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  entity_type text,
  entity_id uuid,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- External channels configured per org unit (WeCom / DingTalk group robots, signed webhooks).
CREATE TABLE notifier_configs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  kind text NOT NULL CHECK (kind IN ('wecomRobot', 'dingtalkRobot', 'webhook')),
  name text NOT NULL,
  -- The robot's webhook URL carries its key: encrypted like personal data.
  url_cipher text NOT NULL,
  secret_cipher text,
  -- Messages per minute (WeCom and DingTalk robots allow 20).
  per_minute integer NOT NULL DEFAULT 20 CHECK (per_minute BETWEEN 1 AND 600),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifier_configs_unit_idx ON notifier_configs (org_unit_id);

-- Messages waiting for an external channel; the sweeper delivers them with retry and backoff.
CREATE TABLE notification_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  config_id uuid NOT NULL REFERENCES notifier_configs(id),
  title text NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_sent_idx ON notification_outbox (config_id, sent_at);

-- Default catalogue and deadlines (PRACTICE §6.6): contact within 30 minutes; 微事 same day,
-- 小事 3 working days, 大事 7 working days, 紧急 2 hours wall-clock; verify within 1 working day.
INSERT INTO appeal_categories (code, name, scale, sort) VALUES
  ('consult', '政策咨询', 'micro', 10),
  ('environment', '环境卫生', 'small', 20),
  ('roads', '道路交通', 'small', 30),
  ('water', '供水供电', 'small', 40),
  ('neighbour', '邻里纠纷', 'small', 50),
  ('welfare', '民生保障', 'major', 60),
  ('land', '土地山林', 'major', 70),
  ('safety', '安全隐患', 'urgent', 80),
  ('other', '其他', 'small', 90);
INSERT INTO appeal_deadline_rules (scale, stage, unit, amount) VALUES
  ('micro', 'accept', 'workingHours', 0.5),
  ('small', 'accept', 'workingHours', 0.5),
  ('major', 'accept', 'workingHours', 0.5),
  ('urgent', 'accept', 'calendarMinutes', 30),
  ('micro', 'handle', 'sameDay', 0),
  ('small', 'handle', 'workingDays', 3),
  ('major', 'handle', 'workingDays', 7),
  ('urgent', 'handle', 'calendarMinutes', 120),
  ('micro', 'verify', 'workingDays', 1),
  ('small', 'verify', 'workingDays', 1),
  ('major', 'verify', 'workingDays', 1),
  ('urgent', 'verify', 'workingDays', 1);
