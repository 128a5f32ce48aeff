import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { queryRows } from "../db/client.js";
import { takeDeviceTokens, takeToken } from "./rate-buckets.js";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const LIMIT = { capacity: 5, windowMs: 600_000 };
const T0 = new Date("2026-11-29T02:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

async function row(key: string) {
  const [r] = await queryRows<{ tokens: number | string; taken: number | string; updated_at: string }>(
    ctx.db,
    sql`SELECT tokens, taken, updated_at::text AS updated_at FROM intake_buckets WHERE key = ${key}`,
  );
  return r ? { tokens: Number(r.tokens), taken: Number(r.taken), updatedAt: new Date(r.updated_at).toISOString() } : null;
}

describe("rate buckets (rows as one JSON recordset)", () => {
  it("starts a new key full, grants at most what it holds, stores the level left and the instant", async () => {
    // Keys out of order and of several sizes in one statement: each gets its own answer.
    const got = await takeDeviceTokens(ctx.db, new Map([["t:b", 7], ["t:a", 3], ["t:c\"\\", 1]]), LIMIT, T0);
    expect(Object.fromEntries(got)).toEqual({ "t:a": 3, "t:b": 5, "t:c\"\\": 1 });
    expect(await row("t:a")).toEqual({ tokens: 2, taken: 3, updatedAt: T0.toISOString() });
    expect(await row("t:b")).toEqual({ tokens: 0, taken: 5, updatedAt: T0.toISOString() });
    const again = await takeDeviceTokens(ctx.db, new Map([["t:a", 5]]), LIMIT, T0);
    expect(again.get("t:a")).toBe(2);
    expect(await row("t:a")).toEqual({ tokens: 0, taken: 2, updatedAt: T0.toISOString() });
  });

  it("refills evenly over the window: a token is back exactly when due, never early", async () => {
    await takeDeviceTokens(ctx.db, new Map([["t:r", 5]]), LIMIT, T0);
    const perToken = LIMIT.windowMs / LIMIT.capacity;
    expect(await takeToken(ctx.db, "t:r", LIMIT, at(perToken - 1))).toMatchObject({ ok: false });
    expect(await takeToken(ctx.db, "t:r", LIMIT, at(perToken))).toEqual({ ok: true });
    expect(await takeToken(ctx.db, "t:r", LIMIT, at(perToken))).toEqual({ ok: false, retryAfterMs: perToken });
    // An earlier instant than the row's never moves updated_at back.
    await takeDeviceTokens(ctx.db, new Map([["t:r", 1]]), LIMIT, T0);
    expect((await row("t:r"))?.updatedAt).toBe(at(perToken).toISOString());
  });
});
