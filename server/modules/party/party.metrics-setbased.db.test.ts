import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import { CADENCE_KINDS, MEETING_CADENCE, MEETING_TYPES } from "../../../common/party.js";
import { pgArray } from "./bulk-sql.js";
import { COUNTED_MEETINGS, memberLifeMetrics, OBLIGATIONS_PER_YEAR, orgLifeMetrics } from "./party.metrics.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const YEAR = 2025;

/**
 * The organisational-life metrics as they were computed before the set-based rewrite: two LATERAL
 * index scans per organisation and a DISTINCT over (type, period) records. Kept here, verbatim in
 * substance, as the reference the new query must equal on the whole demo.
 */
async function referenceOrgLife(db: Db, scopePath: string): Promise<Map<string, Record<string, number>>> {
  const period = sql.raw(`CASE mt.type ${MEETING_TYPES.map((t) => {
    const c = MEETING_CADENCE[t];
    return `WHEN '${t}' THEN ${c === "monthly" ? "extract(month FROM mt.held_on)::int" : c === "quarterly" ? "extract(quarter FROM mt.held_on)::int" : "1"}`;
  }).join(" ")} END`);
  const rows = await queryRows<Record<string, string | number | null> & { unit: string }>(
    db,
    sql`SELECT po.org_unit_id AS unit,
        count(*) FILTER (WHERE po.kind = ANY(${pgArray(CADENCE_KINDS, "text")})) AS "cadenceOrgs",
        sum(m.met) FILTER (WHERE po.kind = ANY(${pgArray(CADENCE_KINDS, "text")})) AS met,
        sum(m.meetings) AS meetings, sum(m.theme_days) AS "themeDays", sum(m.present) AS present, sum(m.expected) AS expected,
        sum(mb.members) AS members, sum(mb.mobile) AS mobile
      FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
      CROSS JOIN LATERAL (
        SELECT count(DISTINCT (mt.type, ${period})) AS met, count(*) AS meetings, count(*) FILTER (WHERE mt.type = 'themeDay') AS theme_days,
          coalesce(sum(mt.present_count), 0) AS present, coalesce(sum(mt.present_count + mt.excused_count + mt.absent_count), 0) AS expected
        FROM meetings mt WHERE mt.party_org_id = po.id AND mt.held_on >= ${`${YEAR}-01-01`}::date AND mt.held_on < ${`${YEAR + 1}-01-01`}::date) m
      CROSS JOIN LATERAL (SELECT count(*) AS members, count(*) FILTER (WHERE x.mobile_member) AS mobile FROM members x WHERE x.party_org_id = po.id) mb
      WHERE po.dissolved_at IS NULL AND ou.path LIKE ${`${scopePath}%`}
      GROUP BY po.org_unit_id`,
  );
  const n = (v: string | number | null | undefined): number => Number(v ?? 0);
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const values: Record<string, number> = {
      "orgLife.attendanceRate": n(r.expected) > 0 ? n(r.present) / n(r.expected) : 0,
      "orgLife.themeDayCount": n(r.themeDays),
      "orgLife.meetingCount": n(r.meetings),
      "orgLife.memberCount": n(r.members),
      "orgLife.mobileMemberCount": n(r.mobile),
    };
    if (n(r.cadenceOrgs) > 0) values["orgLife.heldRate"] = n(r.met) / (OBLIGATIONS_PER_YEAR * n(r.cadenceOrgs));
    out.set(r.unit, values);
  }
  return out;
}

