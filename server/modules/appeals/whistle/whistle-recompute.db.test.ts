import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../../test/helpers/context.js";
import { unitByCode } from "../../../../test/helpers/factories.js";
import { queryRows } from "../../../db/client.js";
import type { WhistleDetail } from "../../../../common/contract/whistle.contract.js";

// 2027-01-01 as a holiday below is a MADE-UP FIXTURE, not the State Council's notice.
let ctx: TestContext;
let town: Client;
let townId: string;
const dept: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  townId = (await unitByCode(ctx.db, "440514109")).id;
  for (const u of ["hongchang-water", "hongchang-law"]) {
    const [r] = await queryRows<{ department_id: string }>(ctx.db, sql`SELECT g.department_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = ${u}`);
    dept[u] = r?.department_id ?? "";
  }
  // The demo's pending timers are set aside so the counts below are this file's whistles only.
  await ctx.db.execute(sql`UPDATE workflow_timers SET fired_at = now(), outcome = 'cancelled' WHERE fired_at IS NULL`);
});
afterAll(() => ctx.close());

async function blow(extra: Record<string, unknown>): Promise<WhistleDetail> {
  town = await ctx.login("hongchang");
  const res = await town.post("/api/v1/whistles", {
    townId, kind: "jointEnforcement", title: "河道非法采砂", description: "大溪坝村河段夜间有采砂船作业",
    departmentIds: [dept["hongchang-water"], dept["hongchang-law"]], leadDepartmentId: dept["hongchang-law"], ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<WhistleDetail>();
}
const detail = async (id: string) => (await town.get(`/api/v1/whistles/${id}`)).json<WhistleDetail>();
const times = (w: WhistleDetail) => ({
  doneDueAt: w.doneDueAt,
  summons: Object.fromEntries(w.summons.map((s) => [s.departmentId === dept["hongchang-law"] ? "law" : "water", [s.status, s.checkInDueAt, s.doneDueAt]])),
});
const pendingTimers = (summonsId: string) =>
  queryRows<{ what: string; due_at: Date | string }>(ctx.db, sql`SELECT coalesce(event, level) AS what, due_at FROM workflow_timers WHERE entity_id = ${summonsId} AND fired_at IS NULL ORDER BY what`);

describe("吹哨报到 deadlines after a calendar change", () => {
  it("moves default working-day check-in and done-by times; leaves times the town set and 紧急 wall-clock ones", async () => {
    ctx.clock.set("2026-12-31T02:00:00Z"); // Thursday 10:00 in Shanghai
    const byDefault = await blow({});
    const chosen = await blow({ checkInDueAt: "2027-01-01T06:00:00Z", doneDueAt: "2027-01-04T06:00:00Z" });
    const water = await ctx.login("hongchang-water");
    const waterSummons = byDefault.summons.find((s) => s.departmentId === dept["hongchang-water"]);
    expect((await water.post(`/api/v1/whistle-summons/${waterSummons?.id ?? ""}/events`, { event: "checkIn" })).statusCode).toBe(200);
    ctx.clock.set("2026-12-31T15:50:00Z"); // 23:50: 30 minutes to check in, into 1 January
    const urgent = await blow({ kind: "emergency" });
    const before = { chosen: times(await detail(chosen.id)), urgent: times(await detail(urgent.id)) };
    // Mon–Fri for now: check-in Fri 1 January 10:00; done-by Fri 1, Mon 4, Tue 5 → Tue 10:00.
    expect(times(await detail(byDefault.id))).toEqual({
      doneDueAt: "2027-01-05T02:00:00.000Z",
      summons: { law: ["summoned", "2027-01-01T02:00:00.000Z", "2027-01-05T02:00:00.000Z"], water: ["checkedIn", "2027-01-01T02:00:00.000Z", "2027-01-05T02:00:00.000Z"] },
    });

    const admin = await ctx.login("admin");
    const saved = await admin.put("/api/v1/calendar/days", { days: [{ date: "2027-01-01", kind: "holiday", name: "测试假日" }] });
    // Timers: law's warning and miss, water's red warning; deadlines: law's check-in, both
    // summons' done-bys and the whistle's own — each audited on its entity.
    expect(saved.json()).toMatchObject({ recomputed: { timers: 3, deadlines: 4 } });
    const moved = await queryRows<{ action: string; n: number }>(
      ctx.db,
      sql`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE '%.dueRecomputed' GROUP BY action ORDER BY action`,
    );
    expect(moved).toEqual([
      { action: "whistle.dueRecomputed", n: 1 },
      { action: "whistleSummons.dueRecomputed", n: 3 },
    ]);
    expect(times(await detail(byDefault.id))).toEqual({
      doneDueAt: "2027-01-06T02:00:00.000Z",
      summons: { law: ["summoned", "2027-01-04T02:00:00.000Z", "2027-01-06T02:00:00.000Z"], water: ["checkedIn", "2027-01-01T02:00:00.000Z", "2027-01-06T02:00:00.000Z"] },
    });
    const law = byDefault.summons.find((s) => s.departmentId === dept["hongchang-law"]);
    expect((await pendingTimers(law?.id ?? "")).map((t) => [t.what, new Date(t.due_at).toISOString()])).toEqual([
      ["miss", "2027-01-04T02:00:00.000Z"],
      ["yellow", "2027-01-02T18:19:12.000Z"], // 67 % of Thu 10:00 → Mon 10:00 (96 h): 64.32 h
    ]);
    expect((await pendingTimers(waterSummons?.id ?? "")).map((t) => new Date(t.due_at).toISOString())).toEqual(["2027-01-06T02:00:00.000Z"]);
    expect({ chosen: times(await detail(chosen.id)), urgent: times(await detail(urgent.id)) }).toEqual(before);
  });
});
