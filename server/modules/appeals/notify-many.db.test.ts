import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { notifyMany, notifyUnits, type NotificationMessage } from "./notify.js";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

interface Stored {
  user_id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string;
  created_at: string;
}

/** What one message left behind: its inbox rows (by user) and its outbox rows (by channel). */
async function storedFor(entityId: string, marker: string): Promise<{ inbox: Stored[]; outbox: unknown[] }> {
  const inbox = await queryRows<Stored>(
    ctx.db,
    sql`SELECT user_id, kind, title, body, entity_type, created_at::text AS created_at FROM notifications WHERE entity_id = ${entityId}::uuid ORDER BY user_id`,
  );
  const outbox = await queryRows(
    ctx.db,
    sql`SELECT config_id, title, body, status, next_attempt_at::text AS next_attempt_at, created_at::text AS created_at FROM notification_outbox WHERE title LIKE ${`%${marker}%`} ORDER BY config_id`,
  );
  return { inbox, outbox };
}

describe("notifyMany (messages as one JSON recordset)", () => {
  it("stores exactly the inbox and outbox rows notifyUnits stores for the same message, odd text included", async () => {
    const town = await ctx.login("hongchang");
    // The town's handlers (its party office) get its notices; a village is the second message's unit.
    const unit = await unitByCode(ctx.db, "440514109");
    const village = await unitByCode(ctx.db, "440514109211");
    expect((await town.post("/api/v1/notifier-configs", { orgUnitId: unit.id, kind: "wecomRobot", name: "村", url: "http://127.0.0.1:9/wecom?key=k" })).statusCode).toBe(201);
    // Quotes, a backslash, a newline and a lone surrogate half (a description cut mid-pair).
    const text = `村口"老榕树"\\旁\n垃圾\uD83D`;
    const msg = (code: string, entityId: string): NotificationMessage => ({
      kind: "appeal.new",
      titleKey: "notify.new.title",
      bodyKey: "notify.escalated.body",
      params: { code, category: "环境卫生", text },
      entityType: "appeal",
      entityId,
    });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await ctx.db.transaction(async (tx) => {
      await notifyUnits(tx, ctx.clock, [unit.id], msg("NMUNITS01", a));
      await notifyMany(tx, ctx.clock, [
        { unitId: unit.id, msg: msg("NMMANY001", b) },
        { unitId: village.id, msg: msg("NMMANY002", c) },
      ]);
    });
    const one = await storedFor(a, "NMUNITS01");
    const many = await storedFor(b, "NMMANY001");
    expect(one.inbox.length).toBeGreaterThan(0);
    expect(one.outbox).toHaveLength(1);
    const swap = (s: string) => s.replace("NMUNITS01", "NMMANY001");
    expect(many.inbox).toEqual(one.inbox.map((r) => ({ ...r, title: swap(r.title), body: swap(r.body) })));
    expect(many.outbox).toEqual(one.outbox.map((r) => ({ ...(r as Record<string, string>), title: swap((r as { title: string }).title), body: swap((r as { body: string }).body) })));
    expect(one.inbox[0]?.body).toContain(`村口"老榕树"\\旁\n垃圾\uFFFD`);
    // The second message went to its own unit's handlers only.
    const other = await storedFor(c, "NMMANY002");
    expect(other.inbox.every((r) => r.title.includes("NMMANY002"))).toBe(true);
  });
});
