import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { authorize } from "../../authz/policy.js";
import { translate, type Locale } from "../../../common/i18n/index.js";
import * as orgRepo from "../org/org.repo.js";
import { validateScheme, type BreakdownLine, type Scheme, type ScoreResult } from "./engine/index.js";
import type { RatingDeps } from "./rating-deps.js";
import { findScheme, governingScheme } from "./schemes.repo.js";
import { loadScheme, schemeOf } from "./schemes.service.js";
import { computeVillages } from "./rate-villages.js";
import { recomputeStored, type StoredBreakdown } from "./facts.js";
import { subjectPrevious } from "./results.service.js";

/** Every breakdown line's reason and notes in the reader's language, with the indicator's name and metric label. */
export function explain(scheme: Scheme, result: ScoreResult, locale: Locale): Record<string, { name: string; reason: string; notes: string[]; metricLabel: string | null }> {
  const names = new Map(scheme.dimensions.flatMap((d) => d.indicators.map((i) => [i.code, i.name] as const)));
  const out: Record<string, { name: string; reason: string; notes: string[]; metricLabel: string | null }> = {};
  for (const line of result.breakdown as BreakdownLine[]) {
    const metric = line.input.kind === "metric" ? line.input.metric : null;
    out[line.indicator] = {
      name: names.get(line.indicator) ?? line.indicator,
      reason: translate(locale, line.reason.key, line.reason.params),
      notes: line.notes.map((n) => translate(locale, n.key, n.params)),
      metricLabel: metric ? translate(locale, `metric.${metric}`) : null,
    };
  }
  return out;
}

/**
 * A village's rating for a year: the governing published scheme of the programme, the stored
 * result with its full breakdown explained, the assessment's state, its rank within category and
 * last year's result.
 */
export async function villageRating(deps: RatingDeps, actor: Actor, orgUnitId: string, q: { year: number; programme: string }, locale: Locale) {
  const unit = await orgRepo.findById(deps.db, orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", unit);
  const [stored] = await queryRows<{ scheme_id: string; total: string | number; grade: string | null; stars: number | null; rank_in_category: number | null; category: string | null; breakdown: StoredBreakdown }>(
    deps.db,
    sql`SELECT scheme_id, total, grade, stars, rank_in_category, category, breakdown FROM rating_results
        WHERE subject_id = ${orgUnitId} AND programme = ${q.programme} AND year = ${q.year} ORDER BY computed_at DESC LIMIT 1`,
  );
  const schemeRow = stored ? await findScheme(deps.db, stored.scheme_id) : await governingScheme(deps.db, q.programme, q.year, unit.path);
  const [assessment] = schemeRow
    ? await queryRows<{ id: string; status: string }>(deps.db, sql`SELECT id, status FROM rating_assessments WHERE scheme_id = ${schemeRow.id} AND org_unit_id = ${orgUnitId}`)
    : [];
  const [size] = stored
    ? await queryRows<{ n: string | number }>(deps.db, sql`SELECT count(*) AS n FROM rating_results WHERE scheme_id = ${stored.scheme_id} AND category IS NOT DISTINCT FROM ${stored.category}`)
    : [];
  // The stored facts and points, explained by recomputing them with the stored scheme version.
  const scheme = schemeRow ? schemeOf(schemeRow) : null;
  const again = stored && scheme ? recomputeStored(scheme, stored.breakdown) : null;
  return {
    orgUnitId, name: unit.name, year: q.year, schemeId: schemeRow?.id ?? null,
    assessmentId: assessment?.id ?? null, assessmentStatus: assessment?.status ?? null,
    total: stored ? Number(stored.total) : null, grade: stored?.grade ?? null, stars: stored?.stars ?? null,
    rankInCategory: stored?.rank_in_category ?? null, categorySize: size ? Number(size.n) : null,
    result: again?.result ?? null,
    reproduced: again?.consistent ?? false,
    explanations: again && scheme ? explain(scheme, again.result, locale) : {},
    previous: await subjectPrevious(deps.db, q.programme, q.year, orgUnitId),
  };
}

/**
 * 公示: a published scheme's villages whose assessment is in publicity or final, with stars and
 * totals. Names of places only: no people, no personal data.
 */
export async function publicStarList(deps: RatingDeps, schemeId: string, orgUnitId: string | undefined) {
  const scheme = await findScheme(deps.db, schemeId);
  if (!scheme || scheme.status === "draft") throw new AppError("NOT_FOUND");
  let under = scheme.path;
  if (orgUnitId) {
    const unit = await orgRepo.findById(deps.db, orgUnitId);
    if (!unit || !unit.path.startsWith(scheme.path)) throw new AppError("NOT_FOUND");
    under = unit.path;
  }
  const rows = await queryRows<{ village: string; town: string | null; grade: string | null; total: string | number; publicity_ends_at: Date | string | null; status: string }>(
    deps.db,
    sql`SELECT ou.name AS village, t.name AS town, r.grade, r.total, a.publicity_ends_at, a.status
        FROM rating_assessments a JOIN rating_results r ON r.scheme_id = a.scheme_id AND r.subject_id = a.org_unit_id
        JOIN org_units ou ON ou.id = a.org_unit_id LEFT JOIN org_units t ON t.id = ou.parent_id
        WHERE a.scheme_id = ${schemeId} AND a.status IN ('publicity', 'objection', 'final') AND a.path LIKE ${`${under}%`}
        ORDER BY t.name, r.total DESC, ou.name`,
  );
  return {
    schemeName: scheme.name,
    year: scheme.year,
    items: rows.map((r) => ({
      village: r.village, town: r.town ?? "", grade: r.grade, total: Number(r.total),
      publicityEndsAt: r.publicity_ends_at ? new Date(r.publicity_ends_at).toISOString() : null, final: r.status === "final",
    })),
  };
}

/**
 * The scheme editor's preview: scores one village with the scheme as it stands (a draft too) from
 * the village's current data, without storing anything. An invalid draft answers its problems.
 */
export async function previewScheme(deps: RatingDeps, actor: Actor, schemeId: string, orgUnitId: string, locale: Locale) {
  const row = await loadScheme(deps, actor, schemeId);
  const unit = await orgRepo.findById(deps.db, orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", unit);
  const problems = validateScheme(row.body);
  if (problems.length > 0) return { ok: false, result: null, problems: problems.map((p) => ({ code: p.code, path: p.path, message: translate(locale, p.key, p.params) })) };
  const out = await computeVillages(deps, deps.db, { schemeId, scheme: schemeOf(row), scopePath: unit.path, subjectIds: [unit.id] });
  const failure = out.failures[0];
  if (failure) return { ok: false, result: null, problems: failure.problems.map((p) => ({ code: p.code, path: p.path, message: translate(locale, p.key, p.params) })) };
  const stored = out.rows[0]?.breakdown as StoredBreakdown | undefined;
  return { ok: true, result: stored ? (recomputeStored(schemeOf(row), stored)?.result ?? null) : null, problems: [] };
}
