import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import type { CategoryRow, SchemeView } from "../../../common/contract/rating.contract.js";
import type { RatingJobView, ResultRow } from "../../../common/contract/rating-results.contract.js";

let ctx: TestContext;
let admin: Client;
let chaonan: Client;
let hongchang: Client;
let binhai: Client;
const schemes: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, chaonan, hongchang, binhai] = await Promise.all([ctx.login("admin"), ctx.login("chaonan"), ctx.login("hongchang"), ctx.login("binhai")]);
  for (const s of (await admin.get("/api/v1/rating/schemes")).json<{ items: SchemeView[] }>().items) schemes[`${s.programme}:${s.year}`] = s.id;
});
afterAll(() => ctx.close());

async function waitForJob(client: Client, id: string): Promise<RatingJobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/v1/rating/jobs/${id}`)).json<RatingJobView>();
    if (job.status !== "running") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} still running`);
}

type Summary = { rated: number; distribution: { grade: string; stars: number | null; count: number }[]; byUnit: { name: string; rated: number }[]; movement: { up: number; same: number; down: number; new: number } };

describe("rating results", () => {
  it("needs a session (401) and keeps other districts out (404)", async () => {
    expect((await ctx.anon.get(`/api/v1/rating/results/summary?schemeId=${schemes["fortress:2025"]}`)).statusCode).toBe(401);
    const village = await unitByCode(ctx.db, "440514109210");
    expect((await binhai.get(`/api/v1/rating/villages/${village.id}?year=2025`)).statusCode).toBe(404);
    const district = await unitByCode(ctx.db, "440514");
    expect((await binhai.get(`/api/v1/rating/results?schemeId=${schemes["fortress:2025"]}&orgUnitId=${district.id}`)).statusCode).toBe(404);
  });

  it("spreads the demo's 2025 ratings across the star levels, per district for the map", async () => {
    const s = (await admin.get(`/api/v1/rating/results/summary?schemeId=${schemes["fortress:2025"]}`)).json<Summary>();
    expect(s.rated).toBeGreaterThan(500);
    const levels = s.distribution.filter((d) => d.count > 0).map((d) => d.stars);
    expect(levels.length).toBeGreaterThanOrEqual(5);
    expect(s.byUnit.map((u) => u.name)).toEqual(expect.arrayContaining(["潮南区", "南澳县"]));
    expect(s.byUnit.reduce((n, u) => n + u.rated, 0)).toBe(s.rated);
    const town = (await hongchang.get(`/api/v1/rating/results/summary?schemeId=${schemes["fortress:2025"]}`)).json<Summary>();
    // 红场镇's 涉农 villages only (a residents' community is not rated unless marked agricultural).
    expect(town.rated).toBeGreaterThanOrEqual(20);
    expect(town.byUnit.map((u) => u.name)).toContain("大溪坝村");
  });

  it("explains 大溪坝村's score: every indicator with its input, rule and reason, metrics named", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const res = await hongchang.get(`/api/v1/rating/villages/${village.id}?year=2025`);
    expect(res.statusCode).toBe(200);
    const r = res.json<{ total: number; stars: number; assessmentStatus: string; reproduced: boolean; result: { breakdown: { indicator: string; input: { kind: string; metric?: string }; rule: string }[] }; explanations: Record<string, { name: string; reason: string; metricLabel: string | null }> }>();
    expect(r.assessmentStatus).toBe("final");
    expect(r.reproduced).toBe(true);
    expect(r.result.breakdown.length).toBeGreaterThanOrEqual(17);
    for (const line of r.result.breakdown) {
      expect(line.rule.length).toBeGreaterThan(0);
      expect(r.explanations[line.indicator]?.reason.length).toBeGreaterThan(0);
    }
    const held = r.result.breakdown.find((l) => l.indicator === "org.orgLifeHeld");
    expect(held?.input).toMatchObject({ kind: "metric", metric: "orgLife.heldRate" });
    expect(r.explanations["org.orgLifeHeld"]?.metricLabel).toBe("“三会一课”按期召开率");
  });

  it("ranks within category, shows movement against last year and the rectification list", async () => {
    const list = (await admin.get(`/api/v1/rating/results?schemeId=${schemes["fortress:2026"]}&pageSize=200`)).json<{ items: ResultRow[]; total: number }>();
    expect(list.total).toBeGreaterThan(500);
    const first = list.items[0]!;
    expect(first.rankInCategory).toBe(1);
    expect(list.items.some((i) => i.movement !== null)).toBe(true);
    const summary = (await admin.get(`/api/v1/rating/results/summary?schemeId=${schemes["fortress:2026"]}`)).json<Summary>();
    expect(summary.movement.up + summary.movement.same + summary.movement.down).toBe(summary.rated);
    const rect = (await admin.get(`/api/v1/rating/results/rectification?schemeId=${schemes["fortress:2025"]}&maxStars=1&bottomPercent=5`)).json<{ items: (ResultRow & { because: string })[] }>();
    expect(rect.items.length).toBeGreaterThan(0);
    expect(rect.items.every((i) => (i.stars ?? 0) <= 1 || i.because === "bottom")).toBe(true);
  });

  it("rates a district as one job with progress, audited, results replaced", async () => {
    const district = await unitByCode(ctx.db, "440514");
    expect((await hongchang.post("/api/v1/rating/jobs", { schemeId: schemes["fortress:2026"], orgUnitId: district.id })).statusCode).toBe(403);
    const res = await chaonan.post("/api/v1/rating/jobs", { schemeId: schemes["fortress:2026"], orgUnitId: district.id });
    expect(res.statusCode, res.body).toBe(201);
    const job = await waitForJob(chaonan, res.json<RatingJobView>().id);
    expect(job.status).toBe("succeeded");
    expect(job.result).toMatchObject({ failed: 0 });
    expect((job.result as { rated: number }).rated).toBeGreaterThan(100);
    expect((await binhai.get(`/api/v1/rating/jobs/${job.id}`)).statusCode).toBe(404);
    const audit = await auditFor(ctx.db, schemes["fortress:2026"]!);
    expect(audit.map((a) => a.action)).toContain("rating.rate");
  });

  it("categorises villages in bulk with suggestions (island for 南澳, rectify after ≤ 1 star)", async () => {
    const nanao = await unitByCode(ctx.db, "440523");
    const rows = (await admin.get(`/api/v1/rating/categories?year=2027&orgUnitId=${nanao.id}`)).json<{ items: CategoryRow[]; total: number }>();
    expect(rows.total).toBeGreaterThan(0);
    expect(rows.items.every((r) => r.category === null && (r.suggested === "island" || r.suggested === "rectify"))).toBe(true);
    const set = await admin.put("/api/v1/rating/categories", { year: 2027, acceptSuggestionsUnder: nanao.id, items: [{ orgUnitId: rows.items[0]!.orgUnitId, category: "rural" }] });
    expect(set.json<{ updated: number }>().updated).toBe(rows.total);
    const after = (await admin.get(`/api/v1/rating/categories?year=2027&orgUnitId=${nanao.id}`)).json<{ items: CategoryRow[] }>();
    expect(after.items[0]!.category).toBe("rural");
    expect((await hongchang.put("/api/v1/rating/categories", { year: 2027, items: [{ orgUnitId: rows.items[0]!.orgUnitId, category: "rural" }] })).statusCode).toBe(403);
    const bad = await admin.put("/api/v1/rating/categories", { year: 2027, items: [{ orgUnitId: rows.items[0]!.orgUnitId, category: "city" }] });
    expect(bad.statusCode).toBe(400);
  });
});
