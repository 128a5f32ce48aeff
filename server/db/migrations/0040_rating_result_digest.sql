-- A digest of what a rating result says (path, category, total, grade, stars, flags, the facts and
-- the points; not the time it was computed), so a re-rating writes only the results that changed
-- and leaves the rest untouched instead of rewriting every row of the scope (issue 4's bench).
-- Rows written before it have none and are rewritten once by the next job.
ALTER TABLE rating_results ADD COLUMN digest text;
