/**
 * China's official working-day calendar (State Council holiday notices, including 调休 make-up
 * working days on weekends), from the `chinese-days` package.
 *
 * The package only knows the years it was published with (2004–2026 in 1.5.7). For any other
 * year it silently falls back to Monday–Friday, so Spring Festival would count as working days:
 * check chinaHolidayDataCovers() (e.g. at start-up or in a health page) and update the package
 * when the State Council publishes the next year's notice, usually in November.
 */
import chineseDays from "chinese-days";
import { parseIsoDate, type IsoDate } from "./zoned-time.js";

/** True when `date` (a date in China) is a working day: a weekday that is not a holiday, or a 调休 day. */
export function isChinaWorkingDate(date: IsoDate): boolean {
  return chineseDays.isWorkday(processLocalNoon(date));
}

/** The holiday or make-up day's name (e.g. `春节`), or undefined on an ordinary day. */
export function chinaDayName(date: IsoDate): string | undefined {
  const detail = chineseDays.getDayDetail(processLocalNoon(date));
  // Named days look like "Spring Festival,春节,4"; ordinary days carry the English weekday name.
  const parts = detail.name.split(",");
  return parts.length >= 2 ? parts[1] : undefined;
}

/** True when the package has holiday data for `year` (every covered year lists 元旦). */
export function chinaHolidayDataCovers(year: number): boolean {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return false;
  return chinaDayName(`${year}-01-01`) === "元旦";
}

/** The first and last year with holiday data, scanning 1990–2100. */
export function chinaHolidayDataRange(): { firstYear: number; lastYear: number } | undefined {
  let firstYear: number | undefined;
  let lastYear: number | undefined;
  for (let year = 1990; year <= 2100; year++) {
    if (!chinaHolidayDataCovers(year)) continue;
    firstYear ??= year;
    lastYear = year;
  }
  return firstYear !== undefined && lastYear !== undefined ? { firstYear, lastYear } : undefined;
}

// chinese-days reads dates through the process-local getters (getFullYear, getDay) and parses
// "YYYY-MM-DD" strings as UTC, which lands on the previous day west of Greenwich. A Date built
// from local fields at noon reads back as the intended day in every process time zone.
function processLocalNoon(date: IsoDate): Date {
  const [year, month, day] = parseIsoDate(date);
  return new Date(year, month - 1, day, 12);
}
