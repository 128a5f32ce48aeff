/**
 * Wall-clock arithmetic in an explicit IANA time zone, via Intl only: the process TZ is never
 * consulted (tests run with TZ=UTC, servers may run in anything).
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface LocalDateTime {
  date: IsoDate;
  /** Milliseconds since local midnight, 0 ≤ msOfDay < 86 400 000 on days without a DST change. */
  msOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for an unknown zone, which is the validation we want.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Throws a RangeError for an invalid Date. */
export function assertInstant(instant: Date, name = "date"): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${name} is not a valid Date`);
  }
}

/** The wall-clock fields of `instant` in `timeZone`, as a UTC timestamp with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const ms = ((instant % 1000) + 1000) % 1000;
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for ancient dates.
  return year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
}

/** The local date and time of day of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const wall = wallClockMs(instant.getTime(), timeZone);
  const msOfDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS;
  return { date: new Date(wall - msOfDay).toISOString().slice(0, 10), msOfDay };
}

/** The local calendar date of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  return toLocal(instant, timeZone).date;
}

/**
 * The instant at which the clock in `timeZone` shows `date` + `msOfDay` (which may reach 24:00,
 * meaning the next midnight). A wall time repeated by a DST change resolves to its first
 * occurrence; one skipped by a DST gap moves forward by the gap's length, as Date does.
 */
export function fromLocal(date: IsoDate, msOfDay: number, timeZone: string): Date {
  const wall = isoDateMs(date) + msOfDay;
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return new Date(before);
  const hits = [before, after].filter((t) => wallClockMs(t, timeZone) === wall);
  return new Date(hits.length > 0 ? Math.min(...hits) : before);
}

const midnights = new Map<string, number>();
const MIDNIGHT_CACHE_SIZE = 10_000;

/**
 * {@link fromLocal} for several times of one day, as epoch milliseconds. Fast on days without a
 * DST change (every day in China): one cached local midnight plus the offsets.
 */
export function fromLocalTimes(date: IsoDate, msOfDays: readonly number[], timeZone: string): number[] {
  const start = localMidnight(date, timeZone);
  if (localMidnight(addDays(date, 1), timeZone) - start === DAY_MS) return msOfDays.map((ms) => start + ms);
  return msOfDays.map((ms) => fromLocal(date, ms, timeZone).getTime());
}

function localMidnight(date: IsoDate, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    if (midnights.size >= MIDNIGHT_CACHE_SIZE) midnights.clear();
    ms = fromLocal(date, 0, timeZone).getTime();
    midnights.set(key, ms);
  }
  return ms;
}

function offsetAt(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - instant;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(isoDateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(isoDateMs(date)).getUTCDay();
}

/** Splits a valid `YYYY-MM-DD` into numbers; throws a RangeError otherwise. */
export function parseIsoDate(date: IsoDate): [year: number, month: number, day: number] {
  const match = ISO_DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function isoDateMs(date: IsoDate): number {
  const [y, m, d] = parseIsoDate(date);
  return Date.UTC(y, m - 1, d);
}
