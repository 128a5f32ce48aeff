-- What a deadline timer was computed from, so a later change of the official calendar (the
-- city enters next year's State Council notice, or corrects a day) can recompute the pending
-- timers of open steps instead of leaving them counted Monday–Friday. basis_start is when the
-- step's clock started; basis_end the full deadline the timer derives from (a yellow warning
-- fires at a share of the span up to it), so [basis_start, basis_end] is the span of local dates
-- the computation consulted; basis_rule the rule (unit, amount, extension working days, share,
-- time zone). Timers written before this, and timers no rule produced (a publicity end, a
-- deadline set by hand), have none and are never recomputed.
ALTER TABLE workflow_timers ADD COLUMN basis_start timestamptz;
ALTER TABLE workflow_timers ADD COLUMN basis_end timestamptz;
ALTER TABLE workflow_timers ADD COLUMN basis_rule jsonb;

-- The recompute's search: pending timers with a basis, by the end of their span.
CREATE INDEX workflow_timers_basis_idx ON workflow_timers (basis_end) WHERE fired_at IS NULL AND basis_rule IS NOT NULL;

-- 吹哨报到: the rule each default deadline of a summons was computed with (check-in 1 working day,
-- done-by 3 working days from the blow; 紧急: 30 and 120 wall-clock minutes). NULL when the town
-- set the time itself: a time a person chose is never recomputed. The done-by has no timer until
-- the department checks in, so it is recomputed from these columns, not from a timer.
ALTER TABLE whistle_summons ADD COLUMN check_in_rule jsonb;
ALTER TABLE whistle_summons ADD COLUMN done_rule jsonb;
