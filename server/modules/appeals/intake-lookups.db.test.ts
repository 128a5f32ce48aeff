import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import { HANDLING_LEVELS } from "../../../common/appeals.js";
import { rulesFor } from "./appeals.repo.js";
import { batchLookups, rulesKey } from "./intake-lookups.js";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const NOW = new Date("2026-11-29T02:00:00.000Z");
const none = { wanted: new Map<string, number>(), limit: undefined, gridIds: [], keys: [], categoryIds: [], pairs: [], now: NOW };

describe("batchLookups (a batch's look-ups in one statement)", () => {
  it("answers every (category, level) the deadline rules rulesFor answers, and only enabled categories", async () => {
    const cats = await queryRows<{ id: string; code: string; name: string; scale: string; disabled: boolean }>(
      ctx.db,
      sql`SELECT id, code, name, scale, disabled_at IS NOT NULL AS disabled FROM appeal_categories`,
    );
    expect(cats.length).toBeGreaterThan(3);
    const pairs = cats.flatMap((c) => HANDLING_LEVELS.map((level) => ({ categoryId: c.id, level })));
    const got = await batchLookups(ctx.db, { ...none, categoryIds: cats.map((c) => c.id), pairs });
    for (const c of cats) {
      for (const level of HANDLING_LEVELS) expect(got.rules.get(rulesKey(c.id, level))).toEqual(await rulesFor(ctx.db, c.id, c.scale, level));
      expect(got.categories.get(c.id)).toEqual(c.disabled ? undefined : { id: c.id, code: c.code, name: c.name, scale: c.scale });
    }
  });

  it("takes device tokens, counts a grid's last hour and finds filed keys as the separate queries did", async () => {
    const [a] = await queryRows<{ grid_id: string; idempotency_key: string | null; id: string; tracking_code: string; created_at: string }>(
      ctx.db,
      sql`SELECT grid_id, idempotency_key, id, tracking_code, created_at::text AS created_at FROM appeals WHERE grid_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
    );
    if (!a) throw new Error("the demo seed has appeals");
    const at = new Date(new Date(a.created_at).getTime() + 60_000);
    const [n] = await queryRows<{ n: string | number }>(ctx.db, sql`SELECT count(*) AS n FROM appeals WHERE grid_id = ${a.grid_id}::uuid AND created_at >= ${new Date(at.getTime() - 3600_000)}`);
    await ctx.db.execute(sql`UPDATE appeals SET idempotency_key = 'lookup-key-0001' WHERE id = ${a.id}::uuid`);
    const got = await batchLookups(ctx.db, {
      ...none,
      wanted: new Map([["d:lookups-b", 9], ["d:lookups-a", 2]]),
      limit: { capacity: 5, windowMs: 600_000 },
      gridIds: [a.grid_id],
      keys: ["lookup-key-0001", "lookup-key-none"],
      now: at,
    });
    expect(Object.fromEntries(got.tokens)).toEqual({ "d:lookups-a": 2, "d:lookups-b": 5 });
    expect(got.used.get(a.grid_id)).toBe(Number(n?.n));
    expect(Object.fromEntries(got.known)).toEqual({ "lookup-key-0001": { id: a.id, trackingCode: a.tracking_code } });
  });

  it("still fails on a malformed category id (group commit then files that report alone)", async () => {
    const bad = "------------------------------------";
    await expect(batchLookups(ctx.db, { ...none, categoryIds: [bad], pairs: [{ categoryId: bad, level: "grid" }] })).rejects.toThrow();
  });
});
