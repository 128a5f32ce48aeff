import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { pgArray, textArrayLiteral, textLines } from "../party/bulk-sql.js";
import { parseDigestLine, planResultWrite } from "./results-diff.js";

export interface ResultInsert {
  subjectId: string;
  path: string;
  category: string | null;
  total: number;
  grade: string | null;
  stars: number | null;
  complete: boolean;
  provisional: boolean;
  breakdown: unknown;
}

const BATCH = 5000;

/** Rank within category, ties sharing a rank (SQL `rank()`), best total first. */
export function ranksByCategory(rows: readonly ResultInsert[]): Map<string, number> {
  const byCategory = new Map<string | null, ResultInsert[]>();
  for (const r of rows) {
    const group = byCategory.get(r.category);
    if (group) group.push(r);
    else byCategory.set(r.category, [r]);
  }
  const out = new Map<string, number>();
  for (const group of byCategory.values()) {
    const sorted = [...group].sort((a, b) => b.total - a.total);
    sorted.forEach((r, i) => {
      const prev = sorted[i - 1];
      out.set(r.subjectId, prev && prev.total === r.total ? (out.get(prev.subjectId) ?? i + 1) : i + 1);
    });
  }
  return out;
}

/** What a write did: rows inserted or rewritten, stored rows left as they were, rows removed. */
export interface ResultWriteCounts {
  written: number;
  /** Of `written`, how many replaced a stored row (a dead row version each until vacuumed). */
  replaced: number;
  unchanged: number;
  removed: number;
}

/**
 * Writes a job's results under one scheme, touching only what changed: the stored digests of the
 * scope are read (one narrow query), rows whose digest is new are upserted by one
 * `INSERT … SELECT FROM jsonb_to_recordset($1) ON CONFLICT DO UPDATE` per batch — the rows travel as
 * one JSON parameter (JSON.stringify is native; escaping 20 MB into an array literal was most of
 * the write) — and, with `scopePath`, stored results of subjects no longer in the scope are
 * deleted. A re-rating whose facts did not change writes nothing: before, it deleted and
 * re-inserted every row (most of a member job on PGlite). When the scheme had no results yet, the
 * village ranks within category are computed here; when anything changed otherwise, one window
 * query re-ranks the scheme (updating only ranks that moved).
 */
