/**
 * The floors the rating bench measures each job against, in the same run:
 * - the read floor (the issue's floor): one aggregate SQL pass over the same input rows;
 * - the store floor: the job's own result rows copied inside the database by one INSERT … SELECT
 *   into a plain table of the same columns (no indexes, no keys, no client transfer, no JSON
 *   parsing). No job that keeps a row per subject can write its rows for less, so read floor +
 *   store floor is what the job would cost if everything it does beyond reading its inputs and
 *   storing its rows were free: the ratio to that sum says how much is left to win without
 *   changing what is stored.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../server/db/client.js";

/** The floor for villages: one grouped pass over the year's meetings and the members per village, plus the assessments and categories. */
export async function villageFloor(db: Db, schemeId: string, scopePath: string, year: number): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(
    db,
    sql`WITH mc AS (SELECT party_org_id, count(*) AS n, count(*) FILTER (WHERE mobile_member) AS mobile FROM members GROUP BY party_org_id)
        SELECT count(*) AS n FROM (
          SELECT ou.id, max(mc.n), max(mc.mobile), count(mt.id), count(DISTINCT (mt.type, extract(month FROM mt.held_on))), sum(mt.present_count),
            sum(mt.present_count + mt.excused_count + mt.absent_count), count(*) FILTER (WHERE mt.type = 'themeDay'),
            max(a.manual_scores::text), max(vc.category)
          FROM org_units ou JOIN party_orgs po ON po.org_unit_id = ou.id LEFT JOIN mc ON mc.party_org_id = po.id
          LEFT JOIN meetings mt ON mt.party_org_id = po.id AND mt.held_on >= ${`${year}-01-01`}::date AND mt.held_on < ${`${year + 1}-01-01`}::date
          LEFT JOIN rating_assessments a ON a.org_unit_id = ou.id AND a.scheme_id = ${schemeId}
          LEFT JOIN village_categories vc ON vc.org_unit_id = ou.id AND vc.year = ${year}
          WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.path LIKE ${`${scopePath}%`} GROUP BY ou.id) x`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The floor for members: one pass over the year's attendance sheets, unnested and grouped per
 * member. Each entry is read with substr at the member's position, the cheapest form found (the
 * earlier floor zipped string_to_array of the sheet, 2-3× slower on PGlite): the floor must be
 * the best single pass, or the ratio flatters the job.
 */
export async function memberFloor(db: Db, year: number): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(
    db,
    sql`SELECT count(*) AS n FROM (
          SELECT u.member_id, count(*), count(*) FILTER (WHERE substr(mt.attendance, u.i::int, 1) = 'P'), count(*) FILTER (WHERE substr(mt.attendance, u.i::int, 1) = 'A')
          FROM meetings mt JOIN attendance_rosters r ON r.id = mt.roster_id
          CROSS JOIN LATERAL unnest(r.member_ids) WITH ORDINALITY AS u(member_id, i)
          WHERE mt.held_on >= ${`${year}-01-01`}::date AND mt.held_on < ${`${year + 1}-01-01`}::date GROUP BY u.member_id) x`,
  );
  return Number(rows[0]?.n ?? 0);
}

const STORE_FLOOR_TABLE = "bench_store_floor";

/**
 * The store floor for `n` rows: the scheme's stored results (written by the job just measured)
 * copied into a plain table of the same columns, timed for the INSERT alone; emptied before each
 * copy. A regular table, WAL-logged like rating_results (a temporary or unlogged one would skip
 * the log and flatter the floor). 0 when the case writes nothing.
 */
export async function storeFloor(db: Db, schemeId: string, n: number, rounds: number): Promise<number> {
  if (n <= 0) return 0;
  await db.execute(sql.raw(`DROP TABLE IF EXISTS ${STORE_FLOOR_TABLE}`));
  await db.execute(sql.raw(`CREATE TABLE ${STORE_FLOOR_TABLE} (LIKE rating_results)`));
  const ms: number[] = [];
  try {
    for (let i = 0; i <= rounds; i++) {
      await db.execute(sql.raw(`TRUNCATE ${STORE_FLOOR_TABLE}`));
      const t = performance.now();
      await db.execute(sql`INSERT INTO ${sql.raw(STORE_FLOOR_TABLE)} SELECT * FROM rating_results WHERE scheme_id = ${schemeId} LIMIT ${n}`);
      if (i > 0) ms.push(performance.now() - t); // the first copy warms the cache, as the job's warm-up does
    }
  } finally {
    await db.execute(sql.raw(`DROP TABLE IF EXISTS ${STORE_FLOOR_TABLE}`));
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? 0;
}
