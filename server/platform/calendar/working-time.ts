/**
 * Business time for service-level deadlines (PRACTICE §5.6, §6.6): working days follow China's
 * official calendar with 调休, working hours come from options, and every local reading uses an
 * explicit IANA zone (default Asia/Shanghai), never the process TZ. All functions are pure.
 *
 * Deadline rules:
 * - addWorkingDays: a start inside the working span of a working day (opening ≤ t < closing,
 *   the lunch break included) is due at the same local clock time on the n-th following working
 *   day. A start outside it (before opening, at or after closing, or on a rest day) is due at
 *   closing time of the n-th working day, counting the first working day that begins after the
 *   start as day 1. Either way exactly n full working days of working time are granted.
 * - addWorkingHours: counts only time inside the working periods; a start outside them waits for
 *   the next period. A deadline that lands on a period's end stays there (12:00, not 14:00).
 * - addCalendarDuration: wall-clock time for emergencies (2 hours means 2 hours, at night too).
 * - endOfLocalDay: "same day" = the last millisecond of the local calendar day.
 */
import { isChinaWorkingDate } from "./china-holidays.js";
import {
  addDays,
  assertInstant,
  assertTimeZone,
  fromLocal,
  fromLocalTimes,
  parseIsoDate,
  toLocal,
  type IsoDate,
} from "./zoned-time.js";

/** China Standard Time; every time-of-day rule is read in this zone unless told otherwise. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** 08:30–12:00 and 14:00–17:30: the usual hours of township and village offices. */
export const DEFAULT_WORKDAY: readonly string[] = ["08:30", "12:00", "14:00", "17:30"];

export interface WorkingTimeOptions {
  /** Working periods as local `HH:MM` start/end pairs in increasing order; `24:00` may end the day. */
  workday?: readonly string[];
  /** Whether a local date is a working day. Default: China's official calendar (chinese-days). */
  isWorkingDate?: (date: IsoDate) => boolean;
}

