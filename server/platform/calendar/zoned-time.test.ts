import { describe, expect, it } from "vitest";
import { addDays, fromLocal, fromLocalTimes, parseIsoDate, toLocal, weekday } from "./zoned-time.js";

const H = 3_600_000;

describe("toLocal", () => {
  it.each<[string, string, string, number]>([
    ["2025-03-02T16:30:00.000Z", "Asia/Shanghai", "2025-03-03", 0.5 * H],
    ["2025-03-02T16:30:00.000Z", "UTC", "2025-03-02", 16.5 * H],
    ["2025-12-31T16:00:00.000Z", "Asia/Shanghai", "2026-01-01", 0],
    ["2025-12-31T15:59:59.999Z", "Asia/Shanghai", "2025-12-31", 24 * H - 1],
    ["2025-03-09T07:30:00.000Z", "America/New_York", "2025-03-09", 3.5 * H],
  ])("%s in %s → %s + %i ms", (instant, zone, date, msOfDay) => {
    expect(toLocal(new Date(instant), zone)).toEqual({ date, msOfDay });
  });
});

describe("fromLocal", () => {
  it.each<[string, number, string, string]>([
    ["2025-03-03", 8.5 * H, "Asia/Shanghai", "2025-03-03T00:30:00.000Z"],
    ["2025-03-03", 24 * H, "Asia/Shanghai", "2025-03-03T16:00:00.000Z"],
    ["2025-03-03", 0, "UTC", "2025-03-03T00:00:00.000Z"],
    // New York springs forward at 02:00 → 03:00: 02:30 does not exist and moves forward an hour.
    ["2025-03-09", 2.5 * H, "America/New_York", "2025-03-09T07:30:00.000Z"],
    // New York falls back at 02:00 → 01:00: 01:30 happens twice; the first (EDT) is chosen.
    ["2025-11-02", 1.5 * H, "America/New_York", "2025-11-02T05:30:00.000Z"],
    // Berlin falls back at 03:00 → 02:00: 02:30 happens twice; the first (CEST) is chosen.
    ["2025-10-26", 2.5 * H, "Europe/Berlin", "2025-10-26T00:30:00.000Z"],
  ])("%s + %i ms in %s → %s", (date, ms, zone, expected) => {
    expect(fromLocal(date, ms, zone).toISOString()).toBe(expected);
  });

  it("agrees with fromLocalTimes on ordinary and DST days", () => {
    for (const [date, zone] of [
      ["2025-03-03", "Asia/Shanghai"],
      ["2025-03-09", "America/New_York"],
      ["2025-10-26", "Europe/Berlin"],
    ] as const) {
      const times = [0, 2.5 * H, 8.5 * H, 17.5 * H, 24 * H];
      expect(fromLocalTimes(date, times, zone)).toEqual(times.map((t) => fromLocal(date, t, zone).getTime()));
    }
  });

  it("round-trips with toLocal", () => {
    for (let ms = 0; ms < 24 * H; ms += 0.25 * H) {
      expect(toLocal(fromLocal("2026-02-17", ms, "Asia/Shanghai"), "Asia/Shanghai")).toEqual({
        date: "2026-02-17",
        msOfDay: ms,
      });
    }
  });
});

describe("date helpers", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("names weekdays with 0 = Sunday", () => {
    expect(weekday("2025-01-26")).toBe(0);
    expect(weekday("2025-03-03")).toBe(1);
    expect(weekday("2026-02-14")).toBe(6);
  });

  it.each(["2025-02-29", "2025-13-01", "2025-1-01", "20250101", ""])("refuses %j", (date) => {
    expect(() => parseIsoDate(date)).toThrow(RangeError);
  });
});
