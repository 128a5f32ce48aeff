import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode, uniqueName } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import type { StarCard } from "../../../common/contract/rating-results.contract.js";
import { memberLifeMetrics } from "../party/party.metrics.js";

let ctx: TestContext;
let daxiba: Client;
let binhai: Client;
let hongchang: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [daxiba, binhai, hongchang] = await Promise.all([ctx.login("daxiba"), ctx.login("binhai"), ctx.login("hongchang")]);
});
afterAll(() => ctx.close());

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
interface M { id: string; status: string; mobile: boolean; elderly: boolean; party_org_id: string }

async function daxibaMembers(): Promise<M[]> {
  return queryRows<M>(
    ctx.db,
    sql`SELECT mb.id, mb.status, mb.mobile_member AS mobile, mb.birth_date <= '1950-01-01' AS elderly, mb.party_org_id FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id
        JOIN org_units ou ON ou.id = po.org_unit_id WHERE ou.division_code = '440514109210' ORDER BY mb.id`,
  );
}

const card = async (c: Client, id: string, year = 2025) => (await c.get(`/api/v1/rating/members/${id}/stars?year=${year}`)).json<StarCard>();

describe("member stars", () => {
  it("needs a session (401) and hides other towns' members (404)", async () => {
    const [m] = await daxibaMembers();
    expect((await ctx.anon.get(`/api/v1/rating/members/${m!.id}/stars?year=2025`)).statusCode).toBe(401);
    expect((await binhai.get(`/api/v1/rating/members/${m!.id}/stars?year=2025`)).statusCode).toBe(404);
    expect((await binhai.post(`/api/v1/rating/members/${m!.id}/ledger`, { kind: "study", quantity: 2, occurredOn: "2025-05-01" })).statusCode).toBe(404);
  });

  it("counts recorded attendance against each cap; excused absence never deducts", async () => {
    const m = (await daxibaMembers()).find((x) => !x.mobile)!;
    const c = await card(hongchang, m.id);
    const meeting = c.lines.find((l) => l.indicator === "meeting")!;
    expect(meeting.cap).toBe(12);
    expect(meeting.points).toBe(Math.min(12, 3 * (meeting.count ?? 0)));
    const metrics = (await memberLifeMetrics.compute(ctx.db, { year: 2025, timeZone: "Asia/Shanghai", scopePath: "/", subjectIds: [m.id] })).get(m.id)!;
    const absent = c.lines.find((l) => l.indicator === "absentNoReason")!;
    expect(absent.count).toBe(metrics["member.unexcusedAbsences"]);
    expect(absent.points).toBe(0 - Math.min(10, 2 * (metrics["member.unexcusedAbsences"] ?? 0)));
    expect(c.provisional).toBe(false);
  });

  it("adds ledger events with evidence, capped per year; discipline zeroes (清零)", async () => {
    const m = (await daxibaMembers()).find((x) => !x.mobile && !x.elderly)!;
    // The demo gives 红场镇's members a ledger (demo/branch-scores-demo.ts); this test counts from an empty one.
    await ctx.db.execute(sql`DELETE FROM member_star_ledger WHERE member_id = ${m.id}`);
    const noEvidence = await daxiba.post(`/api/v1/rating/members/${m.id}/ledger`, { kind: "volunteer", quantity: 8, occurredOn: "2025-06-01" });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json<ErrorBody>().error.fields?.evidence).toBe("此类记录须附佐证材料");
    for (const d of ["2025-06-01", "2025-07-01"]) {
      const res = await daxiba.post(`/api/v1/rating/members/${m.id}/ledger`, { kind: "volunteer", quantity: 10, occurredOn: d, evidence: ["files/volunteer.jpg"] });
      expect(res.statusCode, res.body).toBe(201);
      expect((await auditFor(ctx.db, m.id)).some((a) => a.action === "rating.ledger")).toBe(true);
    }
    await daxiba.post(`/api/v1/rating/members/${m.id}/ledger`, { kind: "study", quantity: 5, occurredOn: "2025-03-01" });
    const c = await card(daxiba, m.id);
    expect(c.lines.find((l) => l.indicator === "volunteer")).toMatchObject({ count: 20, points: 15, cap: 15 });
    expect(c.lines.find((l) => l.indicator === "study")).toMatchObject({ count: 5, points: 5 });
    expect(c.ledger).toHaveLength(3);
    await daxiba.post(`/api/v1/rating/members/${m.id}/ledger`, { kind: "discipline", quantity: 1, occurredOn: "2025-09-01", evidence: ["files/decision.pdf"] });
    const zeroed = await card(daxiba, m.id);
    expect(zeroed).toMatchObject({ disqualified: true, grade: null, total: 0 });
  });

  it("exempts mobile members from household visits", async () => {
    const m = (await daxibaMembers()).find((x) => x.mobile);
    if (!m) return; // the demo branch may have no mobile member
    const c = await card(daxiba, m.id);
    expect(c.category).toBe("mobile");
    expect(c.lines.find((l) => l.indicator === "linkHouse")?.excluded).toBe(true);
  });

  it("keeps 民主评议 beside the stars: 优秀 ≤ 1/3, probationary members ungraded", async () => {
    const members = await daxibaMembers();
    const full = members.filter((x) => x.status === "full");
    const orgId = full[0]!.party_org_id;
    const tooMany = full.slice(0, Math.floor(full.length / 3) + 1).map((x) => ({ memberId: x.id, grade: "excellent" }));
    const refused = await daxiba.put("/api/v1/rating/review-grades", { partyOrgId: orgId, year: 2025, grades: tooMany });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ErrorBody>().error.fields?.grades).toContain("三分之一");
    const ok = await daxiba.put("/api/v1/rating/review-grades", { partyOrgId: orgId, year: 2025, grades: tooMany.slice(1).concat([{ memberId: full.at(-1)!.id, grade: "qualified" }]) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await auditFor(ctx.db, orgId)).some((a) => a.action === "rating.reviewGrades")).toBe(true);
    expect((await card(daxiba, full[1]!.id)).reviewGrade).toBe("excellent");
    const probationary = members.find((x) => x.status === "probationary");
    if (probationary) {
      const res = await daxiba.put("/api/v1/rating/review-grades", { partyOrgId: orgId, year: 2025, grades: [{ memberId: probationary.id, grade: "qualified" }] });
      expect(res.json<ErrorBody>().error.fields?.["grades.0.grade"]).toBe("预备党员参加民主评议，但不评定等次");
    }
  });

  it("shows a member account its own card only", async () => {
    const m = (await daxibaMembers())[2]!;
    const village = await unitByCode(ctx.db, "440514109210");
    const username = uniqueName("dy");
    const created = await daxiba.post("/api/v1/users", { username, displayName: "党员甲", password: "Zx-member-2026!", grant: { role: "member", orgUnitId: village.id } });
    expect(created.statusCode, created.body).toBe(201);
    const userId = created.json<{ id: string }>().id;
    const me = await ctx.login(username, "Zx-member-2026!");
    expect((await me.get("/api/v1/rating/me/stars?year=2025")).statusCode).toBe(404);
    expect((await hongchang.put(`/api/v1/rating/members/${m.id}/account`, { userId })).statusCode).toBe(200);
    const wrong = await daxiba.post("/api/v1/users", { username: uniqueName("dy"), displayName: "党员乙", password: "Zx-member-2026!", grant: { role: "gridWorker", orgUnitId: village.id } });
    const refused = await daxiba.put(`/api/v1/rating/members/${m.id}/account`, { userId: wrong.json<{ id: string }>().id });
    expect(refused.json<ErrorBody>().error.fields?.userId).toBe("该账号不是本村(社区)的党员账号");
    expect((await auditFor(ctx.db, m.id)).some((a) => a.action === "rating.linkMemberAccount")).toBe(true);
    const mine = await me.get("/api/v1/rating/me/stars?year=2025");
    expect(mine.statusCode).toBe(200);
    expect(mine.json<StarCard>().memberId).toBe(m.id);
    expect((await me.get(`/api/v1/rating/members/${m.id}/stars?year=2025`)).statusCode).toBe(403);
  });
});
