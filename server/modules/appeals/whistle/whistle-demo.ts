import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/client.js";
import { departments, roleGrants, users, whistleAutoDepartments } from "../../../db/schema/index.js";
import { systemActor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import { hashPassword } from "../../auth/passwords.js";
import type { DemoAccount, DemoStep } from "../../demo/steps.js";

const DEMO_PASSWORD = "zhenxing-demo";

/** Departments each demo town can whistle; `auto` ones answer its 紧急 appeals (the first leads). */
const DEMO_DEPARTMENTS = [
  { key: "safety", name: "应急管理办", auto: true },
  { key: "water", name: "水务所", auto: true },
  { key: "law", name: "综合行政执法队", auto: false },
  { key: "agri", name: "农业农村办", auto: false },
] as const;

const DEMO_TOWNS = [
  { code: "440514109", prefix: "hongchang" },
  { code: "440512005", prefix: "binhai" },
] as const;

/** The listed department account: 红场镇水务所. */
export const DEMO_DEPARTMENT_USER = "hongchang-water";

/**
 * Four departments in each demo town with one staff account each, and the town's automatic
 * 紧急 summons list: multi-row inserts only (8 departments, 8 users), deterministic names.
 */
export const whistleDemoStep: DemoStep = {
  name: "departments",
  async run(deps, log) {
    const now = deps.clock.now();
    const towns = await queryRows<{ id: string; division_code: string; name: string }>(
      deps.db,
      sql`SELECT id, division_code, name FROM org_units WHERE division_code IN (${sql.join(DEMO_TOWNS.map((t) => sql`${t.code}`), sql`, `)})`,
    );
    if (towns.length === 0) return [];
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const rows = towns.flatMap((t) => {
      const prefix = DEMO_TOWNS.find((d) => d.code === t.division_code)?.prefix ?? t.division_code;
      return DEMO_DEPARTMENTS.map((d) => ({ town: t, dept: d, departmentId: crypto.randomUUID(), userId: crypto.randomUUID(), username: `${prefix}-${d.key}` }));
    });
    await deps.db.insert(departments).values(rows.map((r) => ({ id: r.departmentId, orgUnitId: r.town.id, name: r.dept.name, createdAt: now })));
    await deps.db.insert(users).values(rows.map((r) => ({ id: r.userId, username: r.username, displayName: `${r.town.name}${r.dept.name}`, passwordHash, createdAt: now })));
    await deps.db
      .insert(roleGrants)
      .values(rows.map((r) => ({ userId: r.userId, role: "departmentStaff" as const, orgUnitId: r.town.id, departmentId: r.departmentId, createdAt: now })));
    const auto = rows.filter((r) => r.dept.auto);
    await deps.db.insert(whistleAutoDepartments).values(auto.map((r) => ({ townId: r.town.id, departmentId: r.departmentId, lead: r.dept.key === "safety", createdAt: now })));
    await writeAudit(deps.db, systemActor("demo"), deps.clock, [
      { action: "demo.departments", entityType: "department", entityId: null, orgPath: null, after: { departments: rows.length } },
    ]);
    log(`departments: ${rows.length} departments with staff`);
    const listed = rows.find((r) => r.username === DEMO_DEPARTMENT_USER);
    const accounts: DemoAccount[] = listed
      ? [{ username: listed.username, displayName: `${listed.town.name}${listed.dept.name}`, role: "departmentStaff", scopeName: listed.town.name }]
      : [];
    return accounts;
  },
};
