import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { pgArray } from "../party/bulk-sql.js";

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

/**
 * Replaces the results of these subjects under one scheme: one DELETE, then one
 * `INSERT … SELECT FROM jsonb_to_recordset($1)` per batch — the rows travel as one JSON parameter
 * (JSON.stringify is native; escaping 20 MB into an array literal was most of the write). When
 * the rows are all of the scheme's results (a city- or province-wide job), the village ranks
 * within category are computed here; otherwise one window query re-ranks the scheme.
 */
export async function replaceResults(
  tx: Db,
  s: { schemeId: string; programme: string; year: number; subjectKind: "orgUnit" | "member"; jobId: string | null; now: Date },
  rows: readonly ResultInsert[],
): Promise<void> {
  await tx.execute(sql`DELETE FROM rating_results WHERE scheme_id = ${s.schemeId} AND subject_id = ANY(${pgArray(rows.map((r) => r.subjectId), "uuid")})`);
  const ranked = s.subjectKind === "orgUnit";
  const [rest] = ranked ? await queryRows<{ n: string | number }>(tx, sql`SELECT count(*) AS n FROM (SELECT 1 FROM rating_results WHERE scheme_id = ${s.schemeId} LIMIT 1) x`) : [];
  const whole = ranked && Number(rest?.n ?? 0) === 0;
  const ranks = whole ? ranksByCategory(rows) : null;
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH).map((r) => ({ ...r, rank: ranks?.get(r.subjectId) ?? null }));
    await tx.execute(sql`INSERT INTO rating_results (scheme_id, programme, year, subject_kind, subject_id, path, category, total, grade, stars, rank_in_category, complete, provisional, breakdown, job_id, computed_at)
      SELECT ${s.schemeId}::uuid, ${s.programme}, ${s.year}::int, ${s.subjectKind}, t."subjectId", t.path, t.category, t.total, t.grade, t.stars, t.rank,
        t.complete, t.provisional, t.breakdown, ${s.jobId}::uuid, ${s.now}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        AS t("subjectId" uuid, path text, category text, total numeric, grade text, stars int, rank int, complete boolean, provisional boolean, breakdown jsonb)`);
  }
  if (ranked && !whole) await rerank(tx, s.schemeId);
}

/** Rank within category across the whole scheme (ties share a rank). */
export async function rerank(tx: Db, schemeId: string): Promise<void> {
  await tx.execute(sql`UPDATE rating_results r SET rank_in_category = x.rk
    FROM (SELECT id, rank() OVER (PARTITION BY category ORDER BY total DESC) AS rk FROM rating_results WHERE scheme_id = ${schemeId}) x
    WHERE r.id = x.id AND r.rank_in_category IS DISTINCT FROM x.rk`);
}

/**
 * Marks the space of replaced results reusable (VACUUM, not FULL: no exclusive lock, the file is
 * not rewritten), so the next job writes into it instead of growing the table. Must run outside
 * a transaction. About 60 ms after a 35,000-member job on PGlite, against some 5 s for the job.
 */
export async function vacuumResults(db: Db): Promise<void> {
  await db.execute(sql`VACUUM rating_results`);
}
