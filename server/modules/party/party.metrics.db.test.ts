import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import { moduleMetricProviders } from "../index.js";
import { memberLifeMetrics, orgLifeMetrics, OBLIGATIONS_PER_YEAR } from "./party.metrics.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const YEAR = 2025;
const q = (scopePath: string, subjectIds?: string[]) => ({ year: YEAR, timeZone: "Asia/Shanghai", scopePath, ...(subjectIds ? { subjectIds } : {}) });

/**
 * The golden demo (clock 2026-03-02, so its meetings run March 2025 – February 2026), village
 * 大溪坝村. The numbers below were checked by hand against the raw rows: 30 meetings in 2025
 * (4 assemblies, 4 lectures, 8 committee meetings, 5 group meetings, 8 theme days, 1 democratic
 * review), each in a different period, so 30 of the 46 obligations were met; 464 places on the
 * sheets, 323 of them present; 20 members, 2 of them mobile.
 */
describe("organisational life metrics on the golden demo", () => {
  it("publishes both providers for the rating engine", () => {
    expect(moduleMetricProviders().map((p) => `${p.module}/${p.subjectKind}`)).toEqual(expect.arrayContaining(["orgLife/orgUnit", "member/member"]));
    expect(OBLIGATIONS_PER_YEAR).toBe(46);
  });

  it("computes 大溪坝村's numbers", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const town = await unitByCode(ctx.db, "440514109");
    const values = await orgLifeMetrics.compute(ctx.db, q(town.path));
    expect(values.size).toBe(25); // the town's committee unit and its 24 villages
    expect(values.get(village.id)).toEqual({
      "orgLife.heldRate": 30 / 46,
      "orgLife.attendanceRate": 323 / 464,
      "orgLife.themeDayCount": 8,
      "orgLife.meetingCount": 30,
      "orgLife.memberCount": 20,
      "orgLife.mobileMemberCount": 2,
    });
    // The town's own committee has no branch cadence: no held rate rather than a false zero.
    expect(values.get(town.id)?.["orgLife.heldRate"]).toBeUndefined();
  });

  it("agrees with the meetings by type and restricts itself to the scope and the subjects asked for", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const byType = await queryRows<{ type: string; n: number | string }>(
      ctx.db,
      sql`SELECT mt.type, count(*) AS n FROM meetings mt JOIN party_orgs po ON po.id = mt.party_org_id
        WHERE po.org_unit_id = ${village.id} AND mt.held_on >= '2025-01-01' AND mt.held_on < '2026-01-01' GROUP BY mt.type ORDER BY mt.type`,
    );
    expect(Object.fromEntries(byType.map((r) => [r.type, Number(r.n)]))).toEqual({
      branchCommittee: 8,
      democraticReview: 1,
      groupMeeting: 5,
      memberAssembly: 4,
      partyLecture: 4,
      themeDay: 8,
    });
    const one = await orgLifeMetrics.compute(ctx.db, q("/", [village.id]));
    expect([...one.keys()]).toEqual([village.id]);
    const elsewhere = await orgLifeMetrics.compute(ctx.db, q((await unitByCode(ctx.db, "440512")).path, [village.id]));
    expect(elsewhere.size).toBe(0);
  });

  it("counts each member's attendance from the sheets", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const members = await queryRows<{ id: string; name: string }>(
      ctx.db,
      sql`SELECT m.id, m.name FROM members m JOIN party_orgs po ON po.id = m.party_org_id WHERE po.org_unit_id = ${village.id} ORDER BY m.id`,
    );
    expect(members).toHaveLength(20);
    const values = await memberLifeMetrics.compute(ctx.db, q(village.path));
    expect(values.size).toBe(20);
    // The first member by id: 22 places on the year's sheets, present at 20, excused twice.
    expect(members[0]!.name).toBe("洪丹娟");
    expect(values.get(members[0]!.id)).toEqual({
      "member.meetingsAttended": 12,
      "member.themeDaysAttended": 7,
      "member.orgLifeAttended": 20,
      "member.expectedMeetings": 22,
      "member.excusedAbsences": 2,
      "member.unexcusedAbsences": 0,
      "member.attendanceRate": 20 / 22,
    });
    let present = 0;
    let expected = 0;
    for (const v of values.values()) {
      present += v["member.orgLifeAttended"] ?? 0;
      expected += v["member.expectedMeetings"] ?? 0;
    }
    const totals = { present, expected };
    expect(totals).toEqual({ present: 323, expected: 464 });
  });

  it("spreads across the city, as the ratings need", async () => {
    const values = await orgLifeMetrics.compute(ctx.db, q("/"));
    const rates = [...values.values()].flatMap((v) => (v["orgLife.heldRate"] === undefined ? [] : [v["orgLife.heldRate"]]));
    expect(rates.length).toBe(1091);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.4);
  });
});
