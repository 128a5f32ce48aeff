import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import { appealWorkflow } from "./appeal-workflow.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "./appeals.testkit.js";
import { backfillAppealTimerBasis } from "./timer-backfill.js";

let ctx: TestContext;
let grid: TestGrid;

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  grid = await gridByCode(ctx.db, "440514109210001");
});
afterAll(() => ctx.close());

/** A resident's report, accepted at once by the grid worker: a 3-working-day handle deadline. */
async function acceptedAppeal(): Promise<string> {
  const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, "environment"), description: "水渠堵塞，农田进水" });
  const res = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
  const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${res.json<{ trackingCode: string }>().trackingCode}`);
  const worker = await ctx.login("daxiba-wg");
  expect((await worker.post(`/api/v1/appeals/${row?.id ?? ""}/events`, { event: "accept" })).statusCode).toBe(200);
  return row?.id ?? "";
}

interface BasisRow {
  what: string;
  due_at: Date | string;
  basis_start: Date | string | null;
  basis_rule: unknown;
}
const timers = (id: string) =>
  queryRows<BasisRow>(
    ctx.db,
    sql`SELECT coalesce(event, level) AS what, due_at, basis_start, basis_rule FROM workflow_timers
        WHERE entity_id = ${id} AND fired_at IS NULL ORDER BY what`,
  );
const asJson = (rows: BasisRow[]) => rows.map((r) => ({ ...r, due_at: new Date(r.due_at).toISOString(), basis_start: r.basis_start && new Date(r.basis_start).toISOString(), basis_rule: typeof r.basis_rule === "string" ? JSON.parse(r.basis_rule) : r.basis_rule }));

describe("basis for timers written before migration 0041", () => {
  it("is attached where the appeal's rule reproduces the stored due time, and then a calendar change moves the timer", async () => {
    ctx.clock.set("2026-12-30T02:00:00Z"); // Wednesday 10:00 in Shanghai
    const [plain, altered] = [await acceptedAppeal(), await acceptedAppeal()];
    const original = asJson(await timers(plain));
    expect(original.map((t) => [t.what, t.basis_start])).toEqual([
      ["escalate", "2026-12-30T02:00:00.000Z"],
      ["yellow", "2026-12-30T02:00:00.000Z"],
    ]);
    // As an upgraded database has them: no basis; one escalation a rule change ago (a minute off).
    await ctx.db.execute(sql`UPDATE workflow_timers SET basis_start = NULL, basis_end = NULL, basis_rule = NULL WHERE entity_id IN (${plain}, ${altered})`);
    await ctx.db.execute(sql`UPDATE workflow_timers SET due_at = due_at + interval '1 minute' WHERE entity_id = ${altered} AND event = 'escalate' AND fired_at IS NULL`);

    const wf = appealWorkflow({ timeZone: ctx.config.timeZone });
    const first = await backfillAppealTimerBasis(ctx.db, wf);
    expect(first.attached).toBeGreaterThanOrEqual(3);
    expect(asJson(await timers(plain))).toEqual(original);
    expect((await timers(altered)).map((t) => [t.what, t.basis_rule === null])).toEqual([
      ["escalate", true],
      ["yellow", false],
    ]);
    expect(await backfillAppealTimerBasis(ctx.db, wf)).toEqual({ examined: 1, attached: 0 }); // only the altered one is left

    // Made-up fixture (not the State Council's notice): 1 January 2027 off moves the backfilled deadline.
    const admin = await ctx.login("admin");
    expect((await admin.put("/api/v1/calendar/days", { days: [{ date: "2027-01-01", kind: "holiday", name: "测试假日" }] })).statusCode).toBe(200);
    const [escalate] = await timers(plain);
    expect(new Date(escalate?.due_at ?? 0).toISOString()).toBe("2027-01-05T02:00:00.000Z"); // was Mon 4, now Tue 5
  });
});
