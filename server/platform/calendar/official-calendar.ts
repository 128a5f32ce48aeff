/**
 * The working-day calendar deadlines are counted with, pure: the chinese-days package
 * (china-holidays.ts) overlaid with the official days the city entered (migration 0039).
 *
 * - An entered day wins over the package for its date, also in a year the package covers
 *   (a correction).
 * - A date that is not entered follows the package when the package covers its year, else
 *   Monday–Friday, and that year is reported as uncovered until the city marks it complete.
 */
import type { DaySource, OfficialDayKind, YearCoverage } from "../../../common/calendar.js";
import { COVERAGE_WARNING_DAYS } from "../../../common/calendar.js";
import { chinaDayName, chinaHolidayDataCovers, isChinaWorkingDate } from "./china-holidays.js";
import { addDays, parseIsoDate, weekday, type IsoDate } from "./zoned-time.js";

/** A day as the city entered it. */
export interface OfficialDay {
  date: IsoDate;
  kind: OfficialDayKind;
  name: string;
}

/** What the resolver needs from the holiday package (a fake one in tests). */
export interface PackageCalendar {
  covers(year: number): boolean;
  isWorkingDate(date: IsoDate): boolean;
  dayName(date: IsoDate): string | undefined;
}

export const chineseDaysPackage: PackageCalendar = {
  covers: chinaHolidayDataCovers,
  isWorkingDate: isChinaWorkingDate,
  dayName: chinaDayName,
};

export interface ResolvedDay {
  date: IsoDate;
  working: boolean;
  /** `holiday` / `workday` when the day differs from the plain week or is named; else null. */
  kind: OfficialDayKind | null;
  name: string | null;
  source: DaySource;
}

export interface OfficialCalendar {
  isWorkingDate(date: IsoDate): boolean;
  resolve(date: IsoDate): ResolvedDay;
  coverage(year: number): YearCoverage;
}

const isWeekend = (date: IsoDate): boolean => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

/** The calendar from the package, the entered days and the years the city marked complete. */
export function buildOfficialCalendar(
  entered: readonly OfficialDay[],
  completeYears: readonly number[],
  pkg: PackageCalendar = chineseDaysPackage,
): OfficialCalendar {
  const byDate = new Map(entered.map((d) => [d.date, d]));
  const enteredYears = new Set(entered.map((d) => yearOf(d.date)));
  const complete = new Set(completeYears);
  // covers() reads the package per call; deadlines ask for the same few years over and over.
  const packageYears = new Map<number, boolean>();
  const packageCovers = (year: number): boolean => {
    let c = packageYears.get(year);
    if (c === undefined) {
      c = pkg.covers(year);
      packageYears.set(year, c);
    }
    return c;
  };

  const resolve = (date: IsoDate): ResolvedDay => {
    const e = byDate.get(date);
    if (e) return { date, working: e.kind === "workday", kind: e.kind, name: e.name, source: "entered" };
    if (packageCovers(yearOf(date))) {
      const working = pkg.isWorkingDate(date);
      const name = pkg.dayName(date) ?? null;
      const differs = working === isWeekend(date);
      const kind: OfficialDayKind | null = differs || name ? (working ? "workday" : "holiday") : null;
      return { date, working, kind, name, source: "package" };
    }
    return { date, working: !isWeekend(date), kind: null, name: null, source: "weekday" };
  };

  return {
    resolve,
    isWorkingDate: (date) => {
      const e = byDate.get(date);
      if (e) return e.kind === "workday";
      return packageCovers(yearOf(date)) ? pkg.isWorkingDate(date) : !isWeekend(date);
    },
    coverage: (year) => {
      if (complete.has(year)) return "complete";
      if (packageCovers(year)) return "package";
      if (enteredYears.has(year)) return "entered";
      return "uncovered";
    },
  };
}

/** True when deadlines in `year` are counted with a real calendar. */
export function isCovered(coverage: YearCoverage): boolean {
  return coverage === "complete" || coverage === "package";
}

export interface CoverageWarning {
  year: number;
  coverage: YearCoverage;
  /** Days from `today` to 1 January of `year` (0 or less: the year has begun). */
  startsInDays: number;
}

/**
 * The years whose calendar is missing and matters now: this year when not covered, and next
 * year from COVERAGE_WARNING_DAYS before its start.
 */
export function coverageWarnings(today: IsoDate, calendar: Pick<OfficialCalendar, "coverage">): CoverageWarning[] {
  const year = yearOf(today);
  const out: CoverageWarning[] = [];
  for (const y of [year, year + 1]) {
    const startsInDays = daysBetween(today, `${y}-01-01`);
    if (startsInDays > COVERAGE_WARNING_DAYS) continue;
    const coverage = calendar.coverage(y);
    if (!isCovered(coverage)) out.push({ year: y, coverage, startsInDays });
  }
  return out;
}

/** Every date of `year`, resolved (for the year view). */
export function resolveYear(calendar: OfficialCalendar, year: number): ResolvedDay[] {
  const out: ResolvedDay[] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) out.push(calendar.resolve(d));
  return out;
}

export interface DayProblem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/**
 * What zod cannot see in a batch of days: a date twice, and a 调休 `workday` on a weekday (a
 * weekday is already a working day; the notice only makes weekends into working days).
 */
export function batchProblems(days: readonly Pick<OfficialDay, "date" | "kind">[], path = "days"): DayProblem[] {
  const problems: DayProblem[] = [];
  const seen = new Map<IsoDate, number>();
  days.forEach((d, i) => {
    const first = seen.get(d.date);
    if (first !== undefined) problems.push({ field: `${path}.${i}.date`, key: "calendar.duplicateDate", params: { date: d.date, row: first + 1 } });
    else seen.set(d.date, i);
    if (d.kind === "workday" && !isWeekend(d.date)) problems.push({ field: `${path}.${i}.kind`, key: "calendar.workdayOnWeekday", params: { date: d.date } });
  });
  return problems;
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date)[0];
}

function daysBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = parseIsoDate(a);
  const [by, bm, bd] = parseIsoDate(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}
