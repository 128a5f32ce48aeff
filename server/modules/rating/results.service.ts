import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { authorize, outermost, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import type { ResultRow } from "../../../common/contract/rating-results.contract.js";
import * as orgRepo from "../org/org.repo.js";
import type { RatingDeps } from "./rating-deps.js";
import { loadScheme } from "./schemes.service.js";
import type { SchemeRow } from "./schemes.repo.js";

interface Scope {
  scheme: SchemeRow;
  where: SQL;
  /** The unit whose children the per-unit summary groups by. */
  root: { id: string; path: string } | null;
}

async function scopeOf(deps: RatingDeps, actor: Actor, schemeId: string, orgUnitId: string | undefined): Promise<Scope> {
  const scheme = await loadScheme(deps, actor, schemeId);
  const conds: SQL[] = [sql`r.scheme_id = ${schemeId}`, inScope(sql`r.path`, scopePaths(actor, "rating.read"))];
  let root: Scope["root"] = null;
  if (orgUnitId) {
    const unit = await orgRepo.findById(deps.db, orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "rating.read", unit);
    conds.push(sql`r.path LIKE ${`${unit.path}%`}`);
    root = { id: unit.id, path: unit.path };
  } else {
    const roots = outermost(scopePaths(actor, "rating.read"));
    const only = roots.length === 1 ? roots[0] : undefined;
    if (only && only !== "/") root = { id: only.split("/").filter(Boolean).pop() ?? "", path: only };
    else if (only === "/") root = { id: scheme.issuingUnitId, path: scheme.path };
  }
  return { scheme, where: sql.join(conds, sql` AND `), root };
}

/** Last year's stars of the same programme per subject (the latest result of that year). */
const PREVIOUS = (programme: string, year: number) => sql`(SELECT DISTINCT ON (p.subject_id) p.subject_id, p.stars, p.total, p.grade FROM rating_results p
  WHERE p.programme = ${programme} AND p.year = ${year - 1} ORDER BY p.subject_id, p.computed_at DESC)`;

export async function resultsSummary(deps: RatingDeps, actor: Actor, q: { schemeId: string; orgUnitId?: string | undefined }) {
  const s = await scopeOf(deps, actor, q.schemeId, q.orgUnitId);
  const db = deps.db;
  const distribution = await queryRows<{ grade: string | null; stars: number | null; n: string | number }>(
    db,
    sql`SELECT r.grade, r.stars, count(*) AS n FROM rating_results r WHERE ${s.where} GROUP BY r.grade, r.stars ORDER BY r.stars DESC NULLS LAST`,
  );
  const segments = s.root ? s.root.path.split("/").filter(Boolean).length : 0;
  const seg = segments + 2;
  const byUnit = s.root
    ? await queryRows<{ unit: string; name: string; division_code: string | null; stars: number | null; n: string | number; sum: string | number }>(
        db,
        sql`SELECT g.unit, u.name, u.division_code, g.stars, g.n, g.sum FROM (
              SELECT split_part(r.path, '/', ${seg}) AS unit, r.stars, count(*) AS n, sum(r.total) AS sum
              FROM rating_results r WHERE ${s.where} GROUP BY 1, 2) g
            JOIN org_units u ON u.id::text = g.unit ORDER BY u.name, g.stars`,
      )
    : [];
  const units = new Map<string, { orgUnitId: string; name: string; divisionCode: string | null; rated: number; avgTotal: number; byStars: Record<string, number> }>();
  const sums = new Map<string, number>();
  for (const r of byUnit) {
    const u = units.get(r.unit) ?? { orgUnitId: r.unit, name: r.name, divisionCode: r.division_code, rated: 0, avgTotal: 0, byStars: {} };
    u.byStars[String(r.stars ?? "none")] = Number(r.n);
    u.rated += Number(r.n);
    sums.set(r.unit, (sums.get(r.unit) ?? 0) + Number(r.sum));
    u.avgTotal = Math.round(((sums.get(r.unit) ?? 0) / u.rated) * 100) / 100;
    units.set(r.unit, u);
  }
  const [mv] = await queryRows<{ up: string | number; same: string | number; down: string | number; fresh: string | number }>(
    db,
    sql`SELECT count(*) FILTER (WHERE p.stars IS NOT NULL AND r.stars > p.stars) AS up, count(*) FILTER (WHERE p.stars IS NOT NULL AND r.stars = p.stars) AS same,
          count(*) FILTER (WHERE p.stars IS NOT NULL AND r.stars < p.stars) AS down, count(*) FILTER (WHERE p.stars IS NULL) AS fresh
        FROM rating_results r LEFT JOIN ${PREVIOUS(s.scheme.programme, s.scheme.year)} p ON p.subject_id = r.subject_id WHERE ${s.where}`,
  );
  const byCategory = await queryRows<{ category: string | null; n: string | number; avg: string | number }>(
    db,
    sql`SELECT r.category, count(*) AS n, avg(r.total) AS avg FROM rating_results r WHERE ${s.where} GROUP BY r.category ORDER BY r.category`,
  );
  return {
    year: s.scheme.year,
    rated: distribution.reduce((n, d) => n + Number(d.n), 0),
    distribution: distribution.map((d) => ({ grade: d.grade ?? "", stars: d.stars, count: Number(d.n) })),
    byUnit: [...units.values()],
    movement: { up: Number(mv?.up ?? 0), same: Number(mv?.same ?? 0), down: Number(mv?.down ?? 0), new: Number(mv?.fresh ?? 0) },
    byCategory: byCategory.map((c) => ({ category: c.category, count: Number(c.n), avgTotal: Math.round(Number(c.avg) * 100) / 100 })),
  };
}

interface RowSql {
  subject_id: string; name: string; town_name: string | null; district_name: string | null; category: string | null; total: string | number; grade: string | null;
  stars: number | null; rank_in_category: number | null; previous_stars: number | null; provisional: boolean;
}

const ROW_SELECT = (s: Scope, extra: SQL = sql``) => sql`SELECT r.subject_id, ou.name, t.name AS town_name, d.name AS district_name, r.category, r.total, r.grade, r.stars, r.rank_in_category,
    p.stars AS previous_stars, r.provisional ${extra}
  FROM rating_results r JOIN org_units ou ON ou.id = r.subject_id LEFT JOIN org_units t ON t.id = ou.parent_id LEFT JOIN org_units d ON d.id = t.parent_id
  LEFT JOIN ${PREVIOUS(s.scheme.programme, s.scheme.year)} p ON p.subject_id = r.subject_id`;

function toRow(r: RowSql): ResultRow {
  const stars = r.stars === null ? null : Number(r.stars);
  const prev = r.previous_stars === null ? null : Number(r.previous_stars);
  return {
    subjectId: r.subject_id, name: r.name, townName: r.town_name ?? "", districtName: r.district_name ?? "", category: r.category, total: Number(r.total), grade: r.grade, stars,
    rankInCategory: r.rank_in_category === null ? null : Number(r.rank_in_category), previousStars: prev, movement: stars !== null && prev !== null ? stars - prev : null, provisional: r.provisional,
  };
}

export async function listResults(
  deps: RatingDeps,
  actor: Actor,
  q: { schemeId: string; orgUnitId?: string | undefined; category?: string | undefined; grade?: string | undefined; movement?: "up" | "down" | undefined; page: number; pageSize: number },
): Promise<{ items: ResultRow[]; total: number }> {
  const s = await scopeOf(deps, actor, q.schemeId, q.orgUnitId);
  const conds: SQL[] = [s.where];
  if (q.category) conds.push(sql`r.category = ${q.category}`);
  if (q.grade) conds.push(sql`r.grade = ${q.grade}`);
  if (q.movement) conds.push(q.movement === "up" ? sql`r.stars > p.stars` : sql`r.stars < p.stars`);
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<RowSql>(deps.db, sql`${ROW_SELECT(s)} WHERE ${where} ORDER BY r.category NULLS LAST, r.rank_in_category, ou.name LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  const [c] = await queryRows<{ n: string | number }>(deps.db, sql`SELECT count(*) AS n FROM rating_results r LEFT JOIN ${PREVIOUS(s.scheme.programme, s.scheme.year)} p ON p.subject_id = r.subject_id WHERE ${where}`);
  return { items: rows.map(toRow), total: Number(c?.n ?? 0) };
}

/** ≤ maxStars stars, or in the bottom `bottomPercent` % of its category (cume_dist over the scheme's results in scope). */
export async function rectificationList(deps: RatingDeps, actor: Actor, q: { schemeId: string; orgUnitId?: string | undefined; maxStars: number; bottomPercent: number }) {
  const s = await scopeOf(deps, actor, q.schemeId, q.orgUnitId);
  const rows = await queryRows<RowSql & { cd: string | number }>(
    deps.db,
    sql`SELECT * FROM (${ROW_SELECT(s, sql`, cume_dist() OVER (PARTITION BY r.category ORDER BY r.total) AS cd`)} WHERE ${s.where}) x
        WHERE x.stars <= ${q.maxStars} OR x.cd <= ${q.bottomPercent / 100} ORDER BY x.total, x.name`,
  );
  return { items: rows.map((r) => ({ ...toRow(r), because: (r.stars !== null && Number(r.stars) <= q.maxStars ? "stars" : "bottom") as "stars" | "bottom" })) };
}

export async function subjectPrevious(db: Db, programme: string, year: number, subjectId: string) {
  const [p] = await queryRows<{ total: string | number; grade: string | null; stars: number | null }>(
    db,
    sql`SELECT total, grade, stars FROM rating_results WHERE programme = ${programme} AND year = ${year - 1} AND subject_id = ${subjectId} ORDER BY computed_at DESC LIMIT 1`,
  );
  return p ? { year: year - 1, total: Number(p.total), grade: p.grade, stars: p.stars === null ? null : Number(p.stars) } : null;
}
