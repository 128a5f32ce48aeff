import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { sweep } from "../../workflow/sweeper.js";
import type { AssessmentDetail, AssessmentView, SchemeView } from "../../../common/contract/rating.contract.js";
import { assessmentWorkflow } from "./assessment.workflow.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let hongchang: Client;
let daxiba: Client;
let binhai: Client;
let scheme2026: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, chaonan, hongchang, daxiba, binhai] = await Promise.all([ctx.login("admin"), ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
  const schemes = (await admin.get("/api/v1/rating/schemes?programme=fortress&year=2026")).json<{ items: SchemeView[] }>().items;
  scheme2026 = schemes[0]!.id;
});
afterAll(() => ctx.close());

/** Signing in again after the clock moved: a login sweeps the sessions that expired meanwhile. */
async function signInAll(): Promise<void> {
  [admin, chaonan, hongchang, daxiba, binhai] = await Promise.all([ctx.login("admin"), ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("daxiba"), ctx.login("binhai")]);
}

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

async function assessmentOf(code: string): Promise<string> {
  const unit = await unitByCode(ctx.db, code);
  const [a] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_assessments WHERE scheme_id = ${scheme2026} AND org_unit_id = ${unit.id}`);
  return a!.id;
}

const fire = (c: Client, id: string, event: string, extra: Record<string, string> = {}) => c.post(`/api/v1/rating/assessments/${id}/events`, { event, ...extra });

describe("the fortress assessment workflow", () => {
  it("needs a session (401), hides other towns' villages (404), and shows the town its queue", async () => {
    const id = await assessmentOf("440514109210");
    expect((await ctx.anon.get(`/api/v1/rating/assessments/${id}`)).statusCode).toBe(401);
    expect((await binhai.get(`/api/v1/rating/assessments/${id}`)).statusCode).toBe(404);
    expect((await fire(binhai, id, "review")).statusCode).toBe(404);
    const queue = (await hongchang.get("/api/v1/rating/queue")).json<{ items: { status: string; count: number }[] }>().items;
    expect(queue.find((q) => q.status === "townReview")?.count).toBeGreaterThanOrEqual(20);
    const mine = (await hongchang.get(`/api/v1/rating/assessments?awaitingMe=true&schemeId=${scheme2026}&pageSize=200`)).json<{ items: AssessmentView[] }>();
    expect(mine.items.every((a) => a.status === "townReview" && a.abilities.events.includes("review"))).toBe(true);
    expect((await daxiba.get(`/api/v1/rating/assessments?awaitingMe=true`)).json<{ total: number }>().total).toBe(0);
  });

  it("runs self-assessment → town → district → publicity → one objection → final, each step audited", async () => {
    const id = await assessmentOf("440514109210");
    // The town sends it back (a reason is required), the village scores itself with evidence.
    expect((await fire(hongchang, id, "returnToVillage")).json<ErrorBody>().error.fields?.note).toBeDefined();
    expect((await fire(hongchang, id, "returnToVillage", { note: "请补充佐证材料" })).json<AssessmentDetail>().status).toBe("selfAssess");
    const noEvidence = await daxiba.put(`/api/v1/rating/assessments/${id}/scores`, { role: "self", scores: { "org.secretaryDuty": 6 } });
    expect(noEvidence.statusCode, noEvidence.body).toBe(200);
    const refused = await fire(daxiba, id, "submit");
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ErrorBody>().error.fields?.["evidence.org.teamComplete"]).toBe("此类记录须附佐证材料");
    const notSelf = await daxiba.put(`/api/v1/rating/assessments/${id}/scores`, { role: "self", scores: { "dev.environment": 6 } });
    expect(notSelf.json<ErrorBody>().error.fields?.["body.scores.dev.environment"]).toBe("「self」不能为指标「dev.environment」评分");
    const tooHigh = await daxiba.put(`/api/v1/rating/assessments/${id}/scores`, { role: "self", scores: { "org.secretaryDuty": 9 } });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json<ErrorBody>().error.fields?.["body.scores.org.secretaryDuty"]).toBe("分值 9 超过该项满分 7 分");
    expect((await daxiba.put(`/api/v1/rating/assessments/${id}/scores`, { role: "town", scores: { "dev.environment": 6 } })).statusCode).toBe(400);
    const files = ["org.teamComplete", "org.secretaryReserve", "life.review", "dev.collectiveIncome", "dev.industry", "dev.environment", "serve.fourTwo"];
    const withEvidence = await daxiba.put(`/api/v1/rating/assessments/${id}/scores`, { role: "self", scores: {}, evidence: Object.fromEntries(files.map((f) => [f, [`files/${f}.pdf`]])) });
    expect(withEvidence.json<AssessmentDetail>().evidence["dev.environment"]).toEqual(["files/dev.environment.pdf"]);
    expect((await fire(daxiba, id, "submit", { note: "自评完成" })).json<AssessmentDetail>().status).toBe("townReview");
    // Out of order: the district cannot approve before the town reviewed.
    const early = await fire(chaonan, id, "approve");
    expect(early.statusCode).toBe(409);
    expect(early.json<ErrorBody>().error.code).toBe("INVALID_TRANSITION");
    expect((await hongchang.put(`/api/v1/rating/assessments/${id}/scores`, { role: "town", scores: { "org.secretaryDuty": 6.5, "dev.environment": 5 }, vetoHits: [] })).statusCode).toBe(200);
    expect((await fire(hongchang, id, "review")).json<AssessmentDetail>().status).toBe("districtApproval");
    expect((await chaonan.put(`/api/v1/rating/assessments/${id}/scores`, { role: "district", scores: { "org.secretaryDuty": 6 } })).statusCode).toBe(200);
    const approved = (await fire(chaonan, id, "approve")).json<AssessmentDetail>();
    expect(approved.status).toBe("publicity");
    expect(approved.grade).not.toBeNull();
    expect(approved.publicityEndsAt).toBe(new Date(ctx.clock.now().getTime() + 5 * 86_400_000).toISOString());
    // The public list shows it without personal data.
    const pub = (await ctx.anon.get(`/api/v1/public/rating/${scheme2026}/stars`)).json<{ items: { village: string; grade: string }[] }>();
    expect(pub.items.map((i) => i.village)).toContain("大溪坝村");
    // One objection, with reasons; a second is refused; the town answers.
    expect((await fire(daxiba, id, "object")).statusCode).toBe(400);
    expect((await fire(daxiba, id, "object", { reason: "人居环境整治得分偏低" })).json<AssessmentDetail>().status).toBe("objection");
    expect((await fire(hongchang, id, "uphold", { note: "重新核实" })).json<AssessmentDetail>().status).toBe("townReview");
    await fire(hongchang, id, "review");
    await fire(chaonan, id, "approve");
    const again = await fire(daxiba, id, "object", { reason: "再次异议" });
    expect(again.statusCode).toBe(400);
    expect(again.json<ErrorBody>().error.fields ?? again.json<ErrorBody>().error.message).toBeTruthy();
    expect(again.json<ErrorBody>().error.message).toBe("每个村只能提出一次异议");
    const events = (await auditFor(ctx.db, id)).map((a) => a.action);
    expect(events).toEqual(expect.arrayContaining(["fortressAssessment.submit", "fortressAssessment.review", "fortressAssessment.approve", "fortressAssessment.object", "fortressAssessment.uphold", "rating.scores"]));
  });

  it("refuses an objection once the window has passed, even before the sweeper ran", async () => {
    const id = await assessmentOf("440514109210");
    // 大溪坝村 is in publicity again (the test above); move past its end without sweeping.
    const d = (await daxiba.get(`/api/v1/rating/assessments/${id}`)).json<AssessmentDetail>();
    expect(d.status).toBe("publicity");
    ctx.clock.set(new Date(new Date(d.publicityEndsAt!).getTime() + 1));
    const res = await fire(await ctx.login("daxiba"), id, "object", { reason: "逾期异议" });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.message).toBe("公示期已结束，不能再提出异议");
    ctx.clock.set("2026-03-02T01:00:00Z");
    await signInAll();
  });

  it("finalises when publicity ends (the sweeper, moved clock); an objection after the window is refused", async () => {
    const id = await assessmentOf("440514109201");
    await fire(admin, id, "review");
    expect((await fire(chaonan, id, "approve")).json<AssessmentDetail>().status).toBe("publicity");
    ctx.clock.advance(5 * 86_400_000 + 1000);
    // Sessions idle for five days have expired: sign in again at the moved time.
    const [village, city, town] = await Promise.all([ctx.login("daxiba"), ctx.login("admin"), ctx.login("hongchang")]);
    expect((await fire(village, id, "object", { reason: "逾期" })).statusCode).toBe(404); // not daxiba's village
    expect((await fire(city, id, "object", { reason: "逾期" })).statusCode).toBe(403); // the city does not self-assess
    const result = await sweep({ db: ctx.db, clock: ctx.clock }, [assessmentWorkflow]);
    expect(result.applied).toBeGreaterThanOrEqual(1);
    expect((await fire(city, id, "finalize")).statusCode).toBe(409);
    const after = (await town.get(`/api/v1/rating/assessments/${id}`)).json<AssessmentDetail>();
    expect(after.status).toBe("final");
    expect(after.history.at(-1)).toMatchObject({ event: "finalize", actorName: "system:sweeper" });
    ctx.clock.advance(-(5 * 86_400_000 + 1000));
    await signInAll();
  });

  it("opens assessments for a district in one step, keeping those that exist", async () => {
    const unit = await unitByCode(ctx.db, "440514");
    const res = await chaonan.post(`/api/v1/rating/schemes/${scheme2026}/assessments`, { orgUnitId: unit.id });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ created: number; existing: number }>()).toMatchObject({ created: 0 });
    expect((await hongchang.post(`/api/v1/rating/schemes/${scheme2026}/assessments`, { orgUnitId: unit.id })).statusCode).toBe(403);
  });
});
