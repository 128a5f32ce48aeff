import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { openDatabase, queryRows } from "../../db/client.js";
import { withDatabase } from "../../../test/global-setup.js";
import { sweep } from "../../workflow/sweeper.js";
import { moduleWorkflows } from "../index.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "./appeals.testkit.js";
import { actorLabel } from "../../../common/system-actors.js";
import type { AppealDetail } from "../../../common/contract/appeals.contract.js";

let ctx: TestContext;
let grid: TestGrid;
let worker: Client;
let village: Client;
let town: Client;
let binhai: Client;
const HOUR = 3600_000;

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  grid = await gridByCode(ctx.db, "440514109210001");
  [worker, village, town, binhai] = await Promise.all([ctx.login("daxiba-wg"), ctx.login("daxiba"), ctx.login("hongchang"), ctx.login("binhai")]);
});
afterAll(() => ctx.close());

async function report(cat = "environment"): Promise<{ id: string; trackingCode: string }> {
  const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, cat), description: "水渠堵塞，农田进水" });
  const res = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
  expect(res.statusCode).toBe(201);
  const { trackingCode } = res.json<{ trackingCode: string }>();
  const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${trackingCode}`);
  return { id: row?.id ?? "", trackingCode };
}

const fire = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/appeals/${id}/events`, body);
const workflows = () => moduleWorkflows({ config: ctx.config });
const status = async (id: string) => (await queryRows<{ status: string; handling_level: string; escalations: number }>(ctx.db, sql`SELECT status, handling_level, escalations FROM appeals WHERE id = ${id}`))[0];

