import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import type { MemberScoresView } from "../../../common/contract/rating-inputs.contract.js";
import type { SchemeDetail } from "../../../common/contract/rating.contract.js";
import type { StarCard } from "../../../common/contract/rating-results.contract.js";
import { moduleMetricProviders } from "../index.js";
import { memberSubjects } from "./member-facts.js";
import type { RatingDeps } from "./rating-deps.js";
import { governingScheme } from "./schemes.repo.js";
import { schemeOf } from "./schemes.service.js";

// A newer member-star version lowers "performance" from 15 to 10 for regular members, after the
// branch entered 14: the score counts capped at 10, and the screen and the breakdown say so.
let ctx: TestContext;
let admin: Client;
let daxiba: Client;
let orgId: string;
let memberId: string;
let orgPath: string;

type ErrorBody = { error: { fields?: Record<string, string> } };

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, daxiba] = await Promise.all([ctx.login("admin"), ctx.login("daxiba")]);
  const [org] = await queryRows<{ id: string; path: string }>(
    ctx.db,
    sql`SELECT po.id, ou.path FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE ou.division_code = '440514109210'
        ORDER BY (SELECT count(*) FROM members m WHERE m.party_org_id = po.id) DESC LIMIT 1`,
  );
  orgId = org!.id;
  orgPath = org!.path;
  const v = (await daxiba.get(`/api/v1/rating/party-orgs/${orgId}/member-scores?year=2026`)).json<MemberScoresView>();
  memberId = v.members.find((m) => m.category === "regular")!.memberId;
  const put = await daxiba.put(`/api/v1/rating/party-orgs/${orgId}/member-scores`, { year: 2026, scores: [{ memberId, indicator: "performance", score: 14 }] });
  expect(put.statusCode, put.body).toBe(200);
  // The city's 2026 member scheme gets a new version with a lower max for regular members.
  const [scheme] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_schemes WHERE programme = 'memberStar' AND year = 2026 AND status = 'published'`);
  const draft = (await admin.post(`/api/v1/rating/schemes/${scheme!.id}/new-version`)).json<SchemeDetail>();
  const body = structuredClone(draft.body) as { dimensions: { indicators: { code: string; categoryOverrides?: Record<string, unknown> }[] }[] };
  const perf = body.dimensions.flatMap((d) => d.indicators).find((i) => i.code === "performance")!;
  perf.categoryOverrides = { ...perf.categoryOverrides, regular: { maxPoints: 10 } };
  const saved = await admin.patch(`/api/v1/rating/schemes/${draft.id}`, { body });
  expect(saved.statusCode, saved.body).toBe(200);
  const published = await admin.post(`/api/v1/rating/schemes/${draft.id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
});
afterAll(() => ctx.close());

describe("a branch score above a max a newer scheme version lowered", () => {
  it("is marked overMax with the new max on the branch-scores view", async () => {
    const v = (await daxiba.get(`/api/v1/rating/party-orgs/${orgId}/member-scores?year=2026`)).json<MemberScoresView>();
    const m = v.members.find((x) => x.memberId === memberId)!;
    expect(m.scores.performance).toBe(14);
    expect(m.overMax).toEqual({ performance: { overMax: true, max: 10 } });
    // Scores within the new max carry no mark.
    expect(v.members.filter((x) => x.memberId !== memberId).every((x) => x.overMax.performance === undefined || (x.scores.performance ?? 0) > 10)).toBe(true);
  });

  it("counts at the new max on the star card, whose reason says it was capped (zh-CN and English)", async () => {
    const zh = (await daxiba.get(`/api/v1/rating/members/${memberId}/stars?year=2026`)).json<StarCard>();
    const line = zh.lines.find((l) => l.indicator === "performance")!;
    expect(line.points).toBe(10);
    expect(line.cap).toBe(10);
    expect(line.reason).toBe("原评 14 分，超出本版上限 10 分，按上限计入 10 分，请复核");
    const en = (await daxiba.get(`/api/v1/rating/members/${memberId}/stars?year=2026`, { "accept-language": "en" })).json<StarCard>();
    expect(en.lines.find((l) => l.indicator === "performance")?.reason).toBe("Scored 14, above this version's maximum of 10: counted at the maximum, 10; please review");
  });

  it("keeps the value entered in the facts a rating job stores, so a recomputed explanation says it too", async () => {
    const deps: RatingDeps = { db: ctx.db, clock: ctx.clock, timeZone: "Asia/Shanghai", providers: moduleMetricProviders() };
    const row = await governingScheme(ctx.db, "memberStar", 2026, orgPath);
    const [subject] = await memberSubjects(deps, ctx.db, schemeOf(row!), orgPath, [memberId]);
    expect(subject?.facts.manualScores?.performance).toEqual({ branch: 10 });
    expect(subject?.facts.cappedScores).toEqual({ performance: { branch: 14 } });
  });

  it("is still refused above the new max when entered again", async () => {
    const res = await daxiba.put(`/api/v1/rating/party-orgs/${orgId}/member-scores`, { year: 2026, scores: [{ memberId, indicator: "performance", score: 14 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.fields?.["scores.0.score"]).toBe("得分不能超过该指标的上限 10");
    const ok = await daxiba.put(`/api/v1/rating/party-orgs/${orgId}/member-scores`, { year: 2026, scores: [{ memberId, indicator: "performance", score: 9 }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<MemberScoresView>().members.find((x) => x.memberId === memberId)?.overMax).toEqual({});
  });
});
