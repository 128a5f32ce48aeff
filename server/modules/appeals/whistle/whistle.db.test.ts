import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../../test/helpers/factories.js";
import { queryRows } from "../../../db/client.js";
import { sweep } from "../../../workflow/sweeper.js";
import { moduleWorkflows } from "../../index.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "../appeals.testkit.js";
import type { Summons, WhistleDetail } from "../../../../common/contract/whistle.contract.js";

let ctx: TestContext;
let town: Client;
let binhai: Client;
let water: Client;
let law: Client;
let binhaiWater: Client;
let worker: Client;
let grid: TestGrid;
let townId: string;
const dept: Record<string, string> = {};
const MIN = 60_000;

async function deptId(username: string): Promise<string> {
  const [r] = await queryRows<{ department_id: string }>(ctx.db, sql`SELECT g.department_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = ${username}`);
  if (!r) throw new Error(`no department for ${username}`);
  return r.department_id;
}

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  [town, binhai, water, law, binhaiWater, worker] = await Promise.all([
    ctx.login("hongchang"), ctx.login("binhai"), ctx.login("hongchang-water"), ctx.login("hongchang-law"), ctx.login("binhai-water"), ctx.login("daxiba-wg"),
  ]);
  townId = (await unitByCode(ctx.db, "440514109")).id;
  grid = await gridByCode(ctx.db, "440514109210001");
  for (const u of ["hongchang-water", "hongchang-law", "hongchang-safety", "binhai-water"]) dept[u] = await deptId(u);
});
afterAll(() => ctx.close());

