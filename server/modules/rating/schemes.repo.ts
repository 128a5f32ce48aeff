import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { orgUnits, ratingSchemes } from "../../db/schema/index.js";
import { inScope } from "../../authz/scope-sql.js";
import { pgArray } from "../party/bulk-sql.js";

export type SchemeRow = typeof ratingSchemes.$inferSelect & { issuingUnitName: string; path: string };

const columns = {
  id: ratingSchemes.id, code: ratingSchemes.code, version: ratingSchemes.version, programme: ratingSchemes.programme, year: ratingSchemes.year,
  issuingUnitId: ratingSchemes.issuingUnitId, subjectLevel: ratingSchemes.subjectLevel, status: ratingSchemes.status, name: ratingSchemes.name,
  body: ratingSchemes.body, createdBy: ratingSchemes.createdBy, createdAt: ratingSchemes.createdAt, updatedAt: ratingSchemes.updatedAt,
  publishedAt: ratingSchemes.publishedAt, archivedAt: ratingSchemes.archivedAt, issuingUnitName: orgUnits.name, path: orgUnits.path,
};

export async function findScheme(db: Db, id: string, lock = false): Promise<SchemeRow | null> {
  const q = db.select(columns).from(ratingSchemes).innerJoin(orgUnits, eq(orgUnits.id, ratingSchemes.issuingUnitId)).where(eq(ratingSchemes.id, id));
  const [row] = lock ? await q.for("update", { of: ratingSchemes }) : await q;
  return row ?? null;
}

/**
 * Schemes relevant to the scope roots: issued by an ancestor of a root (the city's scheme applies
 * to a town) or inside a root (a district's own scheme seen by the city).
 */
export async function listSchemes(db: Db, roots: readonly string[], f: { programme?: string | undefined; year?: number | undefined; status?: string | undefined }): Promise<SchemeRow[]> {
  if (roots.length === 0) return [];
  const rel = roots.includes("/") ? sql`true` : sql.join(roots.map((p) => sql`(${orgUnits.path} LIKE ${`${p}%`} OR ${p} LIKE ${orgUnits.path} || '%')`), sql` OR `);
  const conds: SQL[] = [sql`(${rel})`];
  if (f.programme) conds.push(eq(ratingSchemes.programme, f.programme));
  if (f.year) conds.push(eq(ratingSchemes.year, f.year));
  if (f.status) conds.push(sql`${ratingSchemes.status} = ${f.status}`);
  return db
    .select(columns)
    .from(ratingSchemes)
    .innerJoin(orgUnits, eq(orgUnits.id, ratingSchemes.issuingUnitId))
    .where(and(...conds))
    .orderBy(desc(ratingSchemes.year), ratingSchemes.code, desc(ratingSchemes.version));
}

export async function nextVersion(db: Db, s: { issuingUnitId: string; code: string; year: number }): Promise<number> {
  const [r] = await queryRows<{ v: number | string | null }>(
    db,
    sql`SELECT max(version) AS v FROM rating_schemes WHERE issuing_unit_id = ${s.issuingUnitId} AND code = ${s.code} AND year = ${s.year}`,
  );
  return Number(r?.v ?? 0) + 1;
}

/**
 * The published scheme of a programme and year that governs a unit: the nearest issuer on the
 * unit's path (a district's own scheme before the city's), latest version.
 */
export async function governingScheme(db: Db, programme: string, year: number, unitPath: string): Promise<SchemeRow | null> {
  const [row] = await db
    .select(columns)
    .from(ratingSchemes)
    .innerJoin(orgUnits, eq(orgUnits.id, ratingSchemes.issuingUnitId))
    .where(and(eq(ratingSchemes.programme, programme), eq(ratingSchemes.year, year), eq(ratingSchemes.status, "published"), sql`${unitPath} LIKE ${orgUnits.path} || '%'`))
    .orderBy(desc(sql`length(${orgUnits.path})`), desc(ratingSchemes.version))
    .limit(1);
  return row ?? null;
}

/** Results per scheme inside the scope roots, in one grouped query. */
export async function ratedCounts(db: Db, schemeIds: readonly string[], roots: readonly string[]): Promise<Map<string, number>> {
  if (schemeIds.length === 0) return new Map();
  const rows = await queryRows<{ scheme_id: string; n: string | number }>(
    db,
    sql`SELECT r.scheme_id, count(*) AS n FROM rating_results r WHERE r.scheme_id = ANY(${pgArray(schemeIds, "uuid")}) AND ${inScope(sql`r.path`, roots)} GROUP BY r.scheme_id`,
  );
  return new Map(rows.map((r) => [r.scheme_id, Number(r.n)]));
}
