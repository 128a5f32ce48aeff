import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { SchemeView } from "../../../common/contract/rating.contract.js";
import type { PlanDetail } from "../../../common/contract/allocation.contract.js";

let ctx: TestContext;
let chaonan: Client;
let hongchang: Client;
let binhai: Client;
let scheme2025: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [chaonan, hongchang, binhai] = await Promise.all([ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("binhai")]);
  scheme2025 = (await chaonan.get("/api/v1/rating/schemes?programme=fortress&year=2025")).json<{ items: SchemeView[] }>().items[0]!.id;
});
afterAll(() => ctx.close());

const PARAMS = {
  starMultipliers: { 五星: 1.3, 四星: 1.15, 三星: 1, 二星: 0.9, 一星: 0.8, 无星: 0.8 },
  minFen: 2_000_000,
  maxFen: 8_000_000,
  rectificationShare: 0.1,
  rectificationMaxStars: 1,
  priorities: [{ minStars: 4, priority: "first" }, { minStars: 2, priority: "normal" }, { minStars: 0, priority: "conditional" }],
};

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

describe("allocation plans", () => {
  it("previews a district's 2026 funds from its 2025 stars, exact to the fen, explainable per village", async () => {
    const district = await unitByCode(ctx.db, "440514");
    expect((await ctx.anon.post("/api/v1/allocation/plans", {})).statusCode).toBe(401);
    expect((await hongchang.post("/api/v1/allocation/plans", { name: "红场镇", schemeId: scheme2025, orgUnitId: district.id, poolFen: 1e9, params: PARAMS })).statusCode).toBe(403);
    const res = await chaonan.post("/api/v1/allocation/plans", { name: "2026年村级组织奖补资金", schemeId: scheme2025, orgUnitId: district.id, poolFen: 1_000_000_000, params: PARAMS });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json<PlanDetail>();
    expect(plan).toMatchObject({ year: 2026, status: "draft", abilities: { edit: true, approve: true } });
    expect(plan.lines.length).toBeGreaterThan(100);
    expect(plan.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(1_000_000_000);
    expect(plan.lines.every((l) => l.amountFen >= 2_000_000)).toBe(true);
    expect(plan.lines.filter((l) => !l.rectify).every((l) => l.amountFen <= 8_000_000)).toBe(true);
    expect(plan.lines.filter((l) => l.rectify).every((l) => l.earmarkFen > 0)).toBe(true);
    const best = [...plan.lines].sort((a, b) => (b.stars ?? -1) - (a.stars ?? -1))[0]!;
    expect(best.stars).toBeGreaterThanOrEqual(4);
    expect(best.priority).toBe("first");
    expect(best.explanation.text).toContain(best.grade!);
    expect(plan.byStars.reduce((a, b) => a + b.amountFen, 0)).toBe(1_000_000_000);
    expect((await auditFor(ctx.db, plan.id)).map((a) => a.action)).toEqual(["allocation.create"]);
    expect((await binhai.get(`/api/v1/allocation/plans/${plan.id}`)).statusCode).toBe(404);
  });

  it("refuses an impossible pool naming the field, approves, then freezes and exports to Excel", async () => {
    const district = await unitByCode(ctx.db, "440514");
    const tooSmall = await chaonan.post("/api/v1/allocation/plans", { name: "不足", schemeId: scheme2025, orgUnitId: district.id, poolFen: 100_000, params: PARAMS });
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.json<ErrorBody>().error.fields?.poolFen).toContain("资金池不足");
    const plan = (await chaonan.post("/api/v1/allocation/plans", { name: "2026年奖补", schemeId: scheme2025, orgUnitId: district.id, poolFen: 800_000_000, params: { ...PARAMS, rectificationShare: 0 } })).json<PlanDetail>();
    const changed = await chaonan.patch(`/api/v1/allocation/plans/${plan.id}`, { poolFen: 900_000_000 });
    expect(changed.json<PlanDetail>().lines.reduce((a, l) => a + l.amountFen, 0)).toBe(900_000_000);
    const approved = await chaonan.post(`/api/v1/allocation/plans/${plan.id}/approve`);
    expect(approved.json<PlanDetail>().status).toBe("approved");
    expect((await chaonan.patch(`/api/v1/allocation/plans/${plan.id}`, { poolFen: 1 })).statusCode).toBe(409);
    // A district's plan is the district's: a town inside it does not see it.
    expect((await hongchang.get(`/api/v1/allocation/plans/${plan.id}/export`)).statusCode).toBe(404);
    const file = await chaonan.get(`/api/v1/allocation/plans/${plan.id}/export`);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(2).value).toBe("村(社区)");
    expect(ws.rowCount).toBeGreaterThan(100);
    const listed = (await chaonan.get("/api/v1/allocation/plans?year=2026")).json<{ items: { id: string; orgUnitName: string; lineCount: number }[] }>().items;
    expect(listed.length).toBeGreaterThanOrEqual(2);
    // One query joins the unit and counts the lines (was one query per plan).
    expect(listed.find((p) => p.id === plan.id)).toMatchObject({ orgUnitName: "潮南区", lineCount: approved.json<PlanDetail>().lines.length });
    expect((await hongchang.get("/api/v1/allocation/plans?year=2026")).json<{ items: unknown[] }>().items).toEqual([]);
  });
});