describe("handling an appeal", () => {
  it("accept → start → resolve by the grid worker, then the resident confirms with a rating", async () => {
    const a = await report();
    const detail = await worker.get(`/api/v1/appeals/${a.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json<{ abilities: { events: string[] } }>().abilities.events).toEqual(expect.arrayContaining(["accept", "reject", "escalate", "transfer"]));
    expect((await fire(worker, a.id, { event: "accept" })).statusCode).toBe(200);
    expect((await fire(worker, a.id, { event: "start" })).statusCode).toBe(200);
    expect((await fire(worker, a.id, { event: "resolve" })).statusCode).toBe(400); // a resolution is required
    const resolved = await fire(worker, a.id, { event: "resolve", note: "已组织清淤" });
    expect(resolved.json()).toMatchObject({ status: "resolved", resolution: "已组织清淤" });
    const illegal = await fire(worker, a.id, { event: "start" });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json<{ error: { message: string } }>().error.message).toContain("已办结待确认");
    const m = multipart({ action: "confirm", satisfaction: "5", feedback: "很快" });
    const confirm = await ctx.app.inject({ method: "POST", url: `/r/track/${a.trackingCode}`, payload: m.payload, headers: m.headers });
    expect(confirm.statusCode).toBe(303);
    expect(await status(a.id)).toMatchObject({ status: "closed" });
    const page = await ctx.anon.get(`/r/track/${a.trackingCode}`);
    expect(page.body).toContain("您的评价：5 分");
    expect(page.body).toContain("已组织清淤");
    const timeline = (await town.get(`/api/v1/appeals/${a.id}`)).json<{ timeline: { event: string }[] }>().timeline.map((t) => t.event);
    expect(timeline).toEqual(["accept", "start", "resolve", "confirm"]);
    const audit = await queryRows<{ action: string }>(ctx.db, sql`SELECT action FROM audit_log WHERE entity_id = ${a.id} ORDER BY seq`);
    expect(audit.map((r) => r.action)).toEqual(["appeal.file", "appeal.accept", "appeal.start", "appeal.resolve", "appeal.confirm"]);
    // Reopen once, then no more.
    const reopen = multipart({ action: "reopen", reason: "又堵了" });
    expect((await ctx.app.inject({ method: "POST", url: `/r/track/${a.trackingCode}`, payload: reopen.payload, headers: reopen.headers })).statusCode).toBe(303);
    expect(await status(a.id)).toMatchObject({ status: "reopened" });
    await fire(worker, a.id, { event: "accept" });
    await fire(worker, a.id, { event: "resolve", note: "再次清淤" });
    const again = multipart({ action: "reopen", reason: "还是堵" });
    const refused = await ctx.app.inject({ method: "POST", url: `/r/track/${a.trackingCode}`, payload: again.payload, headers: again.headers });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("只能申请重办一次");
  });

  it("rejects with a reason, transfers to another unit in scope, and is invisible to another town (404)", async () => {
    const a = await report();
    expect((await fire(worker, a.id, { event: "reject" })).statusCode).toBe(400);
    expect((await binhai.get(`/api/v1/appeals/${a.id}`)).statusCode).toBe(404);
    expect((await fire(binhai, a.id, { event: "accept" })).statusCode).toBe(404);
    expect((await ctx.anon.get(`/api/v1/appeals/${a.id}`)).statusCode).toBe(401);
    const townUnit = (await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM org_units WHERE division_code = '440514109'`))[0]?.id;
    // Handing over is limited to units inside the actor's own scope: a village cannot push it to the town.
    expect((await fire(village, a.id, { event: "transfer", unitId: townUnit })).statusCode).toBe(400);
    const otherVillage = (await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM org_units WHERE division_code LIKE '440514109%' AND level = 'village' AND division_code <> '440514109210' ORDER BY division_code LIMIT 1`))[0]?.id;
    const moved = await fire(town, a.id, { event: "transfer", unitId: otherVillage, note: "属邻村事项" });
    expect(moved.json()).toMatchObject({ status: "submitted", handlingLevel: "village", handlingUnitId: otherVillage });
    // The appeal now belongs to the other village: the first grid's worker no longer sees it.
    expect((await fire(worker, a.id, { event: "accept" })).statusCode).toBe(404);
    const rejected = await fire(town, a.id, { event: "reject", reason: "属于司法诉讼事项，请向法院起诉" });
    expect(rejected.json()).toMatchObject({ status: "rejected", rejectReason: "属于司法诉讼事项，请向法院起诉" });
    expect((await ctx.anon.get(`/r/track/${a.trackingCode}`)).body).toContain("属于司法诉讼事项");
  });

  it("queues: mine, due soon, overdue", async () => {
    const a = await report();
    const mine = (await worker.get("/api/v1/appeals?queue=mine&pageSize=200")).json<{ items: { id: string }[] }>();
    expect(mine.items.map((i) => i.id)).toContain(a.id);
    const soon = (await worker.get("/api/v1/appeals?queue=dueSoon&pageSize=200")).json<{ items: { id: string }[] }>();
    expect(soon.items.map((i) => i.id)).toContain(a.id);
    const villageMine = (await village.get("/api/v1/appeals?queue=mine&pageSize=200")).json<{ items: { id: string }[] }>();
    expect(villageMine.items.map((i) => i.id)).not.toContain(a.id);
  });

  it("extension: requested by the handler, approved only by the level above, moves the deadline", async () => {
    const a = await report("welfare");
    await fire(worker, a.id, { event: "accept" });
    const due0 = (await queryRows<{ due_at: Date }>(ctx.db, sql`SELECT due_at FROM appeals WHERE id = ${a.id}`))[0]?.due_at;
    const req = await worker.post(`/api/v1/appeals/${a.id}/extensions`, { workingDays: 3, reason: "需协调土地权属" });
    expect(req.statusCode).toBe(201);
    const ext = req.json<{ extensions: { id: string; status: string }[] }>().extensions[0];
    expect((await worker.post(`/api/v1/appeals/${a.id}/extensions`, { workingDays: 1, reason: "再延" })).statusCode).toBe(409);
    expect((await worker.post(`/api/v1/appeals/${a.id}/extensions/${ext?.id}/decision`, { approve: true })).statusCode).toBe(403);
    const ok = await village.post(`/api/v1/appeals/${a.id}/extensions/${ext?.id}/decision`, { approve: true });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ extensions: { status: string }[] }>().extensions[0]?.status).toBe("approved");
    const due1 = (await queryRows<{ due_at: Date }>(ctx.db, sql`SELECT due_at FROM appeals WHERE id = ${a.id}`))[0]?.due_at;
    expect(new Date(due1 ?? 0).getTime()).toBeGreaterThan(new Date(due0 ?? 0).getTime() + 2 * 24 * HOUR);
  });

  it("shows the full phone only with a reason, audited", async () => {
    const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, "roads"), description: "桥面破损", phone: "13712345678", consent: "1" });
    const res = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
    const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${res.json<{ trackingCode: string }>().trackingCode}`);
    expect((await worker.get(`/api/v1/appeals/${row?.id}`)).json()).toMatchObject({ phoneMasked: "137****5678" });
    const full = await worker.post(`/api/v1/appeals/${row?.id}/unmask`, { reason: "回访群众" });
    expect(full.json()).toEqual({ phone: "13712345678" });
    const audit = await queryRows<{ action: string }>(ctx.db, sql`SELECT action FROM audit_log WHERE entity_id = ${row?.id} AND action = 'appeal.unmask'`);
    expect(audit).toHaveLength(1);
  });
});

