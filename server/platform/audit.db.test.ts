import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { queryRows } from "../db/client.js";
import { systemActor } from "./actor.js";
import { verifyAuditChain, writeAudit } from "./audit.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("audit batches", () => {
  it("stores a batch's records (one JSON recordset per 500) exactly as given, and they verify", async () => {
    const odd = [
      { action: "test.batch", entityType: "test", entityId: "s", orgPath: "4405.440514", before: "纯文本 \"引号\" \\ 斜杠", after: [1, 2.5, null, true] },
      { action: "test.batch", entityType: "test", entityId: null, before: { "键 with space": { deep: ["x", { y: -0.001 }] } }, after: 42 },
      { action: "test.batch", entityType: "test", entityId: "e", after: { emoji: "😀", nul: null, big: 12345678901234 } },
    ];
    const filler = Array.from({ length: 520 }, (_, i) => ({ action: "test.batch", entityType: "test", entityId: `f${i}`, after: { i } }));
    const [{ n: before } = { n: "0" }] = await queryRows<{ n: string }>(ctx.db, sql`SELECT count(*)::text AS n FROM audit_log`);
    await ctx.db.transaction(async (tx) => {
      await writeAudit(tx, systemActor("test"), ctx.clock, [...odd, ...filler]);
    });
    const rows = await queryRows<{ entity_id: string | null; org_path: string | null; before: unknown; after: unknown }>(
      ctx.db,
      sql`SELECT entity_id, org_path, before, after FROM audit_log WHERE action = 'test.batch' ORDER BY seq LIMIT 3`,
    );
    expect(rows).toEqual([
      { entity_id: "s", org_path: "4405.440514", before: odd[0]?.before, after: odd[0]?.after },
      { entity_id: null, org_path: null, before: odd[1]?.before, after: 42 },
      { entity_id: "e", org_path: null, before: null, after: odd[2]?.after },
    ]);
    const [{ n: after } = { n: "0" }] = await queryRows<{ n: string }>(ctx.db, sql`SELECT count(*)::text AS n FROM audit_log`);
    expect(Number(after) - Number(before)).toBe(523);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, checked: Number(after) });
  });
});

describe("audit hash chain", () => {
  it("verifies the seeded chain", async () => {
    const result = await verifyAuditChain(ctx.db, 400);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(1000);
  });

  it("is written in the caller's transaction: a rolled-back write leaves no audit row", async () => {
    const before = await verifyAuditChain(ctx.db);
    await expect(
      ctx.db.transaction(async (tx) => {
        await writeAudit(tx, systemActor("test"), ctx.clock, [{ action: "test.rollback", entityType: "test" }]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const after = await verifyAuditChain(ctx.db);
    expect(after.checked).toBe(before.checked);
  });

  it("names the first edited row", async () => {
    await ctx.db.transaction(async (tx) => {
      await writeAudit(tx, systemActor("test"), ctx.clock, [
        { action: "test.one", entityType: "test", entityId: "a", after: { n: 1, nested: { b: 2, a: [1, "x"] } } },
        { action: "test.two", entityType: "test", entityId: "b" },
      ]);
    });
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
    await ctx.db.execute(sql`UPDATE audit_log SET after = '{"n": 2}' WHERE entity_id = 'a' AND action = 'test.one'`);
    const [row] = await queryRows<{ s: string }>(ctx.db, sql`SELECT seq::text AS s FROM audit_log WHERE action = 'test.one'`);
    const result = await verifyAuditChain(ctx.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toContain("edited");
    expect(result.firstBroken?.seq).toBe(row?.s);
  });
});

describe("audit chain tampering", () => {
  it("detects a deleted row", async () => {
    const c = await createTestContext();
    try {
      await c.db.execute(sql`DELETE FROM audit_log WHERE seq = 5`);
      const result = await verifyAuditChain(c.db);
      expect(result).toMatchObject({ ok: false, checked: 4, firstBroken: { seq: "5" } });
    } finally {
      await c.close();
    }
  });
});
