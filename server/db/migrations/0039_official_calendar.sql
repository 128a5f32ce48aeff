-- The official holiday calendar kept by the city: the chinese-days package only knows the years
-- it was published with (through 2026 in 1.5.7), and the State Council publishes each year's
-- notice around November, so a deployment enters the notice here without a code release.
-- An entered day wins over the package for its date (a correction of a covered year works too);
-- `holiday` is a rest day (weekday or weekend), `workday` a 调休 make-up working day on a weekend.
CREATE TABLE official_calendar_days (
  date date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL,
  source_note text,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL
);

-- A year the city has entered and checked in full (元旦 to 国庆): only then is a year the package
-- does not know counted as covered; until then the coverage warning keeps showing.
CREATE TABLE official_calendar_years (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  note text,
  completed_by uuid,
  completed_at timestamptz NOT NULL
);
