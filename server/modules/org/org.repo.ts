import { and, asc, eq, ilike, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { departments, orgUnits } from "../../db/schema/index.js";
import { inScope } from "../../authz/scope-sql.js";
import type { OrgLevel } from "../../../common/roles.js";
import type { LevelCounts } from "../../../common/contract/org.contract.js";

export type OrgUnitRow = typeof orgUnits.$inferSelect;

const childCount = sql<number>`(SELECT count(*)::int FROM org_units c WHERE c.parent_id = "org_units"."id" AND c.revoked_at IS NULL)`;

export async function findById(db: Db, id: string): Promise<OrgUnitRow | null> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row ?? null;
}

export async function findByCode(db: Db, code: string): Promise<OrgUnitRow | null> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, code));
  return row ?? null;
}

export async function findManyByIds(db: Db, ids: string[]): Promise<OrgUnitRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(orgUnits).where(sql`${orgUnits.id} IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
}

export interface ListFilter {
  scopePaths: string[];
  parentId?: string;
  q?: string;
  level?: OrgLevel;
  includeRevoked?: boolean;
  limit: number;
  /** Only these ids (the actor's scope roots). */
  ids?: string[];
}

export async function list(db: Db, f: ListFilter): Promise<(OrgUnitRow & { childCount: number })[]> {
  const conds: SQL[] = [inScope(orgUnits.path, f.scopePaths)];
  if (f.parentId) conds.push(eq(orgUnits.parentId, f.parentId));
  if (f.ids) conds.push(sql`${orgUnits.id} IN (${sql.join(f.ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
  if (f.level) conds.push(eq(orgUnits.level, f.level));
  if (!f.includeRevoked) conds.push(isNull(orgUnits.revokedAt));
  if (f.q) {
    const text = f.q.replace(/[\\%_]/g, (m) => `\\${m}`);
    const byName = or(ilike(orgUnits.name, `%${text}%`), ilike(orgUnits.officialName, `%${text}%`));
    conds.push(/^\d+$/.test(f.q) ? (or(like(orgUnits.divisionCode, `${text}%`), byName) as SQL) : (byName as SQL));
  }
  const rows = await db
    .select({ unit: orgUnits, childCount })
    .from(orgUnits)
    .where(and(...conds))
    .orderBy(asc(orgUnits.depth), asc(orgUnits.divisionCode), asc(orgUnits.name))
    .limit(f.limit + 1);
  return rows.map((r) => ({ ...r.unit, childCount: Number(r.childCount) }));
}

/** Units per level below the given roots (the roots themselves are not counted). */
export async function countByLevel(db: Db, rootPaths: string[]): Promise<LevelCounts> {
  const counts: LevelCounts = { district: 0, town: 0, village: 0, grid: 0 };
  if (rootPaths.length === 0) return counts;
  const under = sql.join(
    rootPaths.map((p) => sql`(path LIKE ${`${p}%`} AND path <> ${p})`),
    sql` OR `,
  );
  const rows = await queryRows<{ level: string; n: number | string }>(
    db,
    sql`SELECT level, count(*) AS n FROM org_units WHERE revoked_at IS NULL AND (${under}) GROUP BY level`,
  );
  for (const r of rows) {
    if (r.level in counts) counts[r.level as keyof LevelCounts] = Number(r.n);
  }
  return counts;
}

export async function childCountOf(db: Db, id: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM org_units WHERE parent_id = ${id} AND revoked_at IS NULL`);
  return Number(row?.n ?? 0);
}

export async function departmentCount(db: Db, orgUnitId: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM departments WHERE org_unit_id = ${orgUnitId} AND disabled_at IS NULL`);
  return Number(row?.n ?? 0);
}

export type DepartmentRow = typeof departments.$inferSelect & { orgUnitName: string; orgPath: string };

export async function listDepartments(db: Db, scopePaths: string[], orgUnitId?: string): Promise<DepartmentRow[]> {
  const conds: SQL[] = [inScope(orgUnits.path, scopePaths)];
  if (orgUnitId) conds.push(eq(departments.orgUnitId, orgUnitId));
  const rows = await db
    .select({ d: departments, orgUnitName: orgUnits.name, orgPath: orgUnits.path })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(and(...conds))
    .orderBy(asc(orgUnits.depth), asc(orgUnits.divisionCode), asc(departments.name));
  return rows.map((r) => ({ ...r.d, orgUnitName: r.orgUnitName, orgPath: r.orgPath }));
}

export async function findDepartment(db: Db, id: string): Promise<DepartmentRow | null> {
  const [r] = await db
    .select({ d: departments, orgUnitName: orgUnits.name, orgPath: orgUnits.path })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.orgUnitId))
    .where(eq(departments.id, id));
  return r ? { ...r.d, orgUnitName: r.orgUnitName, orgPath: r.orgPath } : null;
}
