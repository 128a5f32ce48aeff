import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { moduleMetricProviders } from "../index.js";
import { schemeSchema, type Facts } from "./engine/index.js";
import { villageFacts, type StoredBreakdown } from "./facts.js";
import { gatherMetrics, metricsRead } from "./metrics.service.js";
import { computeVillages } from "./rate-villages.js";
import type { RatingDeps } from "./rating-deps.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("village facts of a whole scope", () => {
  it("equal the facts built from the plain join, for every village of the demo city", async () => {
    const deps: RatingDeps = { db: ctx.db, clock: ctx.clock, timeZone: "Asia/Shanghai", providers: moduleMetricProviders() };
    const [city] = await queryRows<{ path: string }>(ctx.db, sql`SELECT path FROM org_units WHERE level = 'city' LIMIT 1`);
    const [row] = await queryRows<{ id: string; body: unknown }>(ctx.db, sql`SELECT id, body FROM rating_schemes WHERE programme = 'fortress' AND year = 2025 AND status = 'published' ORDER BY version DESC LIMIT 1`);
    if (!city || !row) throw new Error("the demo has a city and a published fortress scheme for 2025");
    const scheme = schemeSchema.parse(row.body);
    const out = await computeVillages(deps, ctx.db, { schemeId: row.id, scheme, scopePath: city.path });
    expect(out.failed).toBe(0);

    // The reference: the villages with a plain LEFT JOIN of categories and assessments (the form
    // before the key probes), metrics gathered outside any transaction, facts built the same way.
    const villages = await queryRows<{ id: string; category: string | null; manual_scores: Record<string, Record<string, number>> | null; veto_hits: string[] | null }>(
      ctx.db,
      sql`SELECT ou.id, vc.category, a.manual_scores, a.veto_hits FROM org_units ou
          LEFT JOIN village_categories vc ON vc.org_unit_id = ou.id AND vc.year = ${scheme.year}
          LEFT JOIN rating_assessments a ON a.org_unit_id = ou.id AND a.scheme_id = ${row.id}
          WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.path LIKE ${`${city.path}%`}`,
    );
    const names = metricsRead(scheme);
    const metrics = await gatherMetrics(ctx.db, deps.providers, "orgUnit", { year: scheme.year, timeZone: deps.timeZone, scopePath: city.path });
    const categories = new Set(scheme.categories.map((c) => c.code));
    const expected = new Map<string, Facts>(villages.map((v) => [v.id, villageFacts(scheme, categories, names, { category: v.category, metrics: metrics.get(v.id), manualScores: v.manual_scores, vetoHits: v.veto_hits })]));
    const actual = new Map(out.rows.map((r) => [r.subjectId, (r.breakdown as StoredBreakdown).facts]));
    expect(actual.size).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
    // The comparison must cover villages with categories, manual scores and metrics.
    const facts = [...actual.values()];
    expect(facts.filter((f) => f.categoryCode !== undefined).length).toBeGreaterThan(100);
    expect(facts.filter((f) => f.manualScores !== undefined).length).toBeGreaterThan(100);
    expect(facts.filter((f) => Object.keys(f.inputs ?? {}).length > 0).length).toBeGreaterThan(500);
  });
});