describe("escalation with a moved clock", () => {
  it("warns yellow, then climbs grid → village → town → district, notifying each level, exactly once", async () => {
    const a = await report();
    // Reported Monday 2026-03-02 09:00 local; contact is due within 30 working minutes.
    ctx.clock.advance(21 * 60_000);
    let r = await sweep(ctx, workflows());
    expect(r.notified).toBeGreaterThanOrEqual(1);
    expect((await queryRows<{ warning: string }>(ctx.db, sql`SELECT warning FROM appeals WHERE id = ${a.id}`))[0]?.warning).toBe("yellow");
    ctx.clock.advance(10 * 60_000);
    r = await sweep(ctx, workflows());
    expect(await status(a.id)).toMatchObject({ status: "escalated", handling_level: "village", escalations: 1 });
    const villageInbox = (await village.get("/api/v1/notifications?unread=true")).json<{ items: { entityId: string; title: string }[]; unread: number }>();
    expect(villageInbox.items.some((n) => n.entityId === a.id && n.title.includes("超时上报"))).toBe(true);
    ctx.clock.advance(HOUR);
    await sweep(ctx, workflows());
    expect(await status(a.id)).toMatchObject({ handling_level: "town", escalations: 2 });
    ctx.clock.advance(HOUR);
    await sweep(ctx, workflows());
    expect(await status(a.id)).toMatchObject({ handling_level: "district", escalations: 3 });
    ctx.clock.advance(24 * HOUR);
    await sweep(ctx, workflows());
    // At the top there is nowhere to climb: a red warning instead, still exactly three escalations.
    expect(await status(a.id)).toMatchObject({ handling_level: "district", escalations: 3 });
    expect((await queryRows<{ warning: string }>(ctx.db, sql`SELECT warning FROM appeals WHERE id = ${a.id}`))[0]?.warning).toBe("red");
    const history = await queryRows<{ event: string; actor_name: string }>(ctx.db, sql`SELECT event, actor_name FROM workflow_history WHERE entity_id = ${a.id} ORDER BY id`);
    expect(history.map((h) => `${h.event}:${h.actor_name}`)).toEqual(["escalate:system:sweeper", "escalate:system:sweeper", "escalate:system:sweeper"]);
    // A day later the morning's sessions have expired: sign in again.
    const fresh = await ctx.login("daxiba");
    // The timeline carries the raw system:sweeper, which the screens label 系统（超时自动升级）.
    const timeline = (await fresh.get(`/api/v1/appeals/${a.id}`)).json<AppealDetail>().timeline.filter((e) => e.event === "escalate");
    expect(timeline.map((e) => actorLabel(e.actorUsername))).toEqual(Array.from({ length: 3 }, () => ({ kind: "system", name: "sweeper" })));
    const read = await fresh.post("/api/v1/notifications/read", { all: true });
    expect(read.json()).toEqual({ unread: 0 });
  });

  it("applies each escalation once with two sweepers racing", async () => {
    const appeals = await Promise.all(Array.from({ length: 8 }, () => report()));
    // Past the contact limit of 30 working minutes (the lunch break does not count) but not the next one.
    ctx.clock.advance(4 * HOUR);
    const url = process.env.TEST_DATABASE_URL;
    const dbName = ctx.handle.kind === "postgresql" ? (await queryRows<{ d: string }>(ctx.db, sql`SELECT current_database() AS d`))[0]?.d : null;
    const other = url && dbName ? await openDatabase({ dataDir: "", databaseUrl: withDatabase(url, dbName), poolSize: 3 }) : null;
    try {
      const results = await Promise.all([
        sweep({ db: ctx.db, clock: ctx.clock }, workflows(), { batch: 3 }),
        sweep({ db: other?.db ?? ctx.db, clock: ctx.clock }, workflows(), { batch: 3 }),
      ]);
      expect(results.reduce((n, x) => n + x.errors, 0)).toBe(0);
    } finally {
      await other?.close();
    }
    for (const a of appeals) {
      const h = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM workflow_history WHERE entity_id = ${a.id} AND event = 'escalate'`);
      // One climb (grid → village); the village's own limit runs from then.
      expect(Number(h[0]?.n)).toBe(1);
    }
  });
});