const blow = (c: Client, body: Record<string, unknown>) => c.post("/api/v1/whistles", body);
const fire = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/whistle-summons/${id}/events`, body);
const workflows = () => moduleWorkflows({ config: ctx.config });
const summonsOf = (w: WhistleDetail, d: string): Summons => {
  const s = w.summons.find((x) => x.departmentId === d);
  if (!s) throw new Error("summons missing");
  return s;
};

async function standalone(kind = "jointEnforcement"): Promise<WhistleDetail> {
  const res = await blow(town, {
    townId, kind, title: "河道非法采砂", description: "大溪坝村河段夜间有采砂船作业",
    departmentIds: [dept["hongchang-water"], dept["hongchang-law"]], leadDepartmentId: dept["hongchang-law"],
  });
  expect(res.statusCode).toBe(201);
  return res.json<WhistleDetail>();
}

describe("whistle and check-in", () => {
  it("a town summons two departments with a lead; each department sees only its own summons", async () => {
    const w = await standalone();
    expect(w).toMatchObject({ status: "blown", kind: "jointEnforcement", summonsCount: 2, blownByName: "红场镇党委" });
    expect(summonsOf(w, dept["hongchang-law"] ?? "").lead).toBe(true);
    expect(summonsOf(w, dept["hongchang-water"] ?? "").events).toEqual(["cancel"]);
    expect((await auditFor(ctx.db, w.id)).map((a) => a.action)).toContain("whistle.blow");
    const mine = (await water.get("/api/v1/my-summons")).json<{ items: Summons[] }>();
    expect(mine.items.every((s) => s.departmentId === dept["hongchang-water"])).toBe(true);
    expect(mine.items.find((s) => s.whistleId === w.id)?.events).toEqual(["checkIn"]);
    const [inbox] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'hongchang-water' AND n.entity_id = ${w.id}`);
    expect(Number(inbox?.n)).toBe(1);
    // Another town's department and town cannot see it; nobody anonymous can.
    expect((await binhai.get(`/api/v1/whistles/${w.id}`)).statusCode).toBe(404);
    expect((await binhaiWater.get(`/api/v1/whistles/${w.id}`)).statusCode).toBe(404);
    expect((await ctx.anon.get(`/api/v1/whistles/${w.id}`)).statusCode).toBe(401);
    const board = (await town.get("/api/v1/whistles")).json<{ items: { id: string }[] }>();
    expect(board.items.map((i) => i.id)).toContain(w.id);
    expect((await binhai.get("/api/v1/whistles")).json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(w.id);
  });

  it("refuses a department checking in to a summons that is not its own (403) or in another town (404)", async () => {
    const w = await standalone();
    const waterSummons = summonsOf(w, dept["hongchang-water"] ?? "");
    const wrong = await fire(law, waterSummons.id, { event: "checkIn" });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect((await fire(binhaiWater, waterSummons.id, { event: "checkIn" })).statusCode).toBe(404);
    // The town cannot check in for a department either.
    expect((await fire(town, waterSummons.id, { event: "checkIn" })).statusCode).toBe(403);
    const [row] = await queryRows<{ status: string }>(ctx.db, sql`SELECT status FROM whistle_summons WHERE id = ${waterSummons.id}`);
    expect(row?.status).toBe("summoned");
  });

  it("check in → report → rate, with illegal steps refused and the whistle closing when all are rated", async () => {
    const w = await standalone();
    const sw = summonsOf(w, dept["hongchang-water"] ?? "");
    const sl = summonsOf(w, dept["hongchang-law"] ?? "");
    expect((await fire(water, sw.id, { event: "report", note: "x" })).statusCode).toBe(409); // not checked in yet
    const checked = await fire(water, sw.id, { event: "checkIn" });
    expect(checked.statusCode).toBe(200);
    expect(checked.json<WhistleDetail>().status).toBe("responding");
    expect(summonsOf(checked.json<WhistleDetail>(), sw.departmentId)).toMatchObject({ status: "checkedIn", checkedInOnTime: true });
    expect((await fire(water, sw.id, { event: "checkIn" })).statusCode).toBe(409);
    expect((await fire(water, sw.id, { event: "report" })).statusCode).toBe(400);
    expect((await fire(water, sw.id, { event: "report", note: "已关停采砂泵" })).statusCode).toBe(200);
    expect((await fire(town, sw.id, { event: "rate" })).statusCode).toBe(400);
    expect((await fire(town, sw.id, { event: "rate", rating: 9 })).statusCode).toBe(400);
    expect((await fire(water, sw.id, { event: "rate", rating: 5 })).statusCode).toBe(403);
    const rated = await fire(town, sw.id, { event: "rate", rating: 4, note: "响应迅速" });
    expect(summonsOf(rated.json<WhistleDetail>(), sw.departmentId)).toMatchObject({ status: "rated", rating: 4, ratingComment: "响应迅速", doneOnTime: true });
    expect(rated.json<WhistleDetail>().status).toBe("responding");
    // The town calls the second department off: the whistle is closed (every live summons rated).
    expect((await fire(town, sl.id, { event: "cancel" })).statusCode).toBe(400);
    const off = await fire(town, sl.id, { event: "cancel", reason: "已由水务所处置完毕" });
    expect(off.json<WhistleDetail>()).toMatchObject({ status: "closed" });
    expect((await auditFor(ctx.db, sw.id)).map((a) => a.action)).toEqual(["whistleSummons.checkIn", "whistleSummons.report", "whistleSummons.rate"]);
  });

  it("refuses bad input with coded 400s and nothing half-written", async () => {
    const [before] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM whistles`);
    const base = { townId, kind: "emergency", title: "山体滑坡", description: "村道旁山体出现裂缝" };
    const notSummoned = await blow(town, { ...base, departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-law"] });
    expect(notSummoned.json()).toMatchObject({ error: { code: "VALIDATION", fields: { leadDepartmentId: expect.any(String) } } });
    const otherTown = await blow(town, { ...base, departmentIds: [dept["binhai-water"]], leadDepartmentId: dept["binhai-water"] });
    expect(otherTown.json()).toMatchObject({ error: { fields: { departmentIds: expect.any(String) } } });
    expect((await blow(town, { ...base, townId: undefined, departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-water"] })).statusCode).toBe(400);
    const past = await blow(town, { ...base, departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-water"], checkInDueAt: "2020-01-01T00:00:00Z" });
    expect(past.json()).toMatchObject({ error: { fields: { checkInDueAt: expect.any(String) } } });
    expect((await blow(binhai, { ...base, departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-water"] })).statusCode).toBe(404);
    expect((await blow(water, { ...base, departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-water"] })).statusCode).toBe(403);
    const [after] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM whistles`);
    expect(after?.n).toEqual(before?.n);
  });

  it("marks a missed check-in overdue with a moved clock, tells the town and district, and still takes a late check-in", async () => {
    const w = await standalone("emergency");
    const sw = summonsOf(w, dept["hongchang-water"] ?? "");
    expect(new Date(sw.checkInDueAt).getTime() - new Date(w.createdAt).getTime()).toBe(30 * MIN);
    ctx.clock.advance(21 * MIN);
    const yellow = await sweep(ctx, workflows());
    expect(yellow.notified).toBeGreaterThanOrEqual(2);
    ctx.clock.advance(10 * MIN);
    const r = await sweep(ctx, workflows());
    expect(r.applied).toBeGreaterThanOrEqual(2);
    const detail = (await town.get(`/api/v1/whistles/${w.id}`)).json<WhistleDetail>();
    expect(detail.summons.map((s) => s.status)).toEqual(["overdue", "overdue"]);
    expect(detail.overdueCount).toBe(2);
    const told = await queryRows<{ username: string }>(
      ctx.db,
      sql`SELECT DISTINCT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.entity_id = ${w.id} AND n.kind = 'whistle.missed'`,
    );
    expect(told.map((t) => t.username)).toEqual(expect.arrayContaining(["hongchang", "chaonan", "hongchang-water", "hongchang-law"]));
    const late = await fire(water, sw.id, { event: "checkIn" });
    expect(summonsOf(late.json<WhistleDetail>(), sw.departmentId)).toMatchObject({ status: "checkedIn", checkedInOnTime: false });
    const history = await queryRows<{ event: string; actor_name: string }>(ctx.db, sql`SELECT event, actor_name FROM workflow_history WHERE entity_id = ${sw.id} ORDER BY id`);
    expect(history).toEqual([{ event: "miss", actor_name: "system:sweeper" }, { event: "checkIn", actor_name: "hongchang-water" }]);
  });

  it("whistles on an appeal (which moves to dispatched) and blows one by itself for a 紧急 appeal", async () => {
    const filed = await worker.post("/api/v1/appeals", { channel: "patrol", gridId: grid.id, categoryId: await categoryId(ctx.db, "roads"), description: "村道塌陷", idempotencyKey: key() });
    expect(filed.statusCode).toBe(201);
    const appealId = filed.json<{ id: string }>().id;
    expect((await worker.post(`/api/v1/appeals/${appealId}/events`, { event: "accept" })).statusCode).toBe(200);
    const res = await blow(town, { appealId, kind: "unresolvedDemand", title: "村道塌陷抢修", description: "需水务、执法配合", departmentIds: [dept["hongchang-water"]], leadDepartmentId: dept["hongchang-water"] });
    expect(res.statusCode).toBe(201);
    expect(res.json<WhistleDetail>()).toMatchObject({ appealId, townId });
    const [a] = await queryRows<{ status: string }>(ctx.db, sql`SELECT status FROM appeals WHERE id = ${appealId}`);
    expect(a?.status).toBe("dispatched");
    // 紧急: the resident's report summons the town's configured departments at once.
    const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, "safety"), description: "电线杆倾斜随时可能倒下" });
    const r = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
    expect(r.statusCode).toBe(201);
    const [urgent] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${r.json<{ trackingCode: string }>().trackingCode}`);
    const auto = (await town.get(`/api/v1/whistles?appealId=${urgent?.id}`)).json<{ items: { id: string; kind: string; blownByName: string | null }[] }>();
    expect(auto.items).toHaveLength(1);
    expect(auto.items[0]).toMatchObject({ kind: "emergency", blownByName: null });
    const d = (await town.get(`/api/v1/whistles/${auto.items[0]?.id}`)).json<WhistleDetail>();
    expect(d.summons.map((s) => [s.departmentName, s.lead])).toEqual([["应急管理办", true], ["水务所", false]]);
  });

  it("keeps the town's automatic list with exactly one lead", async () => {
    const url = `/api/v1/towns/${townId}/whistle-auto`;
    expect((await town.put(url, { items: [{ departmentId: dept["hongchang-water"], lead: false }] })).statusCode).toBe(400);
    const ok = await town.put(url, { items: [{ departmentId: dept["hongchang-water"], lead: true }, { departmentId: dept["hongchang-safety"], lead: false }] });
    expect(ok.json()).toMatchObject({ items: [{ departmentName: "水务所", lead: true }, { departmentName: "应急管理办", lead: false }] });
    expect((await binhai.put(url, { items: [] })).statusCode).toBe(404);
  });

  it("scores departments: check-in on time, done on time, average rating", async () => {
    const res = await town.get("/api/v1/department-scorecards");
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { departmentName: string; summoned: number; checkedIn: number; checkedInOnTime: number; rated: number; averageRating: number | null; checkInOnTimeRate: number | null }[] }>().items;
    const w = items.find((i) => i.departmentName === "水务所");
    // Hand count over this file: water was summoned 5 times (4 standalone + 1 appeal) and once
    // by the 紧急 appeal; checked in twice (once on time, once late); rated once (4).
    expect(w).toMatchObject({ summoned: 6, checkedIn: 2, checkedInOnTime: 1, rated: 1, averageRating: 4 });
    expect(w?.checkInOnTimeRate).toBe(0.1667);
    expect((await binhai.get("/api/v1/department-scorecards")).json<{ items: { unitName: string }[] }>().items.map((i) => i.unitName)).not.toContain("红场镇");
    expect((await water.get("/api/v1/department-scorecards")).statusCode).toBe(403);
    // The three rates for departments: checked in on time / reported / rated 4–5 over rated.
    const rates = (await town.get("/api/v1/appeal-rates?level=department&from=2026-03-01&to=2026-03-31")).json<{ items: { name: string; appeals: number; respondedOnTime: number; resolved: number; satisfactionRate: number | null }[] }>();
    expect(rates.items.find((r) => r.name === "水务所")).toMatchObject({ appeals: 6, respondedOnTime: 1, resolved: 1, satisfactionRate: 1 });
  });
});
