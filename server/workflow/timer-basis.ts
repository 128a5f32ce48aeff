/**
 * What a deadline timer is computed from, and the pure rules of recomputing it when the official
 * calendar changes (migration 0041). A timer stores its step's start, the rule, and the full
 * deadline it derives from; when days are entered, corrected or removed, the pending timers whose
 * span of local dates touches a changed date are computed again from the same start and rule with
 * the new calendar. Wall-clock rules (calendar minutes, the end of the local day) never consult
 * the calendar, so they never move.
 */
import {
  addCalendarDuration,
  addWorkingDays,
  addWorkingHours,
  endOfLocalDay,
  type WorkingTimeOptions,
} from "../platform/calendar/working-time.js";
import { localDate, type IsoDate } from "../platform/calendar/zoned-time.js";

/** How a rule counts: the same units as the appeal deadline configuration. */
export type BasisUnit = "calendarMinutes" | "workingHours" | "workingDays" | "sameDay";

/** The rule a timer was computed with, stored as JSON on the timer. */
export interface TimerBasisRule {
  unit: BasisUnit;
  amount: number;
  /** Working days added to the rule's deadline (approved extensions); 0 when none. */
  extraWorkingDays: number;
  /** A warning at this percentage of the wall-clock span from start to deadline; null: the deadline itself. */
  sharePercent: number | null;
  /** The IANA zone the local dates and working hours were read in. */
  timeZone: string;
}

/** What a workflow attaches to a timer it sets. */
export interface TimerBasis {
  start: Date;
  /** The full deadline (extensions included) the timer derives from. */
  end: Date;
  rule: TimerBasisRule;
}

/** The moment `unit × amount` runs out from `start`, plus the extension's working days. */
export function deadlineOf(rule: Pick<TimerBasisRule, "unit" | "amount" | "extraWorkingDays" | "timeZone">, start: Date, options: WorkingTimeOptions): Date {
  const tz = rule.timeZone;
  let due: Date;
  switch (rule.unit) {
    case "calendarMinutes":
      due = addCalendarDuration(start, rule.amount * 60_000);
      break;
    case "workingHours":
      due = addWorkingHours(start, rule.amount, tz, options);
      break;
    case "workingDays":
      due = addWorkingDays(start, Math.round(rule.amount), tz, options);
      break;
    case "sameDay":
      due = endOfLocalDay(start, tz);
      break;
    default: {
      const never: never = rule.unit;
      return never;
    }
  }
  return rule.extraWorkingDays > 0 ? addWorkingDays(due, rule.extraWorkingDays, tz, options) : due;
}

/** A warning's moment: `percent` of the wall-clock span between start and deadline. */
export function shareOfSpan(start: Date, end: Date, percent: number): Date {
  return new Date(start.getTime() + Math.round(((end.getTime() - start.getTime()) * percent) / 100));
}

/** The timer's due time and the deadline it derives from, by its basis. */
export function dueOfBasis(rule: TimerBasisRule, start: Date, options: WorkingTimeOptions): { due: Date; end: Date } {
  const end = deadlineOf(rule, start, options);
  return { end, due: rule.sharePercent === null ? end : shareOfSpan(start, end, rule.sharePercent) };
}

/** Whether the rule consults the working-day calendar at all (wall-clock rules never move). */
export function countsWorkingTime(rule: TimerBasisRule): boolean {
  return rule.unit === "workingDays" || rule.unit === "workingHours" || rule.extraWorkingDays > 0;
}

/**
 * Whether a change of `dates` can move the timer: the computation reads only the local dates from
 * the start's to the deadline's (both included), so a change outside them leaves it as it was.
 */
export function spanTouches(start: Date, end: Date, timeZone: string, dates: ReadonlySet<IsoDate>): boolean {
  const first = localDate(start, timeZone);
  const last = localDate(end, timeZone);
  for (const d of dates) if (d >= first && d <= last) return true;
  return false;
}

/** A pending timer as the recompute reads it. */
export interface PendingTimer {
  id: string;
  workflow: string;
  entityId: string;
  state: string;
  dueAt: Date;
  basisStart: Date;
  basisEnd: Date;
  rule: TimerBasisRule;
}

export interface MovedTimer {
  id: string;
  workflow: string;
  entityId: string;
  state: string;
  oldDue: Date;
  newDue: Date;
  newEnd: Date;
  /** The step's deadline itself (not a warning at a share of it): what an entity displays. */
  isDeadline: boolean;
}

/**
 * The timers a change of `dates` moves, with their new times by the calendar in `options`:
 * working-time rules only, span touching a changed date, and a due time that actually differs.
 */
export function planRecompute(timers: readonly PendingTimer[], dates: ReadonlySet<IsoDate>, options: WorkingTimeOptions): MovedTimer[] {
  const out: MovedTimer[] = [];
  for (const t of timers) {
    if (!countsWorkingTime(t.rule)) continue;
    if (!spanTouches(t.basisStart, t.basisEnd, t.rule.timeZone, dates)) continue;
    const { due, end } = dueOfBasis(t.rule, t.basisStart, options);
    if (due.getTime() === t.dueAt.getTime() && end.getTime() === t.basisEnd.getTime()) continue;
    out.push({ id: t.id, workflow: t.workflow, entityId: t.entityId, state: t.state, oldDue: t.dueAt, newDue: due, newEnd: end, isDeadline: t.rule.sharePercent === null });
  }
  return out;
}

/**
 * The instants that bound a search for timers whose span may touch `dates`, in any zone: a day
 * of margin each side covers every UTC offset (at most ±14 hours); planRecompute decides exactly.
 */
export function searchWindow(dates: ReadonlySet<IsoDate>): { from: Date; to: Date } | null {
  const sorted = [...dates].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return null;
  const day = 86_400_000;
  return { from: new Date(Date.parse(`${first}T00:00:00Z`) - day), to: new Date(Date.parse(`${last}T00:00:00Z`) + 2 * day) };
}

/** The dates whose entry differs between two loads of the entered days (added, changed or removed). */
export function changedDates(before: ReadonlyMap<IsoDate, string>, after: ReadonlyMap<IsoDate, string>): Set<IsoDate> {
  const out = new Set<IsoDate>();
  for (const [d, kind] of after) if (before.get(d) !== kind) out.add(d);
  for (const d of before.keys()) if (!after.has(d)) out.add(d);
  return out;
}
