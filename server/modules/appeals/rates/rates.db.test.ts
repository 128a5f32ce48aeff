import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../../test/helpers/context.js";
import { unitByCode } from "../../../../test/helpers/factories.js";
import { queryRows } from "../../../db/client.js";
import { sweep } from "../../../workflow/sweeper.js";
import { moduleMetricProviders, moduleWorkflows } from "../../index.js";
import { categoryId, key, multipart } from "../appeals.testkit.js";
import type { UnitRates } from "../../../../common/contract/rates.contract.js";
import { clearDemoAppeals } from "../demo/demo-appeals.testkit.js";

let ctx: TestContext;
let worker: Client;
let village: Client;
let town: Client;
let binhai: Client;
let water: Client;
let daxibaId: string;
let binhaiGrid: string;
let hongchangGrid: string;
const ids: Record<string, { id: string; trackingCode: string }> = {};

async function file(c: Client, gridId: string): Promise<{ id: string; trackingCode: string }> {
  const res = await c.post("/api/v1/appeals", { channel: "patrol", gridId, categoryId: await categoryId(ctx.db, "environment"), description: "垃圾堆放", idempotencyKey: key() });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; trackingCode: string }>();
}
const fire = async (c: Client, id: string, body: Record<string, unknown>) => expect((await c.post(`/api/v1/appeals/${id}/events`, body)).statusCode).toBe(200);
async function confirm(code: string, satisfaction: number) {
  const m = multipart({ action: "confirm", satisfaction: String(satisfaction) });
  expect((await ctx.app.inject({ method: "POST", url: `/r/track/${code}`, payload: m.payload, headers: m.headers })).statusCode).toBe(303);
}

/**
 * Hand-computed fixture. 大溪坝村 (红场镇): A1 accepted in time, resolved, rated 5; A2 accepted in
 * time, resolved, rated 3; A3 accepted in time, still open; A4 left until the sweeper escalated
 * it, then accepted late by the village; A5 rejected (left out). 滨海街道: B1 accepted in time.
 * 大溪坝村 → 4 appeals, 3 on time, 2 resolved, 2 rated, 1 satisfied: 75 % / 50 % / 50 %.
 * 滨海街道 → 1 appeal, 1 on time, 0 resolved, none rated: 100 % / 0 % / none.
 */
beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  // The fixture is hand-computed from an empty start: the demo's played appeals would count too.
  await clearDemoAppeals(ctx.db);
  [worker, village, town, binhai, water] = await Promise.all([ctx.login("daxiba-wg"), ctx.login("daxiba"), ctx.login("hongchang"), ctx.login("binhai"), ctx.login("hongchang-water")]);
  daxibaId = (await unitByCode(ctx.db, "440514109210")).id;
  hongchangGrid = (await unitByCode(ctx.db, "440514109210001")).id;
  const [g] = await queryRows<{ id: string }>(
    ctx.db,
    sql`SELECT g.org_unit_id AS id FROM grids g JOIN org_units v ON v.id = g.village_id JOIN org_units t ON t.id = v.parent_id WHERE t.division_code = '440512005' ORDER BY g.code LIMIT 1`,
  );
  binhaiGrid = g?.id ?? "";
  for (const k of ["A4", "A1", "A2", "A3", "A5"]) ids[k] = await file(worker, hongchangGrid);
  ids.B1 = await file(binhai, binhaiGrid);
  const a = (k: string) => ids[k]?.id ?? "";
  for (const k of ["A1", "A2", "A3"]) await fire(worker, a(k), { event: "accept" });
  await fire(worker, a("A1"), { event: "resolve", note: "已清运" });
  await fire(worker, a("A2"), { event: "resolve", note: "已清运" });
  await fire(worker, a("A5"), { event: "reject", reason: "不属于本网格" });
  await fire(binhai, a("B1"), { event: "accept" });
  await confirm(ids.A1?.trackingCode ?? "", 5);
  await confirm(ids.A2?.trackingCode ?? "", 3);
  ctx.clock.advance(31 * 60_000); // past the 30-minute accept limit: A4 climbs to the village
  await sweep(ctx, moduleWorkflows({ config: ctx.config }));
  await fire(village, a("A4"), { event: "accept" });
});
afterAll(() => ctx.close());

