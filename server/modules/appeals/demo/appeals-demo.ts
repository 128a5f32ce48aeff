import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { gridWorkers, roleGrants, users } from "../../../db/schema/index.js";
import { systemActor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import type { DemoAccount, DemoStep } from "../../demo/steps.js";
import { hashPassword } from "../../auth/passwords.js";
import { chineseName, mobile, prng } from "../../party/demo/synthetic.js";
import { appealsCipher, protectPhone, WORKER_PHONE_CONTEXT } from "../appeals-deps.js";

/** The two demo towns with 2–4 grids per village and a worker on each grid; elsewhere one grid per village. */
export const DEMO_GRID_TOWNS = ["440514109", "440512005"] as const;
const DEMO_PASSWORD = "zhenxing-demo";
/** The listed grid-worker account: 大溪坝村's first grid. */
export const DEMO_GRID_WORKER = { username: "daxiba-wg", gridCode: "440514109210001", displayName: "大溪坝村第1网格网格员" };

/**
 * Grids for every village (set-based: one INSERT … SELECT for the org units and one for the
 * grid rows), then one worker per grid in the two demo towns (one multi-row insert each for
 * users, grants and grid_workers; the password is hashed once). Deterministic names and phones.
 */
async function seedGrids(db: Db, now: Date): Promise<number> {
  const towns = sql.join(DEMO_GRID_TOWNS.map((t) => sql`${t}`), sql`, `);
  await db.execute(sql`
    INSERT INTO org_units (id, parent_id, level, kind, division_code, name, official_name, path, depth, agricultural, created_at, updated_at)
    SELECT s.id, s.village_id, 'grid', 'grid', s.division_code || lpad(s.seq::text, 3, '0'), '第' || s.seq || '网格', '第' || s.seq || '网格',
           s.path || s.id || '/', s.depth + 1, s.agricultural, ${now}::timestamptz, ${now}::timestamptz
    FROM (
      SELECT gen_random_uuid() AS id, v.id AS village_id, v.division_code, v.path, v.depth, v.agricultural, gs AS seq
      FROM org_units v JOIN org_units t ON t.id = v.parent_id
      CROSS JOIN LATERAL generate_series(1, CASE WHEN t.division_code IN (${towns}) THEN 2 + (right(v.division_code, 3)::int % 3) ELSE 1 END) gs
      WHERE v.level = 'village' AND v.revoked_at IS NULL AND v.division_code ~ '^[0-9]{12}$'
        AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.village_id = v.id)
    ) s`);
  await db.execute(sql`
    INSERT INTO grids (org_unit_id, village_id, code, households, created_at, updated_at)
    SELECT u.id, u.parent_id, u.division_code, 300 + (right(u.division_code, 5)::int * 37) % 200, ${now}::timestamptz, ${now}::timestamptz
    FROM org_units u WHERE u.level = 'grid' AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.org_unit_id = u.id)`);
  const [n] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM grids`);
  return Number(n?.n ?? 0);
}

async function seedWorkers(deps: { db: Db; secret: string }, now: Date): Promise<number> {
  const rows = await queryRows<{ id: string; code: string; village: string }>(
    deps.db,
    sql`SELECT g.org_unit_id AS id, g.code, v.name AS village FROM grids g JOIN org_units v ON v.id = g.village_id JOIN org_units t ON t.id = v.parent_id
        WHERE t.division_code IN (${sql.join(DEMO_GRID_TOWNS.map((t) => sql`${t}`), sql`, `)})
          AND NOT EXISTS (SELECT 1 FROM grid_workers w WHERE w.grid_id = g.org_unit_id)
        ORDER BY g.code`,
  );
  if (rows.length === 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const pii = appealsCipher(deps.secret);
  const r = prng("appeals-demo-workers");
  const people = rows.map((g) => {
    const special = g.code === DEMO_GRID_WORKER.gridCode;
    return {
      grid: g,
      userId: crypto.randomUUID(),
      username: special ? DEMO_GRID_WORKER.username : `wg${g.code}`,
      displayName: special ? DEMO_GRID_WORKER.displayName : chineseName(r, r() < 0.5 ? "male" : "female"),
      phone: protectPhone(pii, mobile(r), WORKER_PHONE_CONTEXT),
    };
  });
  await deps.db.insert(users).values(people.map((p) => ({ id: p.userId, username: p.username, displayName: p.displayName, passwordHash, createdAt: now })));
  await deps.db.insert(roleGrants).values(people.map((p) => ({ userId: p.userId, role: "gridWorker" as const, orgUnitId: p.grid.id, createdAt: now })));
  await deps.db.insert(gridWorkers).values(people.map((p) => ({ gridId: p.grid.id, userId: p.userId, createdAt: now, ...p.phone })));
  await deps.db.execute(sql`UPDATE grids g SET leader_user_id = w.user_id FROM grid_workers w WHERE w.grid_id = g.org_unit_id AND g.leader_user_id IS NULL`);
  return people.length;
}

export const appealsDemoStep: DemoStep = {
  name: "grids",
  async run(deps, log) {
    const now = deps.clock.now();
    const gridCount = await seedGrids(deps.db, now);
    const workers = await seedWorkers(deps, now);
    await writeAudit(deps.db, systemActor("demo"), deps.clock, [
      { action: "demo.grids", entityType: "grid", entityId: null, orgPath: null, after: { grids: gridCount, workers } },
    ]);
    log(`grids: ${gridCount} grids, ${workers} grid workers`);
    const accounts: DemoAccount[] = [{ username: DEMO_GRID_WORKER.username, displayName: DEMO_GRID_WORKER.displayName, role: "gridWorker", scopeName: "大溪坝村 第1网格" }];
    return workers > 0 ? accounts : [];
  },
};

