import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import type { MemberScoresView } from "../../../common/contract/rating-inputs.contract.js";
import type { StarCard } from "../../../common/contract/rating-results.contract.js";

let ctx: TestContext;
let daxiba: Client;
let binhai: Client;
let hongchang: Client;
let orgId: string;
let otherOrgMember: string;

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

beforeAll(async () => {
  ctx = await createTestContext();
  [daxiba, binhai, hongchang] = await Promise.all([ctx.login("daxiba"), ctx.login("binhai"), ctx.login("hongchang")]);
  const [org] = await queryRows<{ id: string }>(
    ctx.db,
    sql`SELECT po.id FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE ou.division_code = '440514109210'
        ORDER BY (SELECT count(*) FROM members m WHERE m.party_org_id = po.id) DESC LIMIT 1`,
  );
  orgId = org!.id;
  const [other] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM members WHERE party_org_id <> ${orgId} LIMIT 1`);
  otherOrgMember = other!.id;
});
afterAll(() => ctx.close());

const url = () => `/api/v1/rating/party-orgs/${orgId}/member-scores`;
const put = (c: Client, scores: { memberId: string; indicator: string; score: number | null }[], year = 2026, headers?: Record<string, string>) => c.put(url(), { year, scores }, headers);
const card = async (id: string) => (await daxiba.get(`/api/v1/rating/members/${id}/stars?year=2026`)).json<StarCard>();

describe("branch-scored member indicators", () => {
  it("lists the branch's members × the indicators no record supplies", async () => {
    const res = await daxiba.get(`${url()}?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json<MemberScoresView>();
    expect(v.schemeId).not.toBeNull();
    expect(v.canEdit).toBe(true);
    expect(v.indicators.map((i) => i.code)).toEqual(["dues", "commitment", "performance"]);
    expect(v.indicators.find((i) => i.code === "dues")?.max).toBe(1);
    expect(v.indicators.find((i) => i.code === "performance")?.max).toBe(15);
    expect(v.members.length).toBeGreaterThan(3);
    // The demo's branches of 红场镇 have scored their members (demo/branch-scores-demo.ts).
    expect(v.members.every((m) => Object.keys(m.scores).length === 3)).toBe(true);
  });

  it("lets the demo's members reach three to five stars instead of capping near 62 points", async () => {
    const v = (await daxiba.get(`${url()}?year=2025`)).json<MemberScoresView>();
    // A sample of the branch keeps this quick on a loaded machine; each card is computed live.
    const cards = await Promise.all(v.members.slice(0, 15).map(async (m) => (await daxiba.get(`/api/v1/rating/members/${m.memberId}/stars?year=2025`)).json<StarCard>()));
    const stars = cards.map((c) => c.stars ?? 0);
    expect(Math.max(...cards.map((c) => c.total ?? 0))).toBeGreaterThan(80);
    expect(stars.filter((n) => n >= 3).length).toBeGreaterThan(0);
  });

  it("stores scores (audited) that the member's star card then counts", async () => {
    const v = (await daxiba.get(`${url()}?year=2026`)).json<MemberScoresView>();
    const m = v.members.find((x) => x.category === "regular")!;
    const before = await card(m.memberId);
    const res = await put(daxiba, [
      { memberId: m.memberId, indicator: "dues", score: 1 },
      { memberId: m.memberId, indicator: "commitment", score: 13 },
      { memberId: m.memberId, indicator: "performance", score: 14.5 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<MemberScoresView>().members.find((x) => x.memberId === m.memberId)?.scores).toEqual({ dues: 1, commitment: 13, performance: 14.5 });
    const after = await card(m.memberId);
    expect(after.lines.find((l) => l.indicator === "dues")?.points).toBe(8);
    expect(after.lines.find((l) => l.indicator === "performance")?.points).toBe(14.5);
    const was = (code: string) => before.lines.find((l) => l.indicator === code)?.points ?? 0;
    expect(after.total!).toBeCloseTo(before.total! + 8 + 13 + 14.5 - was("dues") - was("commitment") - was("performance"), 1);
    expect((await auditFor(ctx.db, orgId)).map((a) => a.action)).toContain("rating.memberScores");
    // The town may enter them too; a null removes a score.
    const cleared = await put(hongchang, [{ memberId: m.memberId, indicator: "commitment", score: null }]);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json<MemberScoresView>().members.find((x) => x.memberId === m.memberId)?.scores).toEqual({ dues: 1, performance: 14.5 });
    expect((await card(m.memberId)).lines.find((l) => l.indicator === "commitment")?.points).toBe(0);
  });

  it("hides other towns' organisations (404) and needs a session (401)", async () => {
    expect((await binhai.get(`${url()}?year=2026`)).statusCode).toBe(404);
    const v = (await daxiba.get(`${url()}?year=2026`)).json<MemberScoresView>();
    expect((await put(binhai, [{ memberId: v.members[0]!.memberId, indicator: "dues", score: 1 }])).statusCode).toBe(404);
    expect((await ctx.anon.get(`${url()}?year=2026`)).statusCode).toBe(401);
  });

  it("refuses bad input with the field named, in zh-CN and English", async () => {
    const v = (await daxiba.get(`${url()}?year=2026`)).json<MemberScoresView>();
    const m = v.members.find((x) => x.category === "regular")!.memberId;
    const above = await put(daxiba, [{ memberId: m, indicator: "dues", score: 1 }, { memberId: m, indicator: "performance", score: 16 }]);
    expect(above.statusCode).toBe(400);
    expect(above.json<ErrorBody>().error.fields?.["scores.1.score"]).toBe("得分不能超过该指标的上限 15");
    const en = await put(daxiba, [{ memberId: m, indicator: "performance", score: 16 }], 2026, { "accept-language": "en" });
    expect(en.json<ErrorBody>().error.fields?.["scores.0.score"]).toBe("The score cannot exceed the indicator's maximum of 15");
    expect((await put(daxiba, [{ memberId: m, indicator: "dues", score: 0.5 }])).json<ErrorBody>().error.fields?.["scores.0.score"]).toBe("此项只能填 1(是)或 0(否)");
    expect((await put(daxiba, [{ memberId: m, indicator: "meeting", score: 3 }])).json<ErrorBody>().error.fields?.["scores.0.indicator"]).toBe("指标「meeting」不由支部评分");
    expect((await put(daxiba, [{ memberId: otherOrgMember, indicator: "dues", score: 1 }])).json<ErrorBody>().error.fields?.["scores.0.memberId"]).toBe("该党员不属于本党组织");
    const negative = await put(daxiba, [{ memberId: m, indicator: "dues", score: -1 }]);
    expect(negative.statusCode).toBe(400);
    expect(Object.keys(negative.json<ErrorBody>().error.fields ?? {})[0]).toContain("scores.0.score");
    // No published member scheme for the year: nothing to score against.
    const noScheme = await put(daxiba, [{ memberId: m, indicator: "dues", score: 1 }], 2024);
    expect(noScheme.statusCode).toBe(400);
    expect(noScheme.json<ErrorBody>().error.fields?.year).toBe("2024 年没有已发布的党员评星方案");
    const [row] = await queryRows<{ n: string | number }>(ctx.db, sql`SELECT count(*) AS n FROM member_branch_scores WHERE member_id = ${m} AND indicator = 'performance' AND score > 15`);
    expect(Number(row!.n)).toBe(0);
  });
});