const rates = async (c: Client, query: string) => {
  const res = await c.get(`/api/v1/appeal-rates?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ items: UnitRates[] }>().items;
};

describe("the three rates", () => {
  it("match the hand count for villages", async () => {
    const items = await rates(town, "level=village&from=2026-03-01&to=2026-03-31");
    expect(items).toEqual([
      {
        unitId: daxibaId, name: "大溪坝村", parentName: "红场镇",
        appeals: 4, respondedOnTime: 3, resolved: 2, rated: 2, satisfied: 1,
        responseRate: 0.75, resolutionRate: 0.5, satisfactionRate: 0.5,
        ranks: { response: 1, resolution: 1, satisfaction: 1 },
      },
    ]);
  });

  it("rank towns against each other inside the actor's scope", async () => {
    const admin = await ctx.login("chaonan");
    const city = await ctx.login("admin");
    expect((await rates(admin, "level=town&from=2026-03-01&to=2026-03-31")).map((r) => r.name)).toEqual(["红场镇"]);
    const towns = await rates(city, "level=town&from=2026-03-01&to=2026-03-31");
    expect(towns.map((t) => [t.name, t.responseRate, t.resolutionRate, t.satisfactionRate, t.ranks])).toEqual([
      ["滨海街道", 1, 0, null, { response: 1, resolution: 2, satisfaction: null }],
      ["红场镇", 0.75, 0.5, 0.5, { response: 2, resolution: 1, satisfaction: 1 }],
    ]);
    // A minimum sample of 2 leaves 滨海街道 (one appeal) unranked.
    const strict = await rates(city, "level=town&from=2026-03-01&to=2026-03-31&minSample=2");
    expect(strict.find((t) => t.name === "滨海街道")?.ranks).toEqual({ response: null, resolution: null, satisfaction: null });
  });

  it("count only the period asked for, and stay inside the scope", async () => {
    expect(await rates(town, "level=village&from=2026-04-01&to=2026-04-30")).toEqual([]);
    expect((await rates(binhai, "level=village&from=2026-03-01&to=2026-03-31")).map((r) => r.name)).not.toContain("大溪坝村");
    expect((await binhai.get(`/api/v1/appeal-rates?level=village&underId=${daxibaId}`)).statusCode).toBe(404);
    expect((await water.get("/api/v1/appeal-rates?level=village")).statusCode).toBe(403);
    expect((await ctx.anon.get("/api/v1/appeal-rates?level=village")).statusCode).toBe(401);
    expect((await town.get("/api/v1/appeal-rates?level=grid")).statusCode).toBe(400);
  });

  it("publish appeals.* metrics for the rating engine, leaving out rates without a denominator", async () => {
    const provider = moduleMetricProviders().find((p) => p.module === "appeals");
    expect(provider?.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(["appeals.responseRate", "appeals.resolutionRate", "appeals.satisfactionRate", "appeals.count"]));
    const values = await provider?.compute(ctx.db, { year: 2026, timeZone: "Asia/Shanghai", scopePath: "/" });
    expect(values?.get(daxibaId)).toEqual({
      "appeals.count": 4, "appeals.respondedOnTime": 3, "appeals.resolved": 2, "appeals.rated": 2, "appeals.satisfied": 1,
      "appeals.responseRate": 0.75, "appeals.resolutionRate": 0.5, "appeals.satisfactionRate": 0.5,
    });
    const binhaiTown = (await unitByCode(ctx.db, "440512005")).id;
    expect(values?.get(binhaiTown)).not.toHaveProperty("appeals.satisfactionRate");
    const only = await provider?.compute(ctx.db, { year: 2026, timeZone: "Asia/Shanghai", scopePath: "/", subjectIds: [daxibaId] });
    expect([...(only?.keys() ?? [])]).toEqual([daxibaId]);
    expect((await provider?.compute(ctx.db, { year: 2025, timeZone: "Asia/Shanghai", scopePath: "/" }))?.size).toBe(0);
  });
});
