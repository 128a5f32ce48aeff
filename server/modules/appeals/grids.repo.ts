import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { inScope } from "../../authz/scope-sql.js";

/** A grid joined with its org unit, village, town and district names (one row per grid). */
export interface GridRow {
  id: string;
  code: string;
  name: string;
  path: string;
  village_id: string;
  village_name: string;
  village_path: string;
  town_name: string;
  district_name: string;
  households: number;
  boundary: unknown;
  centre_lng: number | null;
  centre_lat: number | null;
  leader_user_id: string | null;
  signboard_version: number;
  signboard_rotated_at: Date | string | null;
  worker_count: number | string;
}

const SELECT_GRID = sql`
  SELECT u.id, g.code, u.name, u.path, v.id AS village_id, v.name AS village_name, v.path AS village_path,
         coalesce(t.name, '') AS town_name, coalesce(d.name, '') AS district_name,
         g.households, g.boundary, g.centre_lng, g.centre_lat, g.leader_user_id,
         g.signboard_version, g.signboard_rotated_at,
         (SELECT count(*) FROM grid_workers w WHERE w.grid_id = g.org_unit_id) AS worker_count
  FROM grids g
  JOIN org_units u ON u.id = g.org_unit_id
  JOIN org_units v ON v.id = g.village_id
  LEFT JOIN org_units t ON t.id = v.parent_id
  LEFT JOIN org_units d ON d.id = t.parent_id`;

export async function findGrid(db: Db, id: string): Promise<GridRow | null> {
  const rows = await queryRows<GridRow>(db, sql`${SELECT_GRID} WHERE g.org_unit_id = ${id} AND u.revoked_at IS NULL`);
  return rows[0] ?? null;
}

export async function findGridByCode(db: Db, code: string): Promise<GridRow | null> {
  const rows = await queryRows<GridRow>(db, sql`${SELECT_GRID} WHERE g.code = ${code} AND u.revoked_at IS NULL`);
  return rows[0] ?? null;
}

export interface GridListFilter {
  scopePaths: string[];
  underPath?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listGrids(db: Db, f: GridListFilter): Promise<{ rows: GridRow[]; total: number }> {
  const conds: SQL[] = [sql`u.revoked_at IS NULL`, inScope(sql`u.path`, f.scopePaths)];
  if (f.underPath) conds.push(sql`u.path LIKE ${`${f.underPath}%`}`);
  if (f.q) conds.push(sql`(u.name ILIKE ${`%${f.q}%`} OR g.code LIKE ${`${f.q}%`} OR v.name ILIKE ${`%${f.q}%`})`);
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<GridRow>(db, sql`${SELECT_GRID} WHERE ${where} ORDER BY g.code LIMIT ${f.limit} OFFSET ${f.offset}`);
  const [count] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM grids g JOIN org_units u ON u.id = g.org_unit_id JOIN org_units v ON v.id = g.village_id WHERE ${where}`,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Every live grid under a path (a village or town), in code order, for batch printing. */
export async function gridsUnder(db: Db, path: string): Promise<GridRow[]> {
  return queryRows<GridRow>(db, sql`${SELECT_GRID} WHERE u.revoked_at IS NULL AND u.path LIKE ${`${path}%`} ORDER BY g.code`);
}

export interface WorkerRow {
  grid_id: string;
  user_id: string;
  username: string;
  display_name: string;
  phone_masked: string | null;
}

export async function workersOf(db: Db, gridIds: string[]): Promise<WorkerRow[]> {
  if (gridIds.length === 0) return [];
  return queryRows<WorkerRow>(
    db,
    sql`SELECT w.grid_id, w.user_id, u.username, u.display_name, w.phone_masked
        FROM grid_workers w JOIN users u ON u.id = w.user_id
        WHERE w.grid_id IN (${sql.join(gridIds.map((id) => sql`${id}::uuid`), sql`, `)}) AND u.disabled_at IS NULL
        ORDER BY w.created_at, u.username`,
  );
}

/** The highest 3-digit sequence used under a village (retired grids included: codes are never reused). */
export async function maxSeq(db: Db, villageId: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string | null }>(db, sql`SELECT max(right(code, 3)::int) AS n FROM grids WHERE village_id = ${villageId}`);
  return Number(row?.n ?? 0);
}

export async function appealCount(db: Db, gridId: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM appeals WHERE grid_id = ${gridId}`);
  return Number(row?.n ?? 0);
}

/** The lean lookup behind every QR scan and report: no names, no joins beyond the village. */
/** What the residents' report POST needs of a grid (the intake's hot path). */
export type IntakeGridRow = Pick<GridRow, "id" | "code" | "path" | "village_id" | "village_path" | "worker_count" | "signboard_version">;

export async function findIntakeGrid(db: Db, code: string): Promise<IntakeGridRow | null> {
  return (await findIntakeGrids(db, [code])).get(code) ?? null;
}

/**
 * The live grids among `codes`, by code, in one statement: the residents' intake looks up the
 * grids of reports arriving together at once (platform/batched-loader.ts), since planning this
 * join is most of a lookup's cost on PGlite.
 */
export async function findIntakeGrids(db: Db, codes: readonly string[]): Promise<Map<string, IntakeGridRow>> {
  if (!codes.length) return new Map();
  const rows = await queryRows<IntakeGridRow>(
    db,
    sql`SELECT u.id, g.code, u.path, g.village_id, v.path AS village_path, g.signboard_version,
               (SELECT count(*) FROM grid_workers w WHERE w.grid_id = g.org_unit_id) AS worker_count
        FROM grids g JOIN org_units u ON u.id = g.org_unit_id JOIN org_units v ON v.id = g.village_id
        WHERE g.code IN (SELECT json_array_elements_text(${JSON.stringify(codes)}::json)) AND u.revoked_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.code, r]));
}
