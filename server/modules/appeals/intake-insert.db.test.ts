import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import type { appeals } from "../../db/schema/index.js";
import { categoryId, gridByCode, key, type TestGrid } from "./appeals.testkit.js";
import { insertAppeals } from "./intake-insert.js";

let ctx: TestContext;
let grid: TestGrid;
let category: string;

beforeAll(async () => {
  ctx = await createTestContext();
  grid = await gridByCode(ctx.db, "440514109210001");
  category = await categoryId(ctx.db, "environment");
});
afterAll(() => ctx.close());

function row(over: Partial<typeof appeals.$inferInsert> = {}): typeof appeals.$inferInsert {
  const now = new Date("2026-11-28T02:03:04.567Z");
  return {
    id: randomUUID(), trackingCode: `T${randomUUID().slice(0, 9).toUpperCase()}`, gridId: grid.id, path: grid.path, handlingUnitId: grid.id,
    handlingLevel: "grid", handlingPath: grid.path, categoryId: category, scale: "small", status: "submitted", channel: "resident",
    description: "村口垃圾堆积三天没人清理", createdAt: now, updatedAt: now, ...over,
  };
}

describe("insertAppeals", () => {
  it("stores every cell as Drizzle would: dates, doubles, nulls, phone columns on some rows only, defaults elsewhere", async () => {
    const due = new Date("2026-12-01T09:00:00.000Z");
    const a = row({ lng: 116.6822, lat: 23.3535, locationText: "村口\"老榕树\"\\旁", dueAt: due, stage: "accept", idempotencyKey: key() });
    const b = row({ phoneCipher: "c", phoneHash: "h", phoneMasked: "138****0000", consentAt: due });
    const ids = await insertAppeals(ctx.db, [a, b]);
    expect(ids.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    const got = await queryRows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT id, lng, lat, location_text, due_at, stage, phone_masked, consent_at, escalations, reopens, created_at FROM appeals WHERE id IN (${a.id}::uuid, ${b.id}::uuid)`,
    );
    const byId = new Map(got.map((g) => [g.id, g]));
    const ga = byId.get(a.id);
    const gb = byId.get(b.id);
    expect([Number(ga?.lng), Number(ga?.lat), ga?.location_text, ga?.stage, ga?.phone_masked]).toEqual([116.6822, 23.3535, "村口\"老榕树\"\\旁", "accept", null]);
    expect(new Date(ga?.due_at as string).toISOString()).toBe(due.toISOString());
    expect(new Date(ga?.created_at as string).toISOString()).toBe("2026-11-28T02:03:04.567Z");
    expect([gb?.lng, gb?.due_at, gb?.phone_masked, Number(gb?.escalations), Number(gb?.reopens)]).toEqual([null, null, "138****0000", 0, 0]);
    expect(new Date(gb?.consent_at as string).toISOString()).toBe(due.toISOString());
  });

  it("skips a row whose idempotency key is already filed and answers only the ids it inserted", async () => {
    const k = key();
    const [first] = await insertAppeals(ctx.db, [row({ idempotencyKey: k })]);
    const fresh = row({ idempotencyKey: key() });
    const again = await insertAppeals(ctx.db, [row({ idempotencyKey: k }), fresh]);
    expect(again).toEqual([{ id: fresh.id }]);
    const [n] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM appeals WHERE idempotency_key = ${k}`);
    expect(Number(n?.n)).toBe(1);
    expect(first).toBeDefined();
  });
});
