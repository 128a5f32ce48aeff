import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../../test/helpers/context.js";
import { unitByCode } from "../../../../test/helpers/factories.js";
import type { SummonableDepartment } from "../../../../common/contract/appeal-admin.contract.js";

let ctx: TestContext;
let town: Client;
let binhai: Client;
let district: Client;
let worker: Client;
let townId: string;
let bureau: { id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  [town, binhai, district, worker] = await Promise.all([ctx.login("hongchang"), ctx.login("binhai"), ctx.login("chaonan"), ctx.login("daxiba-wg")]);
  townId = (await unitByCode(ctx.db, "440514109")).id;
  const districtId = (await unitByCode(ctx.db, "440514")).id;
  const res = await district.post("/api/v1/departments", { orgUnitId: districtId, name: "潮南区住建局" });
  expect(res.statusCode).toBe(201);
  bureau = res.json<{ id: string }>();
});
afterAll(() => ctx.close());

const list = (c: Client, id: string) => c.get(`/api/v1/towns/${id}/summonable-departments`);

describe("departments a town may summon", () => {
  it("lists the town's own departments first, then the district's, and a whistle accepts the district's", async () => {
    const res = await list(town, townId);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: SummonableDepartment[] }>().items;
    expect(items.find((d) => d.id === bureau.id)).toMatchObject({ name: "潮南区住建局", orgUnitName: "潮南区", level: "district" });
    expect(items.filter((d) => d.level === "town").map((d) => d.name)).toEqual(expect.arrayContaining(["水务所", "综合行政执法队"]));
    expect(items.findIndex((d) => d.level === "district")).toBeGreaterThan(items.findIndex((d) => d.level === "town"));
    // Another town's departments are not offered.
    expect(items.every((d) => d.orgUnitName === "红场镇" || d.level !== "town")).toBe(true);
    const blown = await town.post("/api/v1/whistles", {
      townId, kind: "jointEnforcement", title: "河道违建联合执法", description: "河道两侧违建需住建、执法联合处置",
      departmentIds: [bureau.id], leadDepartmentId: bureau.id,
    });
    expect(blown.statusCode).toBe(201);
  });

  it("is the district admin's too, answers 404 to another town and 403 to a grid worker", async () => {
    expect((await list(district, townId)).statusCode).toBe(200);
    expect((await list(binhai, townId)).statusCode).toBe(404);
    expect((await list(worker, townId)).statusCode).toBe(403);
    expect((await ctx.anon.get(`/api/v1/towns/${townId}/summonable-departments`)).statusCode).toBe(401);
  });

  it("leaves out disabled departments, and answers 404 for a unit that is not a town and 400 for a bad id", async () => {
    const off = await district.post("/api/v1/departments", { orgUnitId: (await unitByCode(ctx.db, "440514")).id, name: "潮南区停用局" });
    expect((await district.patch(`/api/v1/departments/${off.json<{ id: string }>().id}`, { disabled: true })).statusCode).toBe(200);
    expect((await list(town, townId)).json<{ items: SummonableDepartment[] }>().items.map((d) => d.name)).not.toContain("潮南区停用局");
    expect((await list(district, (await unitByCode(ctx.db, "440514")).id)).statusCode).toBe(404);
    const bad = await list(town, "not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { fields: { id: expect.any(String) } } });
  });
});
