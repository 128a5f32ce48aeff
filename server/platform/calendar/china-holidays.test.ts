import chineseDays from "chinese-days";
import { afterEach, describe, expect, it } from "vitest";
import { chinaDayName, chinaHolidayDataCovers, chinaHolidayDataRange, isChinaWorkingDate } from "./china-holidays.js";

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("China's official calendar", () => {
  it.each<[string, boolean, string | undefined]>([
    ["2025-01-26", true, "春节"],
    ["2025-01-28", false, "春节"],
    ["2025-10-06", false, "中秋"],
    ["2025-10-11", true, "国庆节"],
    ["2025-03-03", true, undefined],
    ["2025-03-01", false, undefined],
  ])("%s: working %s, named %s", (date, working, name) => {
    expect(isChinaWorkingDate(date)).toBe(working);
    expect(chinaDayName(date)).toBe(name);
  });

  it("knows holidays for 2004–2026 only (chinese-days 1.5.7)", () => {
    expect(chinaHolidayDataRange()).toEqual({ firstYear: 2004, lastYear: 2026 });
    expect(chinaHolidayDataCovers(2026)).toBe(true);
    expect(chinaHolidayDataCovers(2027)).toBe(false);
    // Outside the data the package silently treats New Year's Day as an ordinary Friday.
    expect(isChinaWorkingDate("2027-01-01")).toBe(true);
  });

  it("reads the intended day whatever the process time zone", () => {
    process.env.TZ = "America/Los_Angeles";
    expect(new Date(Date.UTC(2025, 0, 26)).getDate()).toBe(25); // the process really is west of UTC
    expect(isChinaWorkingDate("2025-01-26")).toBe(true); // 调休 Sunday
    expect(isChinaWorkingDate("2025-01-27")).toBe(true);
    expect(isChinaWorkingDate("2025-01-28")).toBe(false);
    // The package's own string parsing is off by one day there, which is why we never use it.
    expect(chineseDays.isWorkday("2025-01-28")).toBe(true);
  });
});
