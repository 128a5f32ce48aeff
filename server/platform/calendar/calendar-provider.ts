/**
 * The process's current official calendar (package + the city's entered days), read by every
 * deadline computation. It is a cache of rows: server/modules/calendar/calendar-cache.ts loads it
 * at start-up, after every calendar write in this process, and from the sweeper's loop so that
 * several app processes converge. working-time.ts stays pure: callers pass
 * `OFFICIAL_WORKING_TIME` (or `officialWorkingDate`) through its options.
 */
import { buildOfficialCalendar, type OfficialCalendar } from "./official-calendar.js";
import type { WorkingTimeOptions } from "./working-time.js";
import type { IsoDate } from "./zoned-time.js";

// Until the first load: the package alone (what deadlines used before migration 0039).
let current: OfficialCalendar = buildOfficialCalendar([], []);

/** The calendar deadlines are counted with right now. */
export function officialCalendar(): OfficialCalendar {
  return current;
}

/** Replaces the process's calendar (the cache loader's job). */
export function installOfficialCalendar(calendar: OfficialCalendar): void {
  current = calendar;
}

/** Whether `date` is a working day by the current official calendar (read at call time). */
export function officialWorkingDate(date: IsoDate): boolean {
  return current.isWorkingDate(date);
}

/** Working-time options for every deadline in the server: the official calendar, default hours. */
export const OFFICIAL_WORKING_TIME: WorkingTimeOptions = { isWorkingDate: officialWorkingDate };
