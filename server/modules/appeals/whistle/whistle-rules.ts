/**
 * Pure rules of 吹哨报到: default deadlines (PRACTICE §3.10: report within 30 minutes for an
 * emergency; PROPOSAL 1 working day otherwise) and the whistle status derived from its summons.
 */
import type { SummonsStatus, WhistleKind, WhistleStatus } from "../../../../common/whistle.js";
import { toLocal } from "../../../platform/calendar/zoned-time.js";
import { OFFICIAL_WORKING_TIME } from "../../../platform/calendar/calendar-provider.js";
import { deadlineOf, type TimerBasisRule } from "../../../workflow/timer-basis.js";

/** The rules of the default deadlines; kept on the summons so a calendar change recomputes them. */
export function defaultDeadlineRules(kind: WhistleKind, timeZone: string): { checkIn: TimerBasisRule; done: TimerBasisRule } {
  const rule = (unit: TimerBasisRule["unit"], amount: number): TimerBasisRule => ({ unit, amount, extraWorkingDays: 0, sharePercent: null, timeZone });
  // Emergencies run day and night: wall-clock limits (紧急 appeals: 2 hours to handle).
  if (kind === "emergency") return { checkIn: rule("calendarMinutes", 30), done: rule("calendarMinutes", 120) };
  return { checkIn: rule("workingDays", 1), done: rule("workingDays", 3) };
}

/** Check-in and done-by deadlines for a whistle blown at `at`, unless the town set its own. */
export function defaultDeadlines(kind: WhistleKind, at: Date, timeZone: string): { checkInDueAt: Date; doneDueAt: Date } {
  const rules = defaultDeadlineRules(kind, timeZone);
  return { checkInDueAt: deadlineOf(rules.checkIn, at, OFFICIAL_WORKING_TIME), doneDueAt: deadlineOf(rules.done, at, OFFICIAL_WORKING_TIME) };
}

/**
 * The whistle's status from its summons: cancelled when all were called off; closed when every
 * live one is rated; handled when every live one has reported; responding once one checked in.
 */
export function whistleStatusOf(summons: readonly SummonsStatus[]): WhistleStatus {
  const live = summons.filter((s) => s !== "cancelled");
  if (live.length === 0) return "cancelled";
  if (live.every((s) => s === "rated")) return "closed";
  if (live.every((s) => s === "reported" || s === "rated")) return "handled";
  if (live.some((s) => s !== "summoned" && s !== "overdue")) return "responding";
  return "blown";
}

/** A deadline as officials read it in a message: local `YYYY-MM-DD HH:MM`. */
export function localStamp(at: Date, timeZone: string): string {
  const l = toLocal(at, timeZone);
  const minutes = Math.floor(l.msOfDay / 60_000);
  return `${l.date} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
