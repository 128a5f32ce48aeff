import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { pgArray } from "../party/bulk-sql.js";
import { compileScheme, computeCompiled, type Problem, type Scheme } from "./engine/index.js";
import { villageFacts, starsOf, storedBreakdown } from "./facts.js";
import { gatherMetrics, metricsRead, withRatingReads } from "./metrics.service.js";
import type { RatingDeps } from "./rating-deps.js";
import type { ResultInsert } from "./results.repo.js";

export interface RateOutcome {
  rated: number;
  /** The results to write (writeResults). */
  rows: ResultInsert[];
  failed: number;
  /** Every subject whose facts the engine refused: still in the scope, so its last result is kept. */
  refused: string[];
  /** The first few subjects whose facts the engine refused, with its problems. */
  failures: { subjectId: string; problems: Problem[] }[];
}

export type Progress = (phase: "facts" | "compute" | "write", done: number, total: number | null) => Promise<void>;

interface VillageRow {
  id: string;
  path: string;
  category: string | null;
  manual_scores: Record<string, Record<string, number>> | null;
  veto_hits: string[] | null;
}

/**
 * Rates every village (涉农: 村委会 and communities marked agricultural) under `scopePath` with a
 * scheme, set-based: one query for the villages with their category and assessment, one pass per
 * metric provider, the engine over all of them with one compilation; the caller writes the rows
 * in bulk (writeResults). `subjectIds` narrows it to some villages (one approval rates one village the same way).
 */
export async function computeVillages(
  deps: RatingDeps,
  db: Db,
  s: { schemeId: string; scheme: Scheme; scopePath: string; subjectIds?: readonly string[] },
  progress: Progress = async () => undefined,
): Promise<RateOutcome> {
  const { scheme } = s;
  const compiled = compileScheme(scheme);
  if (!compiled.ok) return { rated: 0, rows: [], failed: 0, refused: [], failures: [{ subjectId: s.schemeId, problems: compiled.problems }] };
  await progress("facts", 0, null);
  const only = s.subjectIds ? sql`AND ou.id = ANY(${pgArray(s.subjectIds, "uuid")})` : sql``;
  const read = async (tx: Db) => {
    // Category and assessment by their unique keys per village: an index probe each, whatever
    // the statistics say (PGlite runs no autovacuum, and a join planned on its default guesses
    // rescanned the year's categories once per village).
    const villages = await queryRows<VillageRow>(
      tx,
      sql`SELECT ou.id, ou.path,
            (SELECT vc.category FROM village_categories vc WHERE vc.year = ${scheme.year} AND vc.org_unit_id = ou.id) AS category,
            a.manual_scores, a.veto_hits
          FROM org_units ou
          LEFT JOIN LATERAL (SELECT a.manual_scores, a.veto_hits FROM rating_assessments a WHERE a.scheme_id = ${s.schemeId} AND a.org_unit_id = ou.id) a ON true
          WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.path LIKE ${`${s.scopePath}%`} ${only}`,
    );
    const metrics = await gatherMetrics(tx, deps.providers, "orgUnit", { year: scheme.year, timeZone: deps.timeZone, scopePath: s.scopePath, ...(s.subjectIds ? { subjectIds: s.subjectIds } : {}) }, names);
    return { villages, metrics };
  };
  const names = metricsRead(scheme);
  // A whole scope reads in one tuned transaction; one village (an approval, a preview) reads on
  // the caller's handle, which may be its transaction.
  const { villages, metrics } = s.subjectIds ? await read(db) : await withRatingReads(db, read);
  const categories = new Set(scheme.categories.map((c) => c.code));
  const asOf = deps.clock.now();
  const rows: ResultInsert[] = [];
  const out: RateOutcome = { rated: 0, rows, failed: 0, refused: [], failures: [] };
  await progress("compute", 0, villages.length);
  for (const v of villages) {
    const facts = villageFacts(scheme, categories, names, { category: v.category, metrics: metrics.get(v.id), manualScores: v.manual_scores, vetoHits: v.veto_hits });
    const r = computeCompiled(compiled.compiled, facts, asOf);
    if (!r.ok) {
      out.failed++;
      out.refused.push(v.id);
      if (out.failures.length < 20) out.failures.push({ subjectId: v.id, problems: r.problems });
      continue;
    }
    const res = r.result;
    rows.push({ subjectId: v.id, path: v.path, category: res.categoryCode, total: res.total, grade: res.grade, stars: starsOf(scheme.grading, res.grade), complete: res.complete, provisional: res.provisional, breakdown: storedBreakdown(facts, res) });
  }
  out.rated = rows.length;
  await progress("compute", villages.length, villages.length);
  return out;
}
