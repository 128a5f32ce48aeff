import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type Client, type TestContext } from "../../../test/helpers/context.js";
import { auditCount, auditFor, uniqueName, unitByCode } from "../../../test/helpers/factories.js";
import { queryRows } from "../../db/client.js";
import { categoryId, gridByCode, key, multipart, type TestGrid } from "../appeals/appeals.testkit.js";
import type { CalendarYearView } from "../../../common/contract/calendar.contract.js";

// Every 2027 (and 2026 correction) day below is a MADE-UP FIXTURE for the test, not the State
// Council's notice: the real 2027 notice is not published yet.
const FAKE = "测试假日";

let ctx: TestContext;
let admin: Client;
let town: Client;
let grid: TestGrid;

beforeAll(async () => {
  ctx = await createTestContext({ config: { intakeLimits: { perDevicePer10Min: 1000, perGridPerHour: 1000 } } });
  grid = await gridByCode(ctx.db, "440514109210001");
  await at("2026-11-29T04:00:00Z");
});

/** Moves the clock and signs in again (a session does not survive a jump of months). */
async function at(instant: string): Promise<void> {
  ctx.clock.set(instant);
  [admin, town] = await Promise.all([ctx.login("admin"), ctx.login("hongchang")]);
}
afterAll(() => ctx.close());

const DAYS = "/api/v1/calendar/days";
const year = async (y: number) => (await admin.get(`/api/v1/calendar/years/${y}`)).json<CalendarYearView>();

/** A resident's report through the real intake path; returns its accept deadline. */
async function reportDueAt(): Promise<string> {
  const m = multipart({ t: grid.token, key: key(), category: await categoryId(ctx.db, "environment"), description: "水渠堵塞，农田进水" });
  const res = await ctx.app.inject({ method: "POST", url: `/r/${grid.code}`, payload: m.payload, headers: { ...m.headers, accept: "application/json" } });
  expect(res.statusCode).toBe(201);
  const { trackingCode } = res.json<{ trackingCode: string }>();
  const [row] = await queryRows<{ due_at: Date | string }>(ctx.db, sql`SELECT due_at FROM appeals WHERE tracking_code = ${trackingCode}`);
  return new Date(row?.due_at ?? 0).toISOString();
}

describe("coverage warning", () => {
  it("reports 2027 as uncovered on 2026-11-29 (chinese-days stops at 2026), and not on 2026-11-01", async () => {
    const res = await admin.get("/api/v1/calendar/status");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ today: "2026-11-29", packageLastYear: 2026, warnings: [{ year: 2027, coverage: "uncovered", startsInDays: 33 }] });
    // …and on the public health endpoint that monitoring polls.
    expect((await ctx.anon.get("/api/v1/health")).json()).toMatchObject({ status: "ok", warnings: [{ code: "calendarUncovered", year: 2027, coverage: "uncovered" }] });
    await at("2026-11-01T04:00:00Z");
    expect((await admin.get("/api/v1/calendar/status")).json()).toMatchObject({ warnings: [] });
    await at("2026-11-29T04:00:00Z");
  });

  it("is shown to whoever sees appeal deadlines (appeal.read), with the last date counted with a real calendar", async () => {
    const res = await town.get("/api/v1/calendar/deadline-coverage");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ warnings: [{ year: 2027, coverage: "uncovered", startsInDays: 33, coveredThrough: "2026-12-31" }] });
    expect((await ctx.anon.get("/api/v1/calendar/deadline-coverage")).statusCode).toBe(401);
    // A party member's account sees no appeals: 403.
    const village = await unitByCode(ctx.db, "440514109210");
    const username = uniqueName("dy");
    const grant = { role: "member", orgUnitId: village.id };
    expect((await admin.post("/api/v1/users", { username, displayName: "党员甲", password: "Zx-member-2026!", grant })).statusCode).toBe(201);
    const member = await ctx.login(username, "Zx-member-2026!");
    expect((await member.get("/api/v1/calendar/deadline-coverage")).statusCode).toBe(403);
  });
});

