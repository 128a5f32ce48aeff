import type { Db } from "../../db/client.js";
import { compileScheme, computeCompiled, type Scheme } from "./engine/index.js";
import { starsOf, storedBreakdown } from "./facts.js";
import { memberSubjects } from "./member-facts.js";
import { withRatingReads } from "./metrics.service.js";
import type { RateOutcome, Progress } from "./rate-villages.js";
import type { RatingDeps } from "./rating-deps.js";
import type { ResultInsert } from "./results.repo.js";

/**
 * Rates every member under `scopePath` with a member-star scheme: members and their records in
 * a few set-based queries (see memberSubjects) and one compilation; the caller writes the rows.
 */
export async function computeMembers(
  deps: RatingDeps,
  db: Db,
  s: { schemeId: string; scheme: Scheme; scopePath: string },
  progress: Progress = async () => undefined,
): Promise<RateOutcome> {
  const compiled = compileScheme(s.scheme);
  if (!compiled.ok) return { rated: 0, failed: 0, refused: [], failures: [{ subjectId: s.schemeId, problems: compiled.problems }], rows: [] };
  await progress("facts", 0, null);
  const subjects = await withRatingReads(db, (tx) => memberSubjects(deps, tx, s.scheme, s.scopePath));
  await progress("compute", 0, subjects.length);
  const asOf = deps.clock.now();
  const rows: ResultInsert[] = [];
  const out: RateOutcome = { rated: 0, rows, failed: 0, refused: [], failures: [] };
  for (const m of subjects) {
    const r = computeCompiled(compiled.compiled, m.facts, asOf);
    if (!r.ok) {
      out.failed++;
      out.refused.push(m.id);
      if (out.failures.length < 20) out.failures.push({ subjectId: m.id, problems: r.problems });
      continue;
    }
    const res = r.result;
    rows.push({ subjectId: m.id, path: m.path, category: res.categoryCode, total: res.total, grade: res.grade, stars: starsOf(s.scheme.grading, res.grade), complete: res.complete, provisional: res.provisional, breakdown: storedBreakdown(m.facts, res) });
  }
  out.rated = rows.length;
  return out;
}