/** Member attendance as computed before: the roster zipped with string_to_array of the sheet. */
async function referenceMemberLife(db: Db, scopePath: string): Promise<Map<string, Record<string, number>>> {
  const rows = await queryRows<{ id: string; expected: string | number; present: string | number; counted: string | number; themeDays: string | number; excused: string | number; absent: string | number }>(
    db,
    sql`WITH e AS (
        SELECT u.member_id, count(*) AS expected, count(*) FILTER (WHERE u.code = 'P') AS present,
          count(*) FILTER (WHERE u.code = 'P' AND mt.type = ANY(${pgArray(COUNTED_MEETINGS, "text")})) AS counted,
          count(*) FILTER (WHERE u.code = 'P' AND mt.type = 'themeDay') AS "themeDays",
          count(*) FILTER (WHERE u.code = 'E') AS excused, count(*) FILTER (WHERE u.code = 'A') AS absent
        FROM meetings mt JOIN attendance_rosters r ON r.id = mt.roster_id
        CROSS JOIN LATERAL unnest(r.member_ids, string_to_array(mt.attendance, NULL)) AS u(member_id, code)
        WHERE mt.held_on >= ${`${YEAR}-01-01`}::date AND mt.held_on < ${`${YEAR + 1}-01-01`}::date
        GROUP BY u.member_id)
      SELECT mb.id, coalesce(e.expected, 0) AS expected, coalesce(e.present, 0) AS present, coalesce(e.counted, 0) AS counted,
        coalesce(e."themeDays", 0) AS "themeDays", coalesce(e.excused, 0) AS excused, coalesce(e.absent, 0) AS absent
      FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
      LEFT JOIN e ON e.member_id = mb.id WHERE ou.path LIKE ${`${scopePath}%`}`,
  );
  const n = (v: string | number): number => Number(v);
  return new Map(rows.map((r) => [r.id, {
    "member.meetingsAttended": n(r.counted), "member.themeDaysAttended": n(r.themeDays), "member.orgLifeAttended": n(r.present),
    "member.expectedMeetings": n(r.expected), "member.excusedAbsences": n(r.excused), "member.unexcusedAbsences": n(r.absent),
    "member.attendanceRate": n(r.expected) > 0 ? n(r.present) / n(r.expected) : 0,
  }]));
}

describe("set-based member attendance metrics", () => {
  it("equal the zipped-array reference for every member of the demo city", async () => {
    const [city] = await queryRows<{ path: string }>(ctx.db, sql`SELECT path FROM org_units WHERE level = 'city' LIMIT 1`);
    const scope = city?.path ?? "/";
    const expected = await referenceMemberLife(ctx.db, scope);
    const actual = await memberLifeMetrics.compute(ctx.db, { year: YEAR, timeZone: "Asia/Shanghai", scopePath: scope });
    expect(expected.size).toBeGreaterThan(30000);
    expect(actual).toEqual(expected);
    const values = [...actual.values()];
    // Every code and class must occur, or the comparison proves little.
    for (const k of ["member.meetingsAttended", "member.themeDaysAttended", "member.excusedAbsences", "member.unexcusedAbsences"]) {
      expect(values.filter((v) => (v[k] ?? 0) > 0).length).toBeGreaterThan(1000);
    }
  });
});

describe("set-based organisational-life metrics", () => {
  it("equal the per-organisation reference for every unit of the demo city", async () => {
    const [city] = await queryRows<{ path: string }>(ctx.db, sql`SELECT path FROM org_units WHERE level = 'city' LIMIT 1`);
    const scope = city?.path ?? "/";
    const expected = await referenceOrgLife(ctx.db, scope);
    const actual = await orgLifeMetrics.compute(ctx.db, { year: YEAR, timeZone: "Asia/Shanghai", scopePath: scope });
    expect(expected.size).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
    // Some units must have met periods and members, or the comparison proves little.
    expect([...actual.values()].filter((v) => (v["orgLife.heldRate"] ?? 0) > 0 && (v["orgLife.memberCount"] ?? 0) > 0).length).toBeGreaterThan(500);
  });

  it("skips the member counts only when the scheme does not read them", async () => {
    const town = await unitByCode(ctx.db, "440514109");
    const village = await unitByCode(ctx.db, "440514109210");
    const q = { year: YEAR, timeZone: "Asia/Shanghai", scopePath: town.path };
    const all = await orgLifeMetrics.compute(ctx.db, q);
    const some = await orgLifeMetrics.compute(ctx.db, { ...q, metrics: new Set(["orgLife.heldRate"]) });
    const counted = await orgLifeMetrics.compute(ctx.db, { ...q, metrics: new Set(["orgLife.memberCount"]) });
    expect(all.get(village.id)?.["orgLife.memberCount"]).toBe(20);
    expect(some.get(village.id)?.["orgLife.memberCount"]).toBeUndefined();
    expect(some.get(village.id)?.["orgLife.heldRate"]).toBe(30 / 46);
    expect(counted.get(village.id)).toEqual(all.get(village.id));
  });
});
