import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { systemActor, type Actor } from "../../../platform/actor.js";
import { toGrant } from "../../auth/auth.repo.js";
import type { HandlingLevel } from "../../../../common/appeals.js";
import type { OrgLevel, Role } from "../../../../common/roles.js";
import { DEMO_GRID_TOWNS } from "./appeals-demo.js";
import type { DemoDepartment } from "./demo-appeals-plan.js";

type UserActor = Extract<Actor, { kind: "user" }>;

/** The demo department names (whistle-demo.ts) by key. */
const DEPARTMENT_NAMES: Record<DemoDepartment, string> = { safety: "应急管理办", water: "水务所", law: "综合行政执法队", agri: "农业农村办" };

export interface DemoActors {
  resident: Actor;
  /** Who handles an appeal of `gridCode` at `level`: the grid's worker, else the town, then the district (or the city). */
  handler(level: HandlingLevel, gridCode: string, town: string): UserActor;
  town(town: string): UserActor;
  department(town: string, key: DemoDepartment): { departmentId: string; staff: UserActor };
  staffOf(departmentId: string): UserActor;
}

interface Row {
  user_id: string;
  username: string;
  display_name: string;
  grants: Parameters<typeof toGrant>[0][] | string;
  grid_code: string | null;
  department_name: string | null;
  department_town: string | null;
}

/**
 * The demo's own accounts as signed-in actors (the grants a session would carry), loaded in one
 * query: the grid workers and the departments of the two demo towns, the towns, the district
 * and the city administrators. The demo acts through them so every permission check applies.
 */
export async function demoActors(db: Db): Promise<DemoActors> {
  const towns = sql.join(DEMO_GRID_TOWNS.map((t) => sql`${t}`), sql`, `);
  const rows = await queryRows<Row>(
    db,
    sql`SELECT u.id AS user_id, u.username, u.display_name,
          (SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'org_unit_id', g.org_unit_id, 'path', o.path, 'level', o.level,
              'name', o.name, 'division_code', o.division_code, 'department_id', g.department_id) ORDER BY o.depth)
           FROM role_grants g JOIN org_units o ON o.id = g.org_unit_id WHERE g.user_id = u.id) AS grants,
          (SELECT gr.code FROM grid_workers w JOIN grids gr ON gr.org_unit_id = w.grid_id WHERE w.user_id = u.id LIMIT 1) AS grid_code,
          d.name AS department_name, dt.division_code AS department_town
        FROM users u
        LEFT JOIN role_grants dg ON dg.user_id = u.id AND dg.department_id IS NOT NULL
        LEFT JOIN departments d ON d.id = dg.department_id
        LEFT JOIN org_units dt ON dt.id = d.org_unit_id
        WHERE u.username IN ('admin', 'chaonan', 'hongchang', 'binhai')
           OR EXISTS (SELECT 1 FROM grid_workers w JOIN grids gr ON gr.org_unit_id = w.grid_id JOIN org_units v ON v.id = gr.village_id
                      JOIN org_units t ON t.id = v.parent_id WHERE w.user_id = u.id AND t.division_code IN (${towns}))
           OR dt.division_code IN (${towns})`,
  );
  const actors = new Map<string, UserActor>();
  const byGrid = new Map<string, UserActor>();
  const byDepartment = new Map<string, { departmentId: string; staff: UserActor }>();
  const byDepartmentId = new Map<string, UserActor>();
  for (const r of rows) {
    const raw = (typeof r.grants === "string" ? JSON.parse(r.grants) : r.grants) as Parameters<typeof toGrant>[0][] | null;
    const actor: UserActor = { kind: "user", userId: r.user_id, username: r.username, displayName: r.display_name, grants: (raw ?? []).map(toGrant) };
    actors.set(r.username, actor);
    if (r.grid_code) byGrid.set(r.grid_code, actor);
    const dept = actor.grants.find((g) => g.departmentId)?.departmentId;
    if (dept && r.department_name && r.department_town) {
      byDepartment.set(`${r.department_town}:${r.department_name}`, { departmentId: dept, staff: actor });
      byDepartmentId.set(dept, actor);
    }
  }
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`demo appeals: ${what} is missing`);
    return v;
  };
  const townAdmin = (town: string) => need([...actors.values()].find((a) => a.grants.some((g) => g.role === ("townAdmin" satisfies Role) && g.divisionCode === town)), `the admin of town ${town}`);
  return {
    resident: systemActor("resident"),
    handler(level, gridCode, town) {
      if (level === "grid") return need(byGrid.get(gridCode), `the worker of grid ${gridCode}`);
      if (level === "village" || level === "town") return townAdmin(town);
      const districtLevel: OrgLevel = "district";
      const district = [...actors.values()].find((a) => a.grants.some((g) => g.scopeLevel === districtLevel && town.startsWith(g.divisionCode ?? "-")));
      return district ?? need(actors.get("admin"), "the city admin");
    },
    town: townAdmin,
    department: (town, key) => need(byDepartment.get(`${town}:${DEPARTMENT_NAMES[key]}`), `${town}'s ${DEPARTMENT_NAMES[key]}`),
    staffOf: (id) => need(byDepartmentId.get(id), `the staff of department ${id}`),
  };
}
