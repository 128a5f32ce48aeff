import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { orgUnits, roleGrants, users } from "../../db/schema/index.js";
import { inScope } from "../../authz/scope-sql.js";
import type { OrgLevel, Role } from "../../../common/roles.js";

export type UserRow = typeof users.$inferSelect;

export interface GrantRow {
  id: string;
  userId: string;
  role: Role;
  orgUnitId: string;
  orgUnitName: string;
  level: OrgLevel;
  divisionCode: string | null;
  path: string;
  departmentId: string | null;
}

export async function findUser(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function usernameExists(db: Db, username: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return Boolean(row);
}

export async function grantsOf(db: Db, userIds: string[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select({
      id: roleGrants.id,
      userId: roleGrants.userId,
      role: roleGrants.role,
      orgUnitId: roleGrants.orgUnitId,
      orgUnitName: orgUnits.name,
      level: orgUnits.level,
      divisionCode: orgUnits.divisionCode,
      path: orgUnits.path,
      departmentId: roleGrants.departmentId,
    })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.orgUnitId))
    .where(sql`${roleGrants.userId} IN (${sql.join(userIds.map((i) => sql`${i}::uuid`), sql`, `)})`)
    .orderBy(asc(orgUnits.depth), asc(roleGrants.createdAt));
}

/** Users holding at least one grant inside the scope, paged. */
export async function listInScope(
  db: Db,
  f: { scopePaths: string[]; q?: string; underPath?: string; page: number; pageSize: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conds: SQL[] = [inScope(orgUnits.path, f.scopePaths)];
  if (f.underPath) conds.push(sql`${orgUnits.path} LIKE ${`${f.underPath}%`}`);
  const inGrant = sql`EXISTS (SELECT 1 FROM role_grants g JOIN org_units ON org_units.id = g.org_unit_id
    WHERE g.user_id = ${users.id} AND ${and(...conds)})`;
  const where: SQL[] = [inGrant];
  if (f.q) {
    const text = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(or(ilike(users.username, text), ilike(users.displayName, text)) as SQL);
  }
  const [count] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM users WHERE ${and(...where)}`);
  const rows = await db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.username))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { rows, total: Number(count?.n ?? 0) };
}
