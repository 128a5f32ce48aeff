/**
 * Two residents' batches in flight at once (as on PostgreSQL, intake-batch.ts). On PGlite the
 * transactions take turns on its one connection, so these pass there without the ledger too; on
 * PostgreSQL the per-grid test fails without it (both batches read the same count).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import { systemActor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { appealsDeps } from "./appeals-deps.js";
import { appealWorkflow } from "./appeal-workflow.js";
import { categoryId, key } from "./appeals.testkit.js";
import { findIntakeGrid, type IntakeGridRow } from "./grids.repo.js";
import { createIntakeQueue } from "./intake-batch.js";
import type { GridIntakeInput, IntakeResult } from "./intake.service.js";

let ctx: TestContext;
let category: string;

beforeAll(async () => {
  ctx = await createTestContext();
  category = await categoryId(ctx.db, "environment");
});
afterAll(() => ctx.close());

function queue(maxBatch: number, deviceCapacity?: number) {
  const deps = appealsDeps({ db: ctx.db, dbKind: ctx.handle.kind, config: ctx.config, clock: ctx.clock, version: "test" });
  const limit = deviceCapacity === undefined ? undefined : { capacity: deviceCapacity, windowMs: 600_000 };
  return createIntakeQueue(deps, appealWorkflow({ timeZone: ctx.config.timeZone }), limit, { maxBatch, maxInFlight: 2 });
}

async function grid(code: string): Promise<IntakeGridRow> {
  const g = await findIntakeGrid(ctx.db, code);
  if (!g) throw new Error(`grid ${code} missing`);
  return g;
}

const report = (g: IntakeGridRow, idempotencyKey = key()): GridIntakeInput => ({ grid: g, channel: "resident", categoryId: category, description: "两批同时提交", idempotencyKey });

/** Each report's answer: its result, or the code it was refused with. */
const settled = (ps: Promise<IntakeResult>[]) => Promise.all(ps.map((p) => p.then((r) => r, (e: unknown) => (e instanceof AppError ? e.code : e))));

async function appealsOfLastHour(gridId: string): Promise<number> {
  const since = new Date(ctx.clock.now().getTime() - 3600_000);
  const [r] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM appeals WHERE grid_id = ${gridId}::uuid AND created_at >= ${since}::timestamptz`);
  return Number(r?.n ?? 0);
}

describe("batches in flight together", () => {
  it("never let a grid past its hourly limit: the second batch counts the first one's uncommitted appeals", async () => {
    const g = await grid("440514109210002");
    const perGridPerHour = (await appealsOfLastHour(g.id)) + 3;
    const q = queue(3);
    const answers = await settled(Array.from({ length: 6 }, () => q.file(systemActor("resident"), report(g), { perGridPerHour })));
    expect(answers.filter((a) => a === "RATE_LIMITED")).toHaveLength(3);
    expect(await appealsOfLastHour(g.id)).toBe(perGridPerHour);
  });

  it("files a key sent in two batches once and answers both with that appeal", async () => {
    const g = await grid("440514109210001");
    const k = key();
    const q = queue(1);
    const answers = (await Promise.all([q.file(systemActor("resident"), report(g, k)), q.file(systemActor("resident"), report(g, k))])).sort((a, b) => Number(a.duplicate) - Number(b.duplicate));
    expect(answers.map((a) => a.duplicate)).toEqual([false, true]);
    expect(answers[1]?.id).toBe(answers[0]?.id);
    const rows = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE idempotency_key = ${k}`);
    expect(rows.map((r) => r.id)).toEqual([answers[0]?.id]);
  });

  it("takes a device's last token once: its bucket row is locked by the first batch", async () => {
    const g = await grid("440514109210001");
    const q = queue(1, 1);
    const device = `d:${key()}`;
    const answers = await settled([0, 1].map(() => q.file(systemActor("resident"), report(g), { device })));
    expect(answers.filter((a) => a === "RATE_LIMITED")).toHaveLength(1);
    expect(answers.filter((a) => typeof a === "object")).toHaveLength(1);
  });
});
