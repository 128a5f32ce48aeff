/**
 * Loads the city's entered calendar into the process (calendar-provider.ts): at start-up, after
 * each calendar write in this process, and from the sweeper's loop (at most once a minute) so a
 * write in another app process reaches this one within about a minute.
 */
import { officialCalendarDays, officialCalendarYears } from "../../db/schema/index.js";
import type { Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import { installOfficialCalendar } from "../../platform/calendar/calendar-provider.js";
import { buildOfficialCalendar, type OfficialCalendar } from "../../platform/calendar/official-calendar.js";

/** How often the sweeper's loop reloads the entered days (other processes' writes). */
export const CALENDAR_REFRESH_EVERY_MS = 60_000;

/** Reads the entered days and complete years and makes them the process's calendar. */
export async function loadOfficialCalendar(db: Db): Promise<OfficialCalendar> {
  const days = await db.select({ date: officialCalendarDays.date, kind: officialCalendarDays.kind, name: officialCalendarDays.name }).from(officialCalendarDays);
  const years = await db.select({ year: officialCalendarYears.year }).from(officialCalendarYears);
  const calendar = buildOfficialCalendar(days, years.map((y) => y.year));
  installOfficialCalendar(calendar);
  return calendar;
}

/** A sweeper task that reloads the calendar every `everyMs` of the clock. */
export function calendarRefreshTask(deps: { db: Db; clock: Clock }, everyMs = CALENDAR_REFRESH_EVERY_MS): () => Promise<boolean> {
  let last: number | null = null;
  return async () => {
    const now = deps.clock.now().getTime();
    if (last !== null && now - last < everyMs) return false;
    last = now;
    await loadOfficialCalendar(deps.db);
    return true;
  };
}
