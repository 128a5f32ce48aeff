import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { pgArray, textArrayLiteral } from "../party/bulk-sql.js";

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

const BATCH = 2000;

/**
 * Replaces the results of these subjects under one scheme: one DELETE and one
 * `INSERT … SELECT FROM unnest(…)` per batch (one array parameter per column), then (villages) the
 * ranks within each category recomputed in one window query over the scheme's results.
 */
export async function replaceResults(
  tx: Db,
  s: { schemeId: string; programme: string; year: number; subjectKind: "orgUnit" | "member"; jobId: string | null; now: Date },
  rows: readonly ResultInsert[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    const col = (f: (r: ResultInsert) => string | null) => textArrayLiteral(part.map(f));
    await tx.execute(sql`DELETE FROM rating_results WHERE scheme_id = ${s.schemeId} AND subject_id = ANY(${pgArray(part.map((r) => r.subjectId), "uuid")})`);
    await tx.execute(sql`INSERT INTO rating_results (scheme_id, programme, year, subject_kind, subject_id, path, category, total, grade, stars, complete, provisional, breakdown, job_id, computed_at)
      SELECT ${s.schemeId}::uuid, ${s.programme}, ${s.year}::int, ${s.subjectKind}, t.subject::uuid, t.path, t.category, t.total::numeric, t.grade, t.stars::int,
        t.complete::boolean, t.provisional::boolean, t.breakdown::jsonb, ${s.jobId}::uuid, ${s.now}::timestamptz
      FROM unnest(${col((r) => r.subjectId)}::text[], ${col((r) => r.path)}::text[], ${col((r) => r.category)}::text[], ${col((r) => String(r.total))}::text[],
        ${col((r) => r.grade)}::text[], ${col((r) => (r.stars === null ? null : String(r.stars)))}::text[], ${col((r) => String(r.complete))}::text[],
        ${col((r) => String(r.provisional))}::text[], ${col((r) => JSON.stringify(r.breakdown))}::text[])
        AS t(subject, path, category, total, grade, stars, complete, provisional, breakdown)`);
  }
  // Ranks within category are a village league table; members are not ranked (35k row updates).
  if (s.subjectKind === "orgUnit") await rerank(tx, s.schemeId);
}

/** Rank within category across the whole scheme (ties share a rank). */
export async function rerank(tx: Db, schemeId: string): Promise<void> {
  await tx.execute(sql`UPDATE rating_results r SET rank_in_category = x.rk
    FROM (SELECT id, rank() OVER (PARTITION BY category ORDER BY total DESC) AS rk FROM rating_results WHERE scheme_id = ${schemeId}) x
    WHERE r.id = x.id AND r.rank_in_category IS DISTINCT FROM x.rk`);
}