export async function writeResults(
  tx: Db,
  s: { schemeId: string; programme: string; year: number; subjectKind: "orgUnit" | "member"; jobId: string | null; now: Date; scopePath?: string; keep?: ReadonlySet<string> },
  rows: readonly ResultInsert[],
): Promise<ResultWriteCounts> {
  const which = s.scopePath !== undefined ? sql`path LIKE ${`${s.scopePath}%`}` : sql`subject_id = ANY(${pgArray(rows.map((r) => r.subjectId), "uuid")})`;
  // One text of lines, not 35,000 rows through PGlite's wire (~10 µs a row there), nor a JSON
  // array (json_agg builds an object per row: ~1.5× the time of these lines on PGlite).
  const stored = (await textLines(tx, sql`SELECT subject_id::text || coalesce(digest, '') AS line FROM rating_results WHERE scheme_id = ${s.schemeId} AND ${which}`)).map(parseDigestLine);
  const plan = planResultWrite(rows, stored, { pruneScope: s.scopePath !== undefined, ...(s.keep ? { keep: s.keep } : {}) });
  const counts: ResultWriteCounts = { written: plan.write.length, replaced: plan.replaced, unchanged: plan.unchanged, removed: plan.remove.length };
  if (plan.remove.length > 0) await tx.execute(sql`DELETE FROM rating_results WHERE scheme_id = ${s.schemeId} AND subject_id = ANY(${pgArray(plan.remove, "uuid")})`);
  if (plan.write.length === 0) {
    if (plan.remove.length > 0 && s.subjectKind === "orgUnit") await rerank(tx, s.schemeId);
    return counts;
  }
  const ranked = s.subjectKind === "orgUnit";
  const first = ranked && stored.length === 0 && (await queryRows(tx, sql`SELECT 1 FROM rating_results WHERE scheme_id = ${s.schemeId} LIMIT 1`)).length === 0;
  const ranks = first ? ranksByCategory(rows) : null;
  for (let i = 0; i < plan.write.length; i += BATCH) {
    const { paths, json } = batchJson(plan.write.slice(i, i + BATCH), ranks);
    await tx.execute(sql`INSERT INTO rating_results (scheme_id, programme, year, subject_kind, subject_id, path, category, total, grade, stars, rank_in_category, complete, provisional, breakdown, digest, job_id, computed_at)
      SELECT ${s.schemeId}::uuid, ${s.programme}, ${s.year}::int, ${s.subjectKind}, t.s, p.path, t.c, t.t, t.g, t.st, t.r, t.co, t.pr, t.b, t.d, ${s.jobId}::uuid, ${s.now}::timestamptz
      FROM jsonb_to_recordset(${json}::jsonb) AS t(s uuid, p int, c text, t numeric, g text, st int, r int, co boolean, pr boolean, b jsonb, d text)
        JOIN unnest(${textArrayLiteral(paths)}::text[]) WITH ORDINALITY AS p(path, i) ON p.i = t.p
      ON CONFLICT (scheme_id, subject_id) DO UPDATE SET path = EXCLUDED.path, category = EXCLUDED.category, total = EXCLUDED.total, grade = EXCLUDED.grade,
        stars = EXCLUDED.stars, complete = EXCLUDED.complete, provisional = EXCLUDED.provisional, breakdown = EXCLUDED.breakdown, digest = EXCLUDED.digest,
        job_id = EXCLUDED.job_id, computed_at = EXCLUDED.computed_at`);
  }
  if (ranked && !first) await rerank(tx, s.schemeId);
  return counts;
}

/**
 * One batch as the JSON jsonb_to_recordset reads, with one-letter keys and each distinct path
 * sent once (a member's path is its village's: 35,000 members share ~1,100 paths of ~150
 * characters). Key names and repeated paths were a third of the 23 MB a city's members sent, and
 * on PGlite every byte is copied into the WASM heap and parsed there. `p` is the 1-based
 * position of the row's path in `paths`.
 */
export function batchJson(part: readonly (ResultInsert & { digest: string })[], ranks: ReadonlyMap<string, number> | null): { paths: string[]; json: string } {
  const index = new Map<string, number>();
  const paths: string[] = [];
  const rows = part.map((r) => {
    let p = index.get(r.path);
    if (p === undefined) {
      paths.push(r.path);
      p = paths.length;
      index.set(r.path, p);
    }
    return { s: r.subjectId, p, c: r.category, t: r.total, g: r.grade, st: r.stars, r: ranks?.get(r.subjectId) ?? null, co: r.complete, pr: r.provisional, b: r.breakdown, d: r.digest };
  });
  return { paths, json: JSON.stringify(rows) };
}

/** Rank within category across the whole scheme (ties share a rank). */
export async function rerank(tx: Db, schemeId: string): Promise<void> {
  await tx.execute(sql`UPDATE rating_results r SET rank_in_category = x.rk
    FROM (SELECT id, rank() OVER (PARTITION BY category ORDER BY total DESC) AS rk FROM rating_results WHERE scheme_id = ${schemeId}) x
    WHERE r.id = x.id AND r.rank_in_category IS DISTINCT FROM x.rk`);
}

/**
 * Marks the space of replaced or removed results reusable (VACUUM, not FULL: no exclusive lock, the file is
 * not rewritten), so the next job writes into it instead of growing the table. Must run outside
 * a transaction. About 60 ms after a 35,000-member job on PGlite, against some 5 s for the job.
 */
export async function vacuumResults(db: Db): Promise<void> {
  await db.execute(sql`VACUUM rating_results`);
}
