import { describe, expect, it } from "vitest";
import { batchProblems, buildOfficialCalendar, chineseDaysPackage, coverageWarnings, resolveYear, type OfficialDay, type PackageCalendar } from "./official-calendar.js";
import { addWorkingDays } from "./working-time.js";

// MADE-UP FIXTURES, not any real notice: a fake package that "covers" only 2030, with one
// holiday (2030-03-04, a Monday) and one make-up Saturday (2030-03-09).
const fakePackage: PackageCalendar = {
  covers: (year) => year === 2030,
  isWorkingDate: (date) => {
    if (date === "2030-03-04") return false;
    if (date === "2030-03-09") return true;
    const d = new Date(`${date}T00:00:00Z`).getUTCDay();
    return d !== 0 && d !== 6;
  },
  dayName: (date) => (date === "2030-03-04" || date === "2030-03-09" ? "假节" : undefined),
};

// Made-up entered days in a year the fake package does not cover (2031) and one correction in 2030.
const entered: OfficialDay[] = [
  { date: "2031-02-03", kind: "holiday", name: "假节甲" }, // a Monday
  { date: "2031-02-08", kind: "workday", name: "假节甲" }, // a Saturday
  { date: "2030-03-04", kind: "workday", name: "更正" }, // corrects the package's holiday
];

describe("the official calendar resolver", () => {
  const cal = buildOfficialCalendar(entered, [2031], fakePackage);

  it.each([
    // date, working, kind, name, source
    ["2031-02-03", false, "holiday", "假节甲", "entered"],
    ["2031-02-08", true, "workday", "假节甲", "entered"],
    ["2030-03-04", true, "workday", "更正", "entered"], // the entry wins over the package
    ["2030-03-09", true, "workday", "假节", "package"],
    ["2030-03-05", true, null, null, "package"],
    ["2030-03-10", false, null, null, "package"],
    ["2031-02-04", true, null, null, "weekday"], // not entered, not in the package: Mon–Fri
    ["2031-02-09", false, null, null, "weekday"],
    ["2032-01-01", true, null, null, "weekday"], // a Thursday nobody entered
  ] as const)("%s → working %s (%s %s, from %s)", (date, working, kind, name, source) => {
    expect(cal.resolve(date)).toEqual({ date, working, kind, name, source });
    expect(cal.isWorkingDate(date)).toBe(working);
  });

  it("reports each year's coverage", () => {
    expect(cal.coverage(2030)).toBe("package");
    expect(cal.coverage(2031)).toBe("complete");
    expect(cal.coverage(2032)).toBe("uncovered");
    const partial = buildOfficialCalendar(entered, [], fakePackage);
    expect(partial.coverage(2031)).toBe("entered");
    expect(buildOfficialCalendar([], [2030], fakePackage).coverage(2030)).toBe("complete");
  });

  it("warns about this year when uncovered and next year from 60 days before it", () => {
    const none = buildOfficialCalendar([], [], fakePackage);
    expect(coverageWarnings("2029-11-01", none)).toEqual([{ year: 2029, coverage: "uncovered", startsInDays: -304 }]);
    // 2030 starts in 60 days but the package covers it: only 2029 is reported.
    expect(coverageWarnings("2029-11-02", none)).toEqual([{ year: 2029, coverage: "uncovered", startsInDays: -305 }]);
    expect(coverageWarnings("2030-11-01", none)).toEqual([]); // 2031 starts in 61 days
    expect(coverageWarnings("2030-11-02", none)).toEqual([{ year: 2031, coverage: "uncovered", startsInDays: 60 }]);
    const partial = buildOfficialCalendar(entered, [], fakePackage);
    expect(coverageWarnings("2030-12-31", partial)).toEqual([{ year: 2031, coverage: "entered", startsInDays: 1 }]);
    expect(coverageWarnings("2030-12-31", cal)).toEqual([]);
  });

  it("pushes a working-day deadline past an entered holiday", () => {
    // Friday 2031-01-31 10:00 in Shanghai + 1 working day: Monday 2031-02-03 is an entered holiday.
    const start = new Date("2031-01-31T02:00:00Z");
    expect(addWorkingDays(start, 1, "Asia/Shanghai", { isWorkingDate: buildOfficialCalendar([], [], fakePackage).isWorkingDate }).toISOString()).toBe("2031-02-03T02:00:00.000Z");
    expect(addWorkingDays(start, 1, "Asia/Shanghai", { isWorkingDate: cal.isWorkingDate }).toISOString()).toBe("2031-02-04T02:00:00.000Z");
  });

  it("lists a year's days in order", () => {
    const days = resolveYear(cal, 2031);
    expect(days).toHaveLength(365);
    expect(days[0]?.date).toBe("2031-01-01");
    expect(days.at(-1)?.date).toBe("2031-12-31");
    expect(days.filter((d) => d.source === "entered").map((d) => d.date)).toEqual(["2031-02-03", "2031-02-08"]);
  });
});

describe("a batch of entered days", () => {
  it("refuses a date twice and a make-up workday on a weekday, naming the row's field", () => {
    expect(
      batchProblems([
        { date: "2031-02-03", kind: "holiday" },
        { date: "2031-02-04", kind: "workday" }, // a Tuesday
        { date: "2031-02-03", kind: "holiday" },
      ]),
    ).toEqual([
      { field: "days.1.kind", key: "calendar.workdayOnWeekday", params: { date: "2031-02-04" } },
      { field: "days.2.date", key: "calendar.duplicateDate", params: { date: "2031-02-03", row: 1 } },
    ]);
    expect(batchProblems([{ date: "2031-02-08", kind: "workday" }, { date: "2031-02-05", kind: "holiday" }])).toEqual([]);
  });
});

describe("with the real package (data through 2026)", () => {
  const cal = buildOfficialCalendar([], []);
  it("follows chinese-days where it has data and reports 2027 uncovered", () => {
    expect(cal.resolve("2025-01-28")).toMatchObject({ working: false, kind: "holiday", name: "春节", source: "package" });
    expect(cal.resolve("2025-01-26")).toMatchObject({ working: true, kind: "workday", source: "package" }); // 调休 Sunday
    expect(cal.coverage(2026)).toBe("package");
    expect(cal.coverage(2027)).toBe("uncovered");
    expect(cal.resolve("2027-01-01")).toMatchObject({ working: true, source: "weekday" });
    expect(chineseDaysPackage.covers(2027)).toBe(false);
    // Today (2026-11-29) is within 60 days of 2027: the warning must show.
    expect(coverageWarnings("2026-11-29", cal)).toEqual([{ year: 2027, coverage: "uncovered", startsInDays: 33 }]);
  });
});
