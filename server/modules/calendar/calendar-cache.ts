/**
 * Loads the city's entered calendar into the process (calendar-provider.ts): at start-up, after
 * each calendar write in this process, and from the sweeper's loop (at most once a minute) so a
 * write in another app process reaches this one within about a minute.
 *
 * Until it does, this process counts new deadlines with the old calendar. So when a reload finds
 * entered days changed by another process, it recomputes the pending timers touching those dates
 * (the writer already moved the ones that existed at its commit; this catches the ones this
 * process wrote with its stale cache), and does it once more on the next reload for a transaction
 * that computed before the reload and committed after it. Recompute is idempotent: a timer that
 * is already right does not move.
 */
import { officialCalendarDays, officialCalendarYears } from "../../db/schema/index.js";
import type { Db } from "../../db/client.js";
import type { Clock } from "../../platform/clock.js";
import { systemActor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { installOfficialCalendar } from "../../platform/calendar/calendar-provider.js";
import { buildOfficialCalendar, type OfficialCalendar } from "../../platform/calendar/official-calendar.js";
import type { IsoDate } from "../../platform/calendar/zoned-time.js";
import type { AnyWorkflow } from "../../workflow/apply.js";
import { lockCalendarWrites, recomputeTimers } from "../../workflow/recompute.js";
import { dueMoveAudits } from "../../workflow/due-moves.js";
import { changedDates } from "../../workflow/timer-basis.js";

/** How often the sweeper's loop reloads the entered days (other processes' writes). */
export const CALENDAR_REFRESH_EVERY_MS = 60_000;

export interface LoadedCalendar {
  calendar: OfficialCalendar;
  /** The entered days' kinds by date, to tell what changed between two loads. */
  entered: Map<IsoDate, string>;
}

/** The last calendar this process installed (null before the first load). */
let installed: Map<IsoDate, string> | null = null;
/**
 * Dates a load found changed since the previous one, for the refresh task to recompute: any load
 * (a screen's read too) may be the one that first sees another process's write.
 */
let seenChanged = new Set<IsoDate>();

/** Reads the entered days and complete years (in `db`, which may be a transaction); installs nothing. */
export async function readOfficialCalendar(db: Db): Promise<LoadedCalendar> {
  const days = await db.select({ date: officialCalendarDays.date, kind: officialCalendarDays.kind, name: officialCalendarDays.name }).from(officialCalendarDays);
  const years = await db.select({ year: officialCalendarYears.year }).from(officialCalendarYears);
  return { calendar: buildOfficialCalendar(days, years.map((y) => y.year)), entered: new Map(days.map((d) => [d.date, d.kind])) };
}

/** Reads the entered days and complete years and makes them the process's calendar. */
export async function loadOfficialCalendar(db: Db): Promise<OfficialCalendar> {
  const loaded = await readOfficialCalendar(db);
  if (installed) for (const d of changedDates(installed, loaded.entered)) seenChanged.add(d);
  installed = loaded.entered;
  installOfficialCalendar(loaded.calendar);
  return loaded.calendar;
}

/**
 * Recomputes the pending timers touching `dates` with the calendar as stored now, in its own
 * transaction; audited (as the sweeper, whose loop runs it) only when something moved.
 */
export async function recomputeForDates(deps: { db: Db; clock: Clock }, workflows: readonly AnyWorkflow[], dates: ReadonlySet<IsoDate>): Promise<number> {
  if (dates.size === 0) return 0;
  return deps.db.transaction(async (tx) => {
    await lockCalendarWrites(tx);
    const { calendar } = await readOfficialCalendar(tx);
    const r = await recomputeTimers(tx, workflows, dates, { isWorkingDate: calendar.isWorkingDate }, deps.clock.now());
    const sorted = [...dates].sort();
    const range = { from: sorted[0] ?? "", to: sorted[sorted.length - 1] ?? "" };
    if (r.timers > 0 || r.moves.length > 0) {
      const { moves, ...counts } = r;
      await writeAudit(tx, systemActor("sweeper"), deps.clock, [
        { action: "calendar.recompute", entityType: "workflowTimers", entityId: `${range.from}/${range.to}`, after: { dates: sorted.length, ...counts, reason: "reload" } },
        ...dueMoveAudits(moves, range),
      ]);
    }
    return r.timers;
  });
}

/**
 * A sweeper task that reloads the calendar every `everyMs` of the clock, and recomputes the timers
 * touching days another process changed (now and at the next reload).
 */
export function calendarRefreshTask(
  deps: { db: Db; clock: Clock },
  workflows: readonly AnyWorkflow[] = [],
  everyMs = CALENDAR_REFRESH_EVERY_MS,
): () => Promise<boolean> {
  let last: number | null = null;
  let again = new Set<IsoDate>();
  return async () => {
    const now = deps.clock.now().getTime();
    if (last !== null && now - last < everyMs) return false;
    last = now;
    await loadOfficialCalendar(deps.db);
    const changed = seenChanged;
    seenChanged = new Set();
    const dates = new Set([...changed, ...again]);
    again = changed;
    if (workflows.length > 0) await recomputeForDates(deps, workflows, dates);
    return true;
  };
}
