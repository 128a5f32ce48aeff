import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditCount, auditFor } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { auditLog } from "../../db/schema/index.js";
import { sweep } from "../../workflow/sweeper.js";
import { moduleWorkflows } from "../index.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "../appeals/appeals.testkit.js";
import { calendarRefreshTask } from "./calendar-cache.js";

// Every 2027 day below is a MADE-UP FIXTURE, not the State Council's notice (not published yet).
const FAKE = "测试假日";
const DAYS = "/api/v1/calendar/days";

let ctx: TestContext;
let admin: Client;
let worker: Client;
let grid: TestGrid;

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  grid = await gridByCode(ctx.db, "440514109210001");
  // The demo's open appeals have pending timers too; set them aside so the counts below are this
  // file's appeals only (and the sweep fires only what this file set).
  await ctx.db.execute(sql`UPDATE workflow_timers SET fired_at = now(), outcome = 'cancelled' WHERE fired_at IS NULL`);
});
afterAll(() => ctx.close());

/** Moves the clock and signs in again (a session does not survive a jump of days). */
async function at(instant: string): Promise<void> {
  ctx.clock.set(instant);
  [admin, worker] = await Promise.all([ctx.login("admin"), ctx.login("daxiba-wg")]);
}

/** A resident's report through the real intake path, accepted at once by the grid worker. */
async function acceptedAppeal(category: string): Promise<string> {
  const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, category), description: "水渠堵塞，农田进水" });
  const res = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
  expect(res.statusCode).toBe(201);
  const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE tracking_code = ${res.json<{ trackingCode: string }>().trackingCode}`);
  const id = row?.id ?? "";
  expect((await worker.post(`/api/v1/appeals/${id}/events`, { event: "accept" })).statusCode).toBe(200);
  return id;
}

interface TimerView {
  what: string;
  due: string;
  fired: boolean;
}
/** The appeal's timers of its current (handle) step, and its displayed due time. */
async function deadlines(id: string): Promise<{ timers: TimerView[]; dueAt: string }> {
  const rows = await queryRows<{ what: string; due_at: Date | string; fired_at: Date | string | null }>(
    ctx.db,
    sql`SELECT coalesce(event, level) AS what, due_at, fired_at FROM workflow_timers
        WHERE entity_id = ${id} AND state = 'accepted' AND (outcome IS NULL OR outcome <> 'cancelled') ORDER BY what`,
  );
  const [a] = await queryRows<{ due_at: Date | string }>(ctx.db, sql`SELECT due_at FROM appeals WHERE id = ${id}`);
  return {
    timers: rows.map((r) => ({ what: r.what, due: new Date(r.due_at).toISOString(), fired: r.fired_at !== null })),
    dueAt: new Date(a?.due_at ?? 0).toISOString(),
  };
}

let small = ""; // 小事: 3 working days to handle, counted from acceptance
let urgent = ""; // 紧急: 120 minutes wall-clock
const YELLOW = "2027-01-02T10:24:00.000Z"; // 67 % of Wed 10:00 → Mon 10:00 (120 h), unchanged once fired

describe("recomputing open deadlines when the official calendar changes", () => {
  it("counts a deadline crossing into uncovered 2027 Monday–Friday at first", async () => {
    await at("2026-12-30T02:00:00Z"); // Wednesday 10:00 in Shanghai
    small = await acceptedAppeal("environment");
    // Thu 31, Fri 1 January (no notice yet: a working day), Mon 4 January.
    expect(await deadlines(small)).toEqual({
      timers: [
        { what: "escalate", due: "2027-01-04T02:00:00.000Z", fired: false },
        { what: "yellow", due: YELLOW, fired: false },
      ],
      dueAt: "2027-01-04T02:00:00.000Z",
    });
    // The yellow warning fires on Saturday; the escalation is still pending.
    await at("2027-01-02T15:30:00Z"); // Saturday 23:30
    expect(await sweep({ db: ctx.db, clock: ctx.clock }, moduleWorkflows({ config: ctx.config }))).toMatchObject({ notified: 1, applied: 0 });
    urgent = await acceptedAppeal("safety");
    expect((await deadlines(urgent)).dueAt).toBe("2027-01-02T17:30:00.000Z"); // Sunday 01:30: wall-clock
  });

  it("refuses bad input with the field named, and moves nothing", async () => {
    const before = await auditCount(ctx.db);
    const monday = await admin.put(DAYS, { days: [{ date: "2027-01-04", kind: "workday", name: FAKE }] });
    expect(monday.statusCode).toBe(400);
    expect(monday.json()).toMatchObject({ error: { code: "VALIDATION", fields: { "days.0.kind": expect.any(String) } } });
    const badDate = await admin.put(DAYS, { days: [{ date: "2027-01-32", kind: "holiday", name: FAKE }] });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ error: { code: "VALIDATION", fields: { "days.0.date": expect.any(String) } } });
    expect(await auditCount(ctx.db)).toBe(before);
    expect((await deadlines(small)).dueAt).toBe("2027-01-04T02:00:00.000Z");
  });

  it("moves the pending escalation and the displayed due time by a working day when 1 January becomes a holiday; the fired warning stays", async () => {
    const res = await admin.put(DAYS, { days: [{ date: "2027-01-01", kind: "holiday", name: FAKE }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0, unchanged: 0, recomputed: { timers: 1, deadlines: 1 } });
    expect(await deadlines(small)).toEqual({
      timers: [
        { what: "escalate", due: "2027-01-05T02:00:00.000Z", fired: false }, // Thu 31, Mon 4, Tue 5
        { what: "yellow", due: YELLOW, fired: true },
      ],
      dueAt: "2027-01-05T02:00:00.000Z",
    });
    const [audit] = await auditFor(ctx.db, "2027-01-01/2027-01-01");
    expect(audit).toMatchObject({ action: "calendar.recompute", actorName: "admin", after: { dates: 1, timers: 1, deadlines: 1 } });
    // The appeal's own trail says why its deadline moved: an audit record and a timeline entry.
    expect((await auditFor(ctx.db, small)).filter((a) => a.action === "appeal.dueRecomputed")).toEqual([
      expect.objectContaining({
        actorName: "admin",
        before: { dueAt: "2027-01-04T02:00:00.000Z" },
        after: { dueAt: "2027-01-05T02:00:00.000Z", calendarDates: { from: "2027-01-01", to: "2027-01-01" } },
      }),
    ]);
    const timeline = (await worker.get(`/api/v1/appeals/${small}`)).json<{ timeline: { event: string; actorUsername: string; fromState: string; toState: string; dueMove: unknown }[] }>().timeline;
    expect(timeline.filter((h) => h.event === "recomputeDue")).toEqual([
      expect.objectContaining({ actorUsername: "system:calendar", fromState: "accepted", toState: "accepted", dueMove: { from: "2027-01-04T02:00:00.000Z", to: "2027-01-05T02:00:00.000Z" } }),
    ]);
    expect(timeline.filter((h) => h.event !== "recomputeDue").every((h) => h.dueMove === null)).toBe(true);
  });

  it("counts an entered 调休 Sunday, leaves the wall-clock deadline whose span it touches, and undoes a removed holiday", async () => {
    const sunday = await admin.put(DAYS, { days: [{ date: "2027-01-03", kind: "workday", name: FAKE }] });
    expect(sunday.json()).toMatchObject({ recomputed: { timers: 1, deadlines: 1 } });
    expect((await deadlines(small)).dueAt).toBe("2027-01-04T02:00:00.000Z"); // Thu 31, Sun 3, Mon 4
    expect((await deadlines(urgent)).dueAt).toBe("2027-01-02T17:30:00.000Z");
    const removed = await admin.del(`${DAYS}/2027-01-01`);
    expect(removed.json()).toEqual({ ok: true, recomputed: { timers: 1, deadlines: 1 } });
    expect((await deadlines(small)).timers[0]).toEqual({ what: "escalate", due: "2027-01-03T02:00:00.000Z", fired: false }); // Thu 31, Fri 1, Sun 3
    // Marking the year complete changes no day: nothing left to move.
    const done = await admin.put("/api/v1/calendar/years/2027/complete", { complete: true });
    expect(done.json()).toMatchObject({ coverage: "complete", recomputed: { timers: 0, deadlines: 0 } });
  });

  it("recomputes, on the next reload, deadlines a process computed with its stale copy after another process's write", async () => {
    const refresh = calendarRefreshTask({ db: ctx.db, clock: ctx.clock }, moduleWorkflows({ config: ctx.config }));
    await refresh();
    // Another app process enters Monday 4 January; this one has not reloaded and files with the old calendar.
    await ctx.db.execute(
      sql`INSERT INTO official_calendar_days (date, kind, name, created_at, updated_at) VALUES ('2027-01-04', 'holiday', ${FAKE}, now(), now())`,
    );
    const stale = await acceptedAppeal("environment"); // Saturday 23:30: Sun 3, Mon 4, Tue 5 at closing
    expect((await deadlines(stale)).dueAt).toBe("2027-01-05T09:30:00.000Z");
    ctx.clock.advance(60_000);
    await refresh();
    expect((await deadlines(stale)).dueAt).toBe("2027-01-06T09:30:00.000Z"); // Sun 3, Tue 5, Wed 6
    expect((await deadlines(small)).dueAt).toBe("2027-01-03T02:00:00.000Z"); // its span ends before the 4th
    const reloads = async () =>
      (await ctx.db.select().from(auditLog).where(eq(auditLog.action, "calendar.recompute"))).filter((a) => (a.after as { reason?: string } | null)?.reason === "reload");
    expect(await reloads()).toMatchObject([{ after: { reason: "reload", timers: 2, deadlines: 1 } }]);
    // Idempotent: the reload after that recomputes the same dates once more and moves nothing.
    ctx.clock.advance(60_000);
    await refresh();
    expect(await reloads()).toHaveLength(1);
  });

  it("counts both of two changes saved at once (on PostgreSQL, two transactions): each recompute sees the other", async () => {
    const [stale] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE due_at = '2027-01-06T09:30:00Z'`);
    const [a, b] = await Promise.all([
      admin.put(DAYS, { days: [{ date: "2027-01-05", kind: "holiday", name: FAKE }] }),
      admin.put(DAYS, { days: [{ date: "2027-01-06", kind: "holiday", name: FAKE }] }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    // Sun 3 (调休), then Mon 4, Tue 5 and Wed 6 off: Thu 7, Fri 8 at closing.
    expect((await deadlines(stale?.id ?? "")).dueAt).toBe("2027-01-08T09:30:00.000Z");
  });

  it("refuses, until confirmed, a change that pulls an open deadline into the past, and changes nothing meanwhile", async () => {
    await at("2027-01-07T12:00:00Z"); // Thursday 20:00
    const [stale] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM appeals WHERE due_at = '2027-01-08T09:30:00Z'`);
    const id = stale?.id ?? "";
    const before = await auditCount(ctx.db);
    // Without Wednesday 6 as a holiday the deadline is Thu 7 17:30, already behind the clock.
    const refused = await admin.del(`${DAYS}/2027-01-06`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: "CONFLICT", fields: { confirmOverdue: expect.stringContaining("1 个未到期的办理期限") } } });
    expect(await auditCount(ctx.db)).toBe(before);
    expect((await deadlines(id)).dueAt).toBe("2027-01-08T09:30:00.000Z");
    const year = (await admin.get("/api/v1/calendar/years/2027")).json<{ days: { date: string; kind: string | null }[] }>();
    expect(year.days.find((d) => d.date === "2027-01-06")).toMatchObject({ kind: "holiday" });

    const confirmed = await admin.del(`${DAYS}/2027-01-06?confirmOverdue=true`);
    expect(confirmed.statusCode).toBe(200);
    expect((await deadlines(id)).dueAt).toBe("2027-01-07T09:30:00.000Z");
    // A change that pulls nothing into the past needs no confirmation.
    const back = await admin.put(DAYS, { days: [{ date: "2027-01-06", kind: "holiday", name: FAKE }] });
    expect(back.statusCode).toBe(200);
    expect((await deadlines(id)).dueAt).toBe("2027-01-08T09:30:00.000Z");
  });
});