interface Resolved {
  /** [start, end) in milliseconds since local midnight. */
  periods: readonly (readonly [number, number])[];
  isWorkingDate: (date: IsoDate) => boolean;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// A search for the next working day gives up after ten years of rest days (a broken calendar).
const MAX_SEARCH_DAYS = 3660;

/** True when the local date of `date` in `timeZone` (or the given `YYYY-MM-DD`) is a working day. */
export function isWorkingDay(
  date: Date | IsoDate,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: WorkingTimeOptions = {},
): boolean {
  const { isWorkingDate } = resolve(options);
  if (typeof date === "string") {
    parseIsoDate(date);
    return isWorkingDate(date);
  }
  assertInstant(date);
  assertTimeZone(timeZone);
  return isWorkingDate(toLocal(date, timeZone).date);
}

/**
 * The deadline `n` working days after `start` (see the rules at the top of this file).
 * `n` must be a non-negative integer; 0 returns `start`.
 */
export function addWorkingDays(
  start: Date,
  n: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: WorkingTimeOptions = {},
): Date {
  assertInstant(start, "start");
  assertTimeZone(timeZone);
  if (!Number.isInteger(n) || n < 0) throw new RangeError("n must be a non-negative integer");
  const { periods, isWorkingDate } = resolve(options);
  if (n === 0) return new Date(start.getTime());
  const opening = periods[0]?.[0] ?? 0;
  const closing = periods[periods.length - 1]?.[1] ?? 0;
  const { date, msOfDay } = toLocal(start, timeZone);
  const workingToday = isWorkingDate(date);
  if (workingToday && msOfDay >= opening && msOfDay < closing) {
    return fromLocal(nthWorkingDateAfter(date, n, isWorkingDate), msOfDay, timeZone);
  }
  const dayOne = workingToday && msOfDay < opening ? date : nthWorkingDateAfter(date, 1, isWorkingDate);
  return fromLocal(nthWorkingDateAfter(dayOne, n - 1, isWorkingDate), closing, timeZone);
}

/**
 * The moment when `hours` of working time (fractions allowed) have passed since `start`,
 * counting only the working periods of working days. 0 hours returns `start`.
 */
export function addWorkingHours(
  start: Date,
  hours: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: WorkingTimeOptions = {},
): Date {
  assertInstant(start, "start");
  assertTimeZone(timeZone);
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError("hours must be a finite number ≥ 0");
  const { periods, isWorkingDate } = resolve(options);
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return new Date(start.getTime());
  let cursor = start.getTime();
  let date = toLocal(start, timeZone).date;
  for (let searched = 0; searched <= MAX_SEARCH_DAYS; date = addDays(date, 1)) {
    if (!isWorkingDate(date)) {
      searched++;
      continue;
    }
    searched = 0;
    for (const [from, to] of periodInstants(date, periods, timeZone)) {
      if (to <= cursor) continue;
      const segmentStart = Math.max(cursor, from);
      if (remaining <= to - segmentStart) return new Date(segmentStart + remaining);
      remaining -= to - segmentStart;
      cursor = to;
    }
  }
  throw new RangeError("no working day found within ten years; check the working-day calendar");
}

/** `start` plus `ms` of wall-clock time: for emergency limits that run day and night. */
export function addCalendarDuration(start: Date, ms: number): Date {
  assertInstant(start, "start");
  if (!Number.isFinite(ms)) throw new RangeError("ms must be a finite number");
  return new Date(start.getTime() + ms);
}

/** The last millisecond of the local calendar day of `start` (23:59:59.999 local time). */
export function endOfLocalDay(start: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  assertInstant(start, "start");
  assertTimeZone(timeZone);
  const nextDay = addDays(toLocal(start, timeZone).date, 1);
  return new Date(fromLocal(nextDay, 0, timeZone).getTime() - 1);
}

/**
 * Working time in milliseconds from `a` to `b`, e.g. how late a case was closed. Negative when
 * `b` is before `a`, so `workingMsBetween(deadline, closedAt) > 0` means late. Walks the days in
 * between, so it is meant for spans of days to a few years.
 */
export function workingMsBetween(
  a: Date,
  b: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: WorkingTimeOptions = {},
): number {
  assertInstant(a, "a");
  assertInstant(b, "b");
  assertTimeZone(timeZone);
  if (b.getTime() < a.getTime()) return -workingMsBetween(b, a, timeZone, options);
  const { periods, isWorkingDate } = resolve(options);
  const from = a.getTime();
  const to = b.getTime();
  const last = toLocal(b, timeZone).date;
  let total = 0;
  for (let date = toLocal(a, timeZone).date; date <= last; date = addDays(date, 1)) {
    if (!isWorkingDate(date)) continue;
    for (const [start, end] of periodInstants(date, periods, timeZone)) {
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
  }
  return total;
}

/** Parses `HH:MM` start/end pairs; throws a RangeError on a malformed or unordered list. */
export function parseWorkday(workday: readonly string[]): [number, number][] {
  if (workday.length === 0 || workday.length % 2 !== 0) {
    throw new RangeError("workday needs start/end pairs, e.g. ['08:30','12:00','14:00','17:30']");
  }
  const marks = workday.map((text) => {
    const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
    const ms = match ? (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS : Number.NaN;
    if (!match || ms > 24 * HOUR_MS) throw new RangeError(`workday time must be HH:MM (00:00–24:00): ${text}`);
    return ms;
  });
  marks.forEach((ms, i) => {
    if (i > 0 && ms <= (marks[i - 1] ?? 0)) throw new RangeError("workday times must strictly increase");
  });
  const periods: [number, number][] = [];
  for (let i = 0; i < marks.length; i += 2) periods.push([marks[i] ?? 0, marks[i + 1] ?? 0]);
  return periods;
}

function resolve(options: WorkingTimeOptions): Resolved {
  return {
    periods: parseWorkday(options.workday ?? DEFAULT_WORKDAY),
    isWorkingDate: options.isWorkingDate ?? isChinaWorkingDate,
  };
}

function nthWorkingDateAfter(date: IsoDate, n: number, isWorkingDate: (d: IsoDate) => boolean): IsoDate {
  let current = date;
  let found = 0;
  let searched = 0;
  while (found < n) {
    current = addDays(current, 1);
    if (isWorkingDate(current)) {
      found++;
      searched = 0;
    } else if (++searched > MAX_SEARCH_DAYS) {
      throw new RangeError("no working day found within ten years; check the working-day calendar");
    }
  }
  return current;
}

function periodInstants(date: IsoDate, periods: Resolved["periods"], timeZone: string): [number, number][] {
  const instants = fromLocalTimes(date, periods.flat(), timeZone);
  return periods.map((_, i) => [instants[2 * i] ?? 0, instants[2 * i + 1] ?? 0]);
}
