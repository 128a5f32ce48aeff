import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCalendarDuration,
  addWorkingDays,
  addWorkingHours,
  endOfLocalDay,
  isWorkingDay,
  parseWorkday,
  workingMsBetween,
} from "./working-time.js";

const HOUR = 3_600_000;
const DAY_OF_WORK = 7 * HOUR; // 08:30–12:00 + 14:00–17:30

/** A Shanghai wall-clock time ("2025-01-24 10:00") as an instant; China is UTC+8 all year. */
function sh(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+08:00`);
}

/** An instant shown as Shanghai wall-clock time, "YYYY-MM-DD HH:MM[:SS.mmm]". */
function show(instant: Date): string {
  const text = new Date(instant.getTime() + 8 * HOUR).toISOString().replace("T", " ").replace("Z", "");
  return text.endsWith(":00.000") ? text.slice(0, 16) : text;
}

describe("isWorkingDay (Asia/Shanghai, process TZ=UTC)", () => {
  it.each<[string, boolean, string]>([
    ["2025-01-01", false, "元旦"],
    ["2025-01-26", true, "Sunday, 调休 before Spring Festival"],
    ["2025-01-27", true, "Monday"],
    ["2025-01-28", false, "春节 eve"],
    ["2025-02-03", false, "Monday in 春节"],
    ["2025-02-04", false, "last day of 春节"],
    ["2025-02-05", true, "Wednesday after 春节"],
    ["2025-02-08", true, "Saturday, 调休 after 春节"],
    ["2025-02-09", false, "Sunday"],
    ["2025-03-01", false, "ordinary Saturday"],
    ["2025-09-28", true, "Sunday, 调休 before 国庆"],
    ["2025-10-06", false, "中秋 inside 国庆"],
    ["2025-10-08", false, "Wednesday, last day of 国庆"],
    ["2025-10-09", true, "Thursday after 国庆"],
    ["2025-10-11", true, "Saturday, 调休 after 国庆"],
    ["2025-10-12", false, "Sunday"],
    ["2026-01-02", false, "Friday, 元旦"],
    ["2026-01-04", true, "Sunday, 调休 after 元旦"],
    ["2026-02-14", true, "Saturday, 调休 before 春节"],
    ["2026-02-16", false, "春节 eve"],
    ["2026-02-23", false, "Monday, last day of 春节"],
    ["2026-02-24", true, "Tuesday after 春节"],
    ["2026-02-28", true, "Saturday, 调休 after 春节"],
    ["2026-05-09", true, "Saturday, 调休 after 劳动节"],
    ["2026-09-20", true, "Sunday, 调休 before 国庆"],
    ["2026-10-07", false, "Wednesday, last day of 国庆"],
    ["2026-10-10", true, "Saturday, 调休 after 国庆"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
    expect(isWorkingDay(sh(`${date} 00:00`))).toBe(expected);
    expect(isWorkingDay(sh(`${date} 23:59`))).toBe(expected);
  });

  it("reads the day in the given zone, not in UTC", () => {
    const mondayEarly = new Date("2025-03-02T16:30:00Z"); // Monday 00:30 in Shanghai, Sunday in UTC
    expect(isWorkingDay(mondayEarly)).toBe(true);
    expect(isWorkingDay(mondayEarly, "UTC")).toBe(false);
    expect(isWorkingDay(new Date("2025-10-08T15:59:59.999Z"))).toBe(false); // 国庆 23:59:59.999
    expect(isWorkingDay(new Date("2025-10-08T16:00:00.000Z"))).toBe(true); // Thursday 00:00
  });

  it("accepts an injected calendar and refuses bad input", () => {
    expect(isWorkingDay("2025-10-01", "Asia/Shanghai", { isWorkingDate: () => true })).toBe(true);
    expect(() => isWorkingDay("2025-02-30")).toThrow(RangeError);
    expect(() => isWorkingDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isWorkingDay(new Date(0), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("addWorkingDays", () => {
  it.each<[string, number, string, string]>([
    ["2025-03-03 10:15", 1, "2025-03-04 10:15", "inside hours: same clock time next working day"],
    ["2025-03-03 10:15", 5, "2025-03-10 10:15", "over a weekend"],
    ["2025-03-03 12:30", 1, "2025-03-04 12:30", "lunch break counts as inside"],
    ["2025-03-03 08:30", 1, "2025-03-04 08:30", "at opening is inside"],
    ["2025-03-03 07:00", 1, "2025-03-03 17:30", "before opening: that day is day 1"],
    ["2025-03-03 07:00", 3, "2025-03-05 17:30", "before opening, 3 days"],
    ["2025-03-03 17:30", 1, "2025-03-04 17:30", "at closing is outside"],
    ["2025-03-03 20:00", 1, "2025-03-04 17:30", "after hours"],
    ["2025-03-01 10:00", 1, "2025-03-03 17:30", "ordinary Saturday"],
    ["2025-01-24 10:00", 1, "2025-01-26 10:00", "Friday → 调休 Sunday"],
    ["2025-01-24 10:00", 2, "2025-01-27 10:00", "then Monday"],
    ["2025-01-24 10:00", 3, "2025-02-05 10:00", "across Spring Festival 2025"],
    ["2025-01-24 10:00", 7, "2025-02-10 10:00", "including the 调休 Saturday 02-08"],
    ["2025-09-30 16:00", 1, "2025-10-09 16:00", "across National Day 2025"],
    ["2025-09-30 16:00", 3, "2025-10-11 16:00", "onto the 调休 Saturday 10-11"],
    ["2025-10-03 10:00", 3, "2025-10-11 17:30", "starting on a holiday"],
    ["2025-12-31 15:00", 1, "2026-01-04 15:00", "across New Year 2026 onto 调休 Sunday"],
    ["2026-02-13 17:45", 1, "2026-02-14 17:30", "after hours → 调休 Saturday 2026-02-14"],
    ["2026-02-13 17:45", 2, "2026-02-24 17:30", "across Spring Festival 2026"],
    ["2026-09-30 09:00", 3, "2026-10-10 09:00", "across National Day 2026 onto 调休 Saturday"],
  ])("%s + %i → %s (%s)", (start, n, expected) => {
    expect(show(addWorkingDays(sh(start), n))).toBe(expected);
  });

  it("uses Shanghai's day and hours when the UTC date differs", () => {
    // Monday 00:30 in Shanghai (Sunday 16:30 UTC): before opening, so Monday is day 1.
    expect(addWorkingDays(new Date("2025-03-02T16:30:00Z"), 1).toISOString()).toBe("2025-03-03T09:30:00.000Z");
  });

  it("keeps seconds and milliseconds of the start", () => {
    expect(addWorkingDays(new Date("2025-03-03T02:15:07.123Z"), 1).toISOString()).toBe("2025-03-04T02:15:07.123Z");
  });

  it("follows custom working hours", () => {
    const options = { workday: ["09:00", "18:00"] };
    expect(show(addWorkingDays(sh("2025-03-03 08:45"), 1, "Asia/Shanghai", options))).toBe("2025-03-03 18:00");
    expect(show(addWorkingDays(sh("2025-03-03 17:45"), 1, "Asia/Shanghai", options))).toBe("2025-03-04 17:45");
  });

  it("returns the start for n = 0 and refuses negative or fractional n", () => {
    const start = sh("2025-10-01 10:00");
    expect(addWorkingDays(start, 0)).toEqual(start);
    expect(() => addWorkingDays(start, -1)).toThrow(RangeError);
    expect(() => addWorkingDays(start, 1.5)).toThrow(RangeError);
  });

  it("gives up on a calendar without working days", () => {
    expect(() => addWorkingDays(sh("2025-03-03 10:00"), 1, "Asia/Shanghai", { isWorkingDate: () => false })).toThrow(
      /no working day/,
    );
  });
});

describe("addWorkingHours", () => {
  it.each<[string, number, string, string]>([
    ["2025-03-03 09:00", 2, "2025-03-03 11:00", "within the morning"],
    ["2025-03-03 11:00", 1, "2025-03-03 12:00", "ending on the period's end stays there"],
    ["2025-03-03 11:00", 2, "2025-03-03 15:00", "skips lunch"],
    ["2025-03-03 12:30", 1, "2025-03-03 15:00", "starting in lunch waits for 14:00"],
    ["2025-03-03 07:00", 0.5, "2025-03-03 09:00", "before opening"],
    ["2025-03-03 17:30", 0.25, "2025-03-04 08:45", "at closing"],
    ["2025-01-24 16:30", 2, "2025-01-26 09:30", "Friday → 调休 Sunday"],
    ["2025-10-01 09:00", 1, "2025-10-09 09:30", "starting on National Day"],
    ["2026-02-13 17:00", 7.5, "2026-02-14 17:30", "onto the end of 调休 Saturday"],
    ["2026-02-13 17:00", 8, "2026-02-24 09:00", "across Spring Festival 2026"],
  ])("%s + %fh → %s (%s)", (start, hours, expected) => {
    expect(show(addWorkingHours(sh(start), hours))).toBe(expected);
  });

  it("follows custom working hours and calendars", () => {
    expect(show(addWorkingHours(sh("2025-03-03 17:00"), 2, "Asia/Shanghai", { workday: ["09:00", "18:00"] }))).toBe(
      "2025-03-04 10:00",
    );
    const allDay = { workday: ["00:00", "24:00"], isWorkingDate: () => true };
    const start = sh("2025-10-01 23:00");
    expect(addWorkingHours(start, 30, "Asia/Shanghai", allDay)).toEqual(addCalendarDuration(start, 30 * HOUR));
  });

  it("returns the start for 0 hours and refuses negative or infinite hours", () => {
    const start = sh("2025-10-01 23:00");
    expect(addWorkingHours(start, 0)).toEqual(start);
    expect(() => addWorkingHours(start, -1)).toThrow(RangeError);
    expect(() => addWorkingHours(start, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("workingMsBetween", () => {
  it.each<[string, string, number, string]>([
    ["2025-01-24 17:00", "2025-01-26 09:00", 1 * HOUR, "Friday evening to 调休 Sunday morning"],
    ["2026-02-13 17:00", "2026-02-24 09:00", 8 * HOUR, "across Spring Festival 2026"],
    ["2026-02-24 09:00", "2026-02-13 17:00", -8 * HOUR, "negative when reversed"],
    ["2025-03-03 00:00", "2025-03-10 00:00", 5 * DAY_OF_WORK, "an ordinary week"],
    ["2025-10-01 00:00", "2025-10-08 23:59", 0, "National Day 2025"],
    ["2025-03-03 12:10", "2025-03-03 13:50", 0, "inside lunch"],
    ["2025-03-03 10:00", "2025-03-03 10:00", 0, "same instant"],
  ])("%s → %s = %i ms (%s)", (a, b, expected) => {
    expect(workingMsBetween(sh(a), sh(b))).toBe(expected);
  });
});

describe("calendar limits", () => {
  it("addCalendarDuration counts wall-clock time, nights and holidays included", () => {
    expect(show(addCalendarDuration(sh("2025-10-01 23:00"), 2 * HOUR))).toBe("2025-10-02 01:00");
    expect(() => addCalendarDuration(sh("2025-10-01 23:00"), Number.NaN)).toThrow(RangeError);
  });

  it.each<[string, string, string]>([
    ["2025-03-03T20:00:00.000Z", "Asia/Shanghai", "2025-03-04T15:59:59.999Z"],
    ["2025-03-03T15:59:59.999Z", "Asia/Shanghai", "2025-03-03T15:59:59.999Z"],
    ["2025-03-03T16:00:00.000Z", "Asia/Shanghai", "2025-03-04T15:59:59.999Z"],
    ["2025-03-03T20:00:00.000Z", "UTC", "2025-03-03T23:59:59.999Z"],
  ])("endOfLocalDay(%s, %s) = %s", (start, zone, expected) => {
    expect(endOfLocalDay(new Date(start), zone).toISOString()).toBe(expected);
  });
});

describe("parseWorkday", () => {
  it("parses pairs into milliseconds since midnight", () => {
    expect(parseWorkday(["08:30", "12:00", "14:00", "17:30"])).toEqual([
      [510 * 60_000, 720 * 60_000],
      [840 * 60_000, 1050 * 60_000],
    ]);
  });

  it.each([
    [[]],
    [["08:30"]],
    [["12:00", "08:30"]],
    [["08:30", "12:00", "11:00", "17:30"]],
    [["8:30", "12:00"]],
    [["08:30", "24:01"]],
  ])("refuses %j", (workday) => {
    expect(() => parseWorkday(workday)).toThrow(RangeError);
  });
});

describe("properties (2025–2026, the years with holiday data)", () => {
  const start = fc
    .integer({ min: Date.parse("2025-01-01T00:00:00+08:00"), max: Date.parse("2026-11-30T00:00:00+08:00") })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));

  it("n working days always grant exactly n × 7 hours of working time", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 15 }), (s, n) => {
        return workingMsBetween(s, addWorkingDays(s, n)) === n * DAY_OF_WORK;
      }),
      { numRuns: 300, seed: 20250101 },
    );
  });

  it("addWorkingHours and workingMsBetween agree", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 160 }), (s, quarters) => {
        const hours = quarters / 4;
        const end = addWorkingHours(s, hours);
        return end.getTime() > s.getTime() && workingMsBetween(s, end) === hours * HOUR;
      }),
      { numRuns: 300, seed: 20260101 },
    );
  });
});
