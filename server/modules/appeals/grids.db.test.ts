import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditFor, unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { gridByCode } from "./appeals.testkit.js";
import { findIntakeGrids } from "./grids.repo.js";

let ctx: TestContext;
let town: Client;
let binhai: Client;
let villageId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  town = await ctx.login("hongchang");
  binhai = await ctx.login("binhai");
  villageId = (await unitByCode(ctx.db, "440514109210")).id;
});
afterAll(() => ctx.close());

describe("grids", () => {
  it("the demo gave 大溪坝村 its grids, each with a worker and a masked phone", async () => {
    const res = await town.get(`/api/v1/grids?underId=${villageId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { code: string; name: string; leader: { phoneMasked: string } | null; workerCount: number }[]; total: number }>();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.items[0]).toMatchObject({ code: "440514109210001", name: "第1网格", workerCount: 1 });
    expect(body.items[0]?.leader?.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it("creates a grid with the next code, audits it, and hides it from another town (404)", async () => {
    const res = await town.post("/api/v1/grids", { villageId, name: "新建网格<b>", households: 420, centre: { lng: 116.5, lat: 23.3 } });
    expect(res.statusCode).toBe(201);
    const g = res.json<{ id: string; code: string; name: string; centre: unknown }>();
    expect(g.code).toMatch(/^440514109210\d{3}$/);
    expect(g.name).toBe("新建网格<b>");
    expect((await auditFor(ctx.db, g.id)).map((a) => a.action)).toContain("grid.create");
    expect((await binhai.get(`/api/v1/grids/${g.id}`)).statusCode).toBe(404);
    expect((await ctx.anon.get(`/api/v1/grids/${g.id}`)).statusCode).toBe(401);
    const dup = await town.post("/api/v1/grids", { villageId, seq: Number(g.code.slice(-3)), name: "重复", households: 1 });
    expect(dup.statusCode).toBe(409);
    const notVillage = await town.post("/api/v1/grids", { villageId: (await unitByCode(ctx.db, "440514109")).id, name: "x", households: 1 });
    expect(notVillage.statusCode).toBe(400);
  });

  it("bulk-creates numbered grids for a village in one transaction", async () => {
    const before = await town.get(`/api/v1/grids?underId=${villageId}&pageSize=200`);
    const res = await town.post("/api/v1/grids/bulk", { villageId, count: 3 });
    expect(res.statusCode).toBe(201);
    const items = res.json<{ items: { code: string; name: string }[] }>().items;
    expect(items).toHaveLength(3);
    const after = await town.get(`/api/v1/grids?underId=${villageId}&pageSize=200`);
    expect(after.json<{ total: number }>().total).toBe(before.json<{ total: number }>().total + 3);
  });

  it("sets workers and a leader: the worker gains the grid scope, the leader must be a worker", async () => {
    const g = (await town.post("/api/v1/grids", { villageId, name: "人员网格", households: 10 })).json<{ id: string }>();
    const [u] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE username = 'daxiba-wg'`);
    const bad = await town.put(`/api/v1/grids/${g.id}/workers`, { workers: [], leaderUserId: u?.id });
    expect(bad.statusCode).toBe(400);
    const res = await town.put(`/api/v1/grids/${g.id}/workers`, { workers: [{ userId: u?.id, phone: "13800138000" }], leaderUserId: u?.id });
    expect(res.statusCode).toBe(200);
    const detail = res.json<{ leader: { phoneMasked: string }; workers: unknown[] }>();
    expect(detail.leader.phoneMasked).toBe("138****8000");
    const stored = await queryRows<{ phone_cipher: string }>(ctx.db, sql`SELECT phone_cipher FROM grid_workers WHERE grid_id = ${g.id}`);
    expect(stored[0]?.phone_cipher).not.toContain("13800138000");
    const worker = await ctx.login("daxiba-wg");
    expect((await worker.get(`/api/v1/grids/${g.id}`)).statusCode).toBe(200);
  });

  it("prints a signboard PDF and a village batch; rotation invalidates the old print", async () => {
    const grid = await gridByCode(ctx.db, "440514109210002");
    const pdf = await town.get(`/api/v1/grids/${grid.id}/signboard?paper=A3`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const batch = await town.get(`/api/v1/signboards?underId=${villageId}`);
    expect(batch.statusCode).toBe(200);
    expect((await ctx.anon.get(`/r/${grid.code}?t=${grid.token}`)).statusCode).toBe(200);
    const rot = await town.post(`/api/v1/grids/${grid.id}/signboard/rotate`);
    expect(rot.statusCode).toBe(200);
    const { url, signboardVersion } = rot.json<{ url: string; signboardVersion: number }>();
    expect(signboardVersion).toBe(grid.version + 1);
    const old = await ctx.anon.get(`/r/${grid.code}?t=${grid.token}`);
    expect(old.statusCode).toBe(403);
    expect(old.body).toContain("二维码无效或已作废");
    expect((await ctx.anon.get(new URL(url).pathname + new URL(url).search)).statusCode).toBe(200);
  });

  it("retires a grid without appeals", async () => {
    const g = (await town.post("/api/v1/grids", { villageId, name: "待撤销", households: 0 })).json<{ id: string; code: string }>();
    expect((await town.del(`/api/v1/grids/${g.id}`)).statusCode).toBe(200);
    expect((await town.get(`/api/v1/grids/${g.id}`)).statusCode).toBe(404);
    expect((await ctx.anon.get(`/r/${g.code}?t=x`)).statusCode).toBe(404);
  });

  it("looks up several grids for the intake in one call: live ones by code, unknown and retired ones absent", async () => {
    const g = (await town.post("/api/v1/grids", { villageId, name: "撤销后查找", households: 0 })).json<{ id: string; code: string }>();
    expect((await town.del(`/api/v1/grids/${g.id}`)).statusCode).toBe(200);
    const found = await findIntakeGrids(ctx.db, ["440514109210001", "440514109210002", "440514109299999", g.code]);
    expect([...found.keys()].sort()).toEqual(["440514109210001", "440514109210002"]);
    expect(found.get("440514109210001")).toMatchObject({ code: "440514109210001", worker_count: expect.anything() as unknown, signboard_version: expect.any(Number) as unknown });
    expect(Number(found.get("440514109210001")?.worker_count)).toBe(1);
  });
});