describe("entering days", () => {
  it("is for city admins only: a town admin gets 403, anonymous 401", async () => {
    expect((await town.get("/api/v1/calendar/years/2027")).statusCode).toBe(403);
    expect((await town.put(DAYS, { days: [{ date: "2027-02-08", kind: "holiday", name: FAKE }] })).statusCode).toBe(403);
    expect((await town.del(`${DAYS}/2027-02-08`)).statusCode).toBe(403);
    expect((await town.put("/api/v1/calendar/years/2027/complete", { complete: true })).statusCode).toBe(403);
    expect((await town.get("/api/v1/calendar/status")).statusCode).toBe(403);
    expect((await ctx.anon.get("/api/v1/calendar/status")).statusCode).toBe(401);
  });

  it("refuses bad dates, unknown kinds, a weekday workday and a date twice, naming the field; writes nothing", async () => {
    const before = await auditCount(ctx.db);
    const bad = await admin.put(DAYS, {
      days: [
        { date: "2027-02-30", kind: "holiday", name: FAKE },
        { date: "2027-02-08", kind: "vacation", name: FAKE },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "VALIDATION", fields: { "days.0.date": expect.stringContaining("YYYY-MM-DD"), "days.1.kind": expect.any(String) } } });
    const rules = await admin.put(
      DAYS,
      {
        days: [
          { date: "2027-02-08", kind: "holiday", name: FAKE }, // valid on its own: must not be written
          { date: "2027-02-09", kind: "workday", name: FAKE }, // a Tuesday
          { date: "2027-02-08", kind: "holiday", name: FAKE },
        ],
      },
      { "accept-language": "en" },
    );
    expect(rules.statusCode).toBe(400);
    expect(rules.json()).toMatchObject({
      error: {
        fields: {
          "days.1.kind": "2027-02-09 is a weekday and already a working day; only a Saturday or Sunday can be a make-up working day",
          "days.2.date": "2027-02-08 appears twice in this batch (same as row 1)",
        },
      },
    });
    expect((await admin.put(DAYS, { days: [] })).statusCode).toBe(400);
    expect((await admin.get("/api/v1/calendar/years/1999")).statusCode).toBe(400);
    expect(await auditCount(ctx.db)).toBe(before);
    expect((await year(2027)).days.filter((d) => d.source === "entered")).toEqual([]);
  });

  it("pushes an appeal's deadline past an entered holiday and onto an entered 调休 Saturday (real intake path)", async () => {
    // Friday 2027-02-05 17:15 in Shanghai; the accept rule is 0.5 working hours: 15 minutes
    // today, 15 the next working day.
    await at("2027-02-05T09:15:00Z");
    expect(await reportDueAt()).toBe("2027-02-08T00:45:00.000Z"); // Monday 08:45 (Mon–Fri: 2027 is uncovered)
    const saved = await admin.put(DAYS, {
      sourceNote: "测试用虚构通知",
      days: [
        { date: "2027-02-08", kind: "holiday", name: FAKE },
        { date: "2027-02-09", kind: "holiday", name: FAKE },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(await reportDueAt()).toBe("2027-02-10T00:45:00.000Z"); // Wednesday 08:45
    await admin.put(DAYS, { days: [{ date: "2027-02-06", kind: "workday", name: FAKE }] });
    expect(await reportDueAt()).toBe("2027-02-06T00:45:00.000Z"); // the made-up 调休 Saturday
    expect((await admin.del(`${DAYS}/2027-02-06`)).statusCode).toBe(200);
    expect(await reportDueAt()).toBe("2027-02-10T00:45:00.000Z");
    expect((await admin.del(`${DAYS}/2027-02-06`)).statusCode).toBe(404);
  });

  it("audits each write, shows the merged year with sources, and corrects a year the package covers", async () => {
    expect((await auditFor(ctx.db, "2027-02-06")).map((a) => [a.action, a.actorName])).toEqual([
      ["calendarDay.create", "admin"],
      ["calendarDay.delete", "admin"],
    ]);
    expect((await auditFor(ctx.db, "2027-02-08"))[0]).toMatchObject({ action: "calendarDay.create", after: { kind: "holiday", name: FAKE, sourceNote: "测试用虚构通知" } });
    const y = await year(2027);
    expect(y.coverage).toBe("entered");
    expect(y.days.map((d) => [d.date, d.source, d.working, d.packageWorking])).toEqual([
      ["2027-02-08", "entered", false, true],
      ["2027-02-09", "entered", false, true],
    ]);
    // A correction of 2026 (package data): the made-up entry wins; re-sending it changes nothing.
    const fix = { days: [{ date: "2026-10-08", kind: "workday", name: FAKE }] }; // 2026-10-08 is a Thursday
    expect((await admin.put(DAYS, fix)).statusCode).toBe(400);
    const sat = { days: [{ date: "2026-10-10", kind: "holiday", name: FAKE, sourceNote: "更正" }] };
    expect((await admin.put(DAYS, sat)).json()).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect((await admin.put(DAYS, sat)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const y26 = await year(2026);
    expect(y26.coverage).toBe("package");
    expect(y26.days.find((d) => d.date === "2026-10-10")).toMatchObject({ source: "entered", working: false, name: FAKE, sourceNote: "更正" });
    expect(y26.days.find((d) => d.date === "2026-02-17")).toMatchObject({ source: "package", working: false, kind: "holiday", name: "春节" });
    expect(y26.days.find((d) => d.date === "2026-02-14")).toMatchObject({ source: "package", working: true, kind: "workday" }); // 调休 Saturday
    const updated = await admin.put(DAYS, { days: [{ date: "2026-10-10", kind: "holiday", name: "更正后" }] });
    expect(updated.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect((await auditFor(ctx.db, "2026-10-10")).at(-1)).toMatchObject({ action: "calendarDay.update", before: { name: FAKE }, after: { name: "更正后" } });
  });

  it("marks a year complete (audited), which ends the warning; refuses an empty year", async () => {
    await at("2026-11-29T04:00:00Z");
    const empty = await admin.put("/api/v1/calendar/years/2028/complete", { complete: true });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { fields: { year: expect.stringContaining("2028") } } });
    const done = await admin.put("/api/v1/calendar/years/2027/complete", { complete: true, note: "已核对" });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ year: 2027, coverage: "complete", completeNote: "已核对" });
    expect((await admin.get("/api/v1/calendar/status")).json()).toMatchObject({ warnings: [] });
    expect((await ctx.anon.get("/api/v1/health")).json()).toMatchObject({ warnings: [] });
    const reopened = await admin.put("/api/v1/calendar/years/2027/complete", { complete: false });
    expect(reopened.json()).toMatchObject({ coverage: "entered", completedAt: null });
    expect((await admin.get("/api/v1/calendar/status")).json()).toMatchObject({ warnings: [{ year: 2027, coverage: "entered" }] });
    expect((await auditFor(ctx.db, "2027")).map((a) => a.action)).toEqual(["calendarYear.complete", "calendarYear.reopen"]);
  });
});
