import { describe, expect, it } from "vitest";
import { weekday, type IsoDate } from "../platform/calendar/zoned-time.js";
import type { WorkingTimeOptions } from "../platform/calendar/working-time.js";
import {
  changedDates,
  countsWorkingTime,
  dueOfBasis,
  planRecompute,
  searchWindow,
  spanTouches,
  type PendingTimer,
  type TimerBasisRule,
} from "./timer-basis.js";

// Made-up calendars for the test (not the State Council's 2027 notice, which is not published).
const monFri = (d: IsoDate): boolean => weekday(d) !== 0 && weekday(d) !== 6;
const plain: WorkingTimeOptions = { isWorkingDate: monFri };
/** Monday 2027-02-08 a holiday, Saturday 2027-02-06 a make-up working day. */
const withNotice: WorkingTimeOptions = { isWorkingDate: (d) => d === "2027-02-06" || (d !== "2027-02-08" && monFri(d)) };

const TZ = "Asia/Shanghai";
const rule = (r: Partial<TimerBasisRule>): TimerBasisRule => ({ unit: "workingDays", amount: 1, extraWorkingDays: 0, sharePercent: null, timeZone: TZ, ...r });

/** A pending timer as the old (Mon–Fri) calendar computed it. */
function timer(id: string, r: TimerBasisRule, start: string): PendingTimer {
  const s = new Date(start);
  const { due, end } = dueOfBasis(r, s, plain);
  return { id, workflow: "appeal", entityId: `e-${id}`, state: "accepted", dueAt: due, basisStart: s, basisEnd: end, rule: r };
}

describe("dueOfBasis", () => {
  it("counts working days with the given calendar, adds extension days, and puts a warning at its share of the span", () => {
    const start = new Date("2027-02-05T02:00:00Z"); // Friday 10:00 in Shanghai
    expect(dueOfBasis(rule({}), start, plain).due.toISOString()).toBe("2027-02-08T02:00:00.000Z");
    expect(dueOfBasis(rule({}), start, withNotice).due.toISOString()).toBe("2027-02-06T02:00:00.000Z");
    expect(dueOfBasis(rule({ extraWorkingDays: 1 }), start, withNotice).end.toISOString()).toBe("2027-02-09T02:00:00.000Z");
    const half = dueOfBasis(rule({ sharePercent: 50 }), start, plain);
    expect(half.end.toISOString()).toBe("2027-02-08T02:00:00.000Z");
    expect(half.due.toISOString()).toBe("2027-02-06T14:00:00.000Z");
  });
});

describe("which timers a change touches", () => {
  it("reads the span in local dates: 04:00 on Monday in Shanghai is Sunday in UTC", () => {
    const start = new Date("2027-02-07T20:00:00Z");
    expect(spanTouches(start, start, TZ, new Set(["2027-02-08"]))).toBe(true);
    expect(spanTouches(start, start, TZ, new Set(["2027-02-07"]))).toBe(false);
  });

  it("knows wall-clock rules never consult the calendar, unless an extension in working days was added", () => {
    expect(countsWorkingTime(rule({ unit: "calendarMinutes", amount: 120 }))).toBe(false);
    expect(countsWorkingTime(rule({ unit: "sameDay" }))).toBe(false);
    expect(countsWorkingTime(rule({ unit: "calendarMinutes", extraWorkingDays: 2 }))).toBe(true);
    expect(countsWorkingTime(rule({ unit: "workingHours" }))).toBe(true);
  });

  it("searches a window a day wider than the dates each side", () => {
    expect(searchWindow(new Set())).toBeNull();
    const w = searchWindow(new Set(["2027-02-09", "2027-02-06"]));
    expect([w?.from.toISOString(), w?.to.toISOString()]).toEqual(["2027-02-05T00:00:00.000Z", "2027-02-11T00:00:00.000Z"]);
  });

  it("tells added, changed and removed entries apart from unchanged ones", () => {
    const before = new Map([["2027-01-01", "holiday"], ["2027-02-06", "workday"], ["2027-02-08", "holiday"]]);
    const after = new Map([["2027-01-01", "holiday"], ["2027-02-08", "workday"], ["2027-02-10", "holiday"]]);
    expect([...changedDates(before, after)].sort()).toEqual(["2027-02-06", "2027-02-08", "2027-02-10"]);
  });
});

describe("planRecompute", () => {
  const friday = "2027-02-05T02:00:00Z";
  const dates = new Set(["2027-02-06", "2027-02-08"]);

  it("moves a working-day deadline and its warning; leaves wall-clock, untouched and unchanged timers", () => {
    const timers = [
      timer("days", rule({ amount: 2 }), friday), // Mon–Fri: Tuesday; with the notice: Monday off, Saturday on → Tuesday again
      timer("one", rule({}), friday), // Monday → Saturday
      timer("yellow", rule({ sharePercent: 50 }), friday),
      timer("urgent", rule({ unit: "calendarMinutes", amount: 120 }), friday),
      timer("today", rule({ unit: "sameDay" }), friday),
      timer("later", rule({}), "2027-02-15T02:00:00Z"),
    ];
    const moved = planRecompute(timers, dates, withNotice);
    expect(moved.map((m) => [m.id, m.newDue.toISOString(), m.isDeadline])).toEqual([
      ["one", "2027-02-06T02:00:00.000Z", true],
      ["yellow", "2027-02-05T14:00:00.000Z", false],
    ]);
    expect(moved[0]?.oldDue.toISOString()).toBe("2027-02-08T02:00:00.000Z");
  });

  it("moves a deadline later when a day in its span becomes a holiday, by one working day", () => {
    const holiday: WorkingTimeOptions = { isWorkingDate: (d) => d !== "2027-02-09" && monFri(d) };
    const t = timer("hours", rule({ unit: "workingHours", amount: 7 }), "2027-02-08T03:00:00Z"); // Monday 11:00 + one 7-hour working day
    expect(t.dueAt.toISOString()).toBe("2027-02-09T03:00:00.000Z"); // Tuesday 11:00
    const [m] = planRecompute([t], new Set(["2027-02-09"]), holiday);
    expect(m?.newDue.toISOString()).toBe("2027-02-10T03:00:00.000Z"); // Wednesday 11:00
  });

  it("is idempotent: recomputing with the calendar the timer already follows moves nothing", () => {
    const t = timer("one", rule({}), friday);
    const [m] = planRecompute([t], dates, withNotice);
    const fixed = { ...t, dueAt: m?.newDue ?? t.dueAt, basisEnd: m?.newEnd ?? t.basisEnd };
    expect(planRecompute([fixed], dates, withNotice)).toEqual([]);
  });
});
