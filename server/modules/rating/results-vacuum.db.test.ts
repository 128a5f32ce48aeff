import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { systemActor } from "../../platform/actor.js";
import { moduleMetricProviders } from "../index.js";
import { vacuumsAfterJobs, type RatingDeps } from "./rating-deps.js";
import { runRating } from "./rating-jobs.service.js";
import { findScheme } from "./schemes.repo.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const size = async (): Promise<number> => Number((await queryRows<{ n: string | number }>(ctx.db, sql`SELECT pg_total_relation_size('rating_results') AS n`))[0]?.n);

describe("re-rating a scope", () => {
  it("vacuums after the job only where nothing else does (PGlite)", () => {
    expect(vacuumsAfterJobs("pglite")).toBe(true);
    expect(vacuumsAfterJobs("postgresql")).toBe(false);
  });

  it("keeps the results table bounded over repeated jobs: replaced rows' space is reused", async () => {
    // The mechanism is forced on here so both databases check it (PostgreSQL's autovacuum would
    // otherwise do the same work at a time of its own choosing).
    const deps: RatingDeps = { db: ctx.db, clock: ctx.clock, timeZone: "Asia/Shanghai", providers: moduleMetricProviders(), vacuumAfterJob: true };
    const [district] = await queryRows<{ path: string }>(ctx.db, sql`SELECT path FROM org_units WHERE division_code = '440514'`);
    const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_schemes WHERE programme = 'memberStar' AND year = 2025 AND status = 'published' ORDER BY version DESC LIMIT 1`);
    const scheme = await findScheme(ctx.db, row!.id);
    // Each job after the first sees changed facts (every attendance of the district's 2025
    // meetings flipped present ↔ absent), so it replaces its rows: an unchanged re-rating writes none.
    const flip = () =>
      ctx.db.execute(sql`UPDATE meetings mt SET attendance = translate(mt.attendance, 'PA', 'AP'), present_count = mt.absent_count, absent_count = mt.present_count
        FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
        WHERE po.id = mt.party_org_id AND mt.attendance IS NOT NULL AND mt.held_on >= '2025-01-01' AND mt.held_on < '2026-01-01' AND ou.path LIKE ${`${district!.path}%`}`);
    const rate = async (): Promise<number> => {
      await flip();
      const out = await runRating(deps, systemActor("test"), { scheme: scheme!, scopePath: district!.path, jobId: null });
      expect(out.written.replaced + out.written.written).toBeGreaterThan(0);
      expect(out.failed).toBe(0);
      expect(out.rated).toBeGreaterThan(3000);
      return size();
    };
    const first = await rate();
    // The first re-rating needs room beside the rows it replaces (they are dead only once it commits).
    const second = await rate();
    const sizes = [await rate(), await rate(), await rate()];
    const oneCopy = second - first;
    expect(oneCopy).toBeGreaterThan(0);
    // Without the VACUUM every re-rating adds a whole copy (3 more here); with it, the freed space is reused.
    expect(Math.max(...sizes) - second).toBeLessThan(oneCopy / 2);
  });

  it("leaves the table as it was when a re-rating finds nothing changed", async () => {
    const deps: RatingDeps = { db: ctx.db, clock: ctx.clock, timeZone: "Asia/Shanghai", providers: moduleMetricProviders(), vacuumAfterJob: true };
    const [district] = await queryRows<{ path: string }>(ctx.db, sql`SELECT path FROM org_units WHERE division_code = '440514'`);
    const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM rating_schemes WHERE programme = 'memberStar' AND year = 2025 AND status = 'published' ORDER BY version DESC LIMIT 1`);
    const scheme = await findScheme(ctx.db, row!.id);
    const rate = () => runRating(deps, systemActor("test"), { scheme: scheme!, scopePath: district!.path, jobId: null });
    await rate();
    const before = await size();
    const out = await rate();
    expect(out.written).toMatchObject({ written: 0, replaced: 0, removed: 0 });
    expect(out.written.unchanged).toBe(out.rated);
    expect(await size()).toBe(before);
  });
});
