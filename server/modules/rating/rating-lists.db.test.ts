import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import type { SchemeView } from "../../../common/contract/rating.contract.js";

let ctx: TestContext;
let admin: Client;
let hongchang: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, hongchang] = await Promise.all([ctx.login("admin"), ctx.login("hongchang")]);
});
afterAll(() => ctx.close());

const schemes = async (c: Client) => (await c.get("/api/v1/rating/schemes?programme=fortress&status=published")).json<{ items: SchemeView[] }>().items;

describe("scheme lists and the public index", () => {
  it("counts the results of each scheme inside the actor's scope", async () => {
    const all = await schemes(admin);
    const town = await schemes(hongchang);
    const y2025 = all.find((s) => s.year === 2025)!;
    const [n] = await queryRows<{ city: string | number; town: string | number }>(
      ctx.db,
      sql`SELECT count(*) AS city, count(*) FILTER (WHERE r.path LIKE (SELECT path FROM org_units WHERE division_code = '440514109') || '%') AS town
          FROM rating_results r WHERE r.scheme_id = ${y2025.id}`,
    );
    expect(y2025.rated).toBe(Number(n!.city));
    expect(town.find((s) => s.id === y2025.id)?.rated).toBe(Number(n!.town));
    expect(Number(n!.town)).toBeGreaterThan(0);
    expect(Number(n!.town)).toBeLessThan(Number(n!.city));
    // A new draft version has no results yet.
    const draft = await admin.post(`/api/v1/rating/schemes/${y2025.id}/new-version`);
    expect(draft.statusCode, draft.body).toBe(201);
    const drafts = (await admin.get("/api/v1/rating/schemes?programme=fortress&status=draft")).json<{ items: SchemeView[] }>().items;
    expect(drafts.every((s) => s.rated === 0)).toBe(true);
  });

  it("lists the publicised fortress schemes without a session, names and years only", async () => {
    const res = await ctx.anon.get("/api/v1/public/rating/schemes");
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    // 2025 is final in the demo; 2026 has no village in publicity or final yet.
    expect(items.map((i) => i.year)).toEqual([2025]);
    expect(Object.keys(items[0]!).sort()).toEqual(["id", "name", "year"]);
    expect((await ctx.anon.get(`/api/v1/public/rating/${String(items[0]!.id)}/stars`)).statusCode).toBe(200);
  });
});
