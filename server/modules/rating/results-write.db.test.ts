import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import type { ResultRow } from "../../../common/contract/rating-results.contract.js";
import { systemActor } from "../../platform/actor.js";
import { moduleMetricProviders } from "../index.js";
import type { RatingDeps } from "./rating-deps.js";
import { runRating } from "./rating-jobs.service.js";
import { findScheme, type SchemeRow } from "./schemes.repo.js";
import { schemeOf } from "./schemes.service.js";

let ctx: TestContext;
let deps: RatingDeps;
let scheme: SchemeRow;
let townPath: string;

beforeAll(async () => {
  ctx = await createTestContext();
  deps = { db: ctx.db, clock: ctx.clock, timeZone: "Asia/Shanghai", providers: moduleMetricProviders() };
  const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_schemes WHERE programme = 'fortress' AND year = 2026 AND status = 'published' ORDER BY version DESC LIMIT 1`);
  scheme = (await findScheme(ctx.db, row!.id))!;
  townPath = (await unitByCode(ctx.db, "440514109")).path;
});
afterAll(() => ctx.close());

/** The stored results of the town with their row version (xmin changes whenever a row is rewritten). */
async function stored(): Promise<Map<string, { xmin: string; total: number; breakdown: string; computedAt: string; rank: number | null }>> {
  const rows = await queryRows<{ subject_id: string; xmin: string; total: string | number; breakdown: string; computed_at: string; rank_in_category: number | null }>(
    ctx.db,
    sql`SELECT subject_id, xmin::text AS xmin, total, breakdown::text AS breakdown, computed_at::text AS computed_at, rank_in_category FROM rating_results
        WHERE scheme_id = ${scheme.id} AND path LIKE ${`${townPath}%`}`,
  );
  return new Map(rows.map((r) => [r.subject_id, { xmin: r.xmin, total: Number(r.total), breakdown: r.breakdown, computedAt: r.computed_at, rank: r.rank_in_category }]));
}

const rate = () => runRating(deps, systemActor("test"), { scheme, scopePath: townPath, jobId: null });

describe("re-rating a scope writes only what changed", () => {
  it("writes nothing when no fact changed, and the results stay exactly as they were", async () => {
    const first = await rate();
    expect(first.failed).toBe(0);
    expect(first.rated).toBeGreaterThanOrEqual(20);
    const before = await stored();
    expect(before.size).toBe(first.rated);
    ctx.clock.advance(7 * 24 * 3600 * 1000);
    const again = await rate();
    expect(again.rated).toBe(first.rated);
    expect(again.written).toEqual({ written: 0, replaced: 0, unchanged: first.rated, removed: 0 });
    // Same row versions: not one row was rewritten (a delete + insert or an UPDATE changes xmin).
    expect(await stored()).toEqual(before);
  });

  it("rewrites exactly the subject whose facts changed, and its explanation still reproduces", async () => {
    const village = await unitByCode(ctx.db, "440514109210");
    const before = await stored();
    // A different category for 2026 is a different fact for the engine (and so a different result).
    const codes = schemeOf(scheme).categories.map((c) => c.code);
    const [cur] = await queryRows<{ category: string }>(ctx.db, sql`SELECT category FROM village_categories WHERE year = 2026 AND org_unit_id = ${village.id}`);
    const next = codes.find((c) => c !== cur?.category)!;
    await ctx.db.execute(sql`INSERT INTO village_categories (org_unit_id, year, category, updated_at) VALUES (${village.id}, 2026, ${next}, now())
      ON CONFLICT (org_unit_id, year) DO UPDATE SET category = EXCLUDED.category`);
    const out = await rate();
    expect(out.written).toMatchObject({ written: 1, replaced: 1, removed: 0, unchanged: out.rated - 1 });
    const after = await stored();
    for (const [id, r] of before) {
      if (id === village.id) expect(after.get(id)?.xmin).not.toBe(r.xmin);
      else expect(after.get(id)?.breakdown).toBe(r.breakdown);
    }
    expect(JSON.parse(after.get(village.id)!.breakdown).facts.categoryCode).toBe(next);
    // A fresh session: the clock moved on past the first one.
    const chaonan = await ctx.login("chaonan");
    const res = await chaonan.get(`/api/v1/rating/villages/${village.id}?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ reproduced: boolean }>().reproduced).toBe(true);
  });

  it("keeps movement against last year and the explanation of untouched results after a re-rating", async () => {
    const town = await unitByCode(ctx.db, "440514109");
    const chaonan = await ctx.login("chaonan");
    const list = (await chaonan.get(`/api/v1/rating/results?schemeId=${scheme.id}&orgUnitId=${town.id}&pageSize=200`)).json<{ items: ResultRow[]; total: number }>();
    expect(list.total).toBeGreaterThanOrEqual(20);
    expect(list.items.some((i) => i.movement !== null)).toBe(true);
    expect(list.items.every((i) => i.rankInCategory !== null)).toBe(true);
    const changed = await unitByCode(ctx.db, "440514109210");
    const untouched = list.items.find((i) => i.subjectId !== changed.id)!;
    const res = await chaonan.get(`/api/v1/rating/villages/${untouched.subjectId}?year=2026`);
    expect(res.json<{ reproduced: boolean }>().reproduced).toBe(true);
  });

  it("removes the result of a subject that left the scope, and only that one", async () => {
    const before = await stored();
    const [gone] = [...before.keys()];
    await ctx.db.execute(sql`UPDATE org_units SET agricultural = false WHERE id = ${gone!}`);
    const out = await rate();
    expect(out.written).toMatchObject({ written: 0, removed: 1 });
    const after = await stored();
    expect(after.has(gone!)).toBe(false);
    expect(after.size).toBe(before.size - 1);
  });
});
