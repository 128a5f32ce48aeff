import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { SchemeDetail, SchemeView } from "../../../common/contract/rating.contract.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let hongchang: Client;
let binhai: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, chaonan, hongchang, binhai] = await Promise.all([ctx.login("admin"), ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("binhai")]);
});
afterAll(() => ctx.close());

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

async function draftFor(client: Client, code: string, year = 2027): Promise<SchemeDetail> {
  const unit = await unitByCode(ctx.db, code);
  const res = await client.post("/api/v1/rating/schemes", { issuingUnitId: unit.id, fromDefault: "fortress", year });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<SchemeDetail>();
}

describe("rating schemes", () => {
  it("needs a session (401) and hides a district's scheme from another district's towns (404)", async () => {
    expect((await ctx.anon.get("/api/v1/rating/schemes")).statusCode).toBe(401);
    const mine = await draftFor(chaonan, "440514");
    expect((await ctx.anon.get(`/api/v1/rating/schemes/${mine.id}`)).statusCode).toBe(401);
    expect((await binhai.get(`/api/v1/rating/schemes/${mine.id}`)).statusCode).toBe(404);
    expect((await hongchang.get(`/api/v1/rating/schemes/${mine.id}`)).statusCode).toBe(200);
    // A town holds no rating.scheme at all: refused before the lookup.
    expect((await binhai.patch(`/api/v1/rating/schemes/${mine.id}`, { body: mine.body })).statusCode).toBe(403);
  });

  it("lists the city's demo schemes (fortress and member stars, 2025 and 2026, published) to a town", async () => {
    const res = await binhai.get("/api/v1/rating/schemes?status=published");
    const items = res.json<{ items: SchemeView[] }>().items;
    expect(items.map((s) => `${s.programme}:${s.year}`).sort()).toEqual(["fortress:2025", "fortress:2026", "memberStar:2025", "memberStar:2026"]);
    expect(items.every((s) => !s.abilities.edit)).toBe(true);
  });

  it("creates a draft from the default, audited; only the city or a district may issue", async () => {
    const draft = await draftFor(admin, "4405");
    expect(draft).toMatchObject({ status: "draft", version: 1, year: 2027, programme: "fortress", abilities: { edit: true, publish: true } });
    expect((await auditFor(ctx.db, draft.id)).map((a) => a.action)).toEqual(["rating.createScheme"]);
    const town = await unitByCode(ctx.db, "440514109");
    const atTown = await chaonan.post("/api/v1/rating/schemes", { issuingUnitId: town.id, fromDefault: "fortress" });
    expect(atTown.statusCode).toBe(400);
    expect(atTown.json<ErrorBody>().error.fields?.issuingUnitId).toBe("评分方案只能由市或区(县)制定");
    expect((await hongchang.post("/api/v1/rating/schemes", { issuingUnitId: town.id, fromDefault: "fortress" })).statusCode).toBe(403);
  });

  it("refuses a bad draft with one coded field per problem: weights, caps, unknown formula input", async () => {
    const draft = await draftFor(chaonan, "440514", 2028);
    const body = structuredClone(draft.body) as { evaluators: { role: string; weight: number }[]; dimensions: { indicators: Record<string, unknown>[] }[] };
    body.evaluators[1]!.weight = 0.5;
    body.dimensions[1]!.indicators[0]!.cap = 0.25; // below the theme day's 0.5 points per event
    body.dimensions[3]!.indicators[2]!.expression = "clamp(tasks.unknownRate * 5, 0, 5)";
    const res = await chaonan.patch(`/api/v1/rating/schemes/${draft.id}`, { body });
    expect(res.statusCode).toBe(400);
    const fields = res.json<ErrorBody>().error.fields ?? {};
    expect(fields).toMatchObject({
      "body.evaluators": "评价主体权重合计 0.9，应为 1",
      "body.dimensions.1.indicators.0.cap": "上限 0.25 分低于单次分值 0.5 分",
      "body.dimensions.3.indicators.2.expression": "公式引用了未声明的数据项：tasks.unknownRate",
    });
  });

  it("publishes a valid draft, then refuses edits (409) until a new version is made", async () => {
    const draft = await draftFor(chaonan, "440514", 2029);
    const body = { ...draft.body, name: "潮南区堡垒指数(试行)" };
    const edited = await chaonan.patch(`/api/v1/rating/schemes/${draft.id}`, { body });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<SchemeDetail>().name).toBe("潮南区堡垒指数(试行)");
    const published = await chaonan.post(`/api/v1/rating/schemes/${draft.id}/publish`);
    expect(published.json<SchemeDetail>()).toMatchObject({ status: "published", abilities: { edit: false } });
    const frozen = await chaonan.patch(`/api/v1/rating/schemes/${draft.id}`, { body });
    expect(frozen.statusCode).toBe(409);
    const next = await chaonan.post(`/api/v1/rating/schemes/${draft.id}/new-version`);
    expect(next.statusCode).toBe(201);
    expect(next.json<SchemeDetail>()).toMatchObject({ status: "draft", version: 2, name: "潮南区堡垒指数(试行)" });
    const archived = await chaonan.post(`/api/v1/rating/schemes/${draft.id}/archive`);
    expect(archived.json<SchemeDetail>().status).toBe("archived");
    expect((await auditFor(ctx.db, draft.id)).map((a) => a.action)).toEqual(["rating.createScheme", "rating.updateScheme", "rating.publishScheme", "rating.archiveScheme"]);
  });

  it("lists the metrics an auto indicator may read", async () => {
    const names = (await admin.get("/api/v1/rating/metrics")).json<{ items: { name: string }[] }>().items.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["orgLife.heldRate", "member.unexcusedAbsences", "member.studyHours"]));
  });
});
