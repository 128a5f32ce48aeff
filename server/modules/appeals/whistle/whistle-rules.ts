/**
 * Pure rules of 吹哨报到: default deadlines (PRACTICE §3.10: report within 30 minutes for an
 * emergency; PROPOSAL 1 working day otherwise) and the whistle status derived from its summons.
 */
import type { SummonsStatus, WhistleKind, WhistleStatus } from "../../../../common/whistle.js";
import { addCalendarDuration, addWorkingDays } from "../../../platform/calendar/working-time.js";
import { toLocal } from "../../../platform/calendar/zoned-time.js";
import { OFFICIAL_WORKING_TIME } from "../../../platform/calendar/calendar-provider.js";

const MINUTE = 60_000;

/** Check-in and done-by deadlines for a whistle blown at `at`, unless the town set its own. */
export function defaultDeadlines(kind: WhistleKind, at: Date, timeZone: string): { checkInDueAt: Date; doneDueAt: Date } {
  if (kind === "emergency") {
    // Emergencies run day and night: wall-clock limits (紧急 appeals: 2 hours to handle).
    return { checkInDueAt: addCalendarDuration(at, 30 * MINUTE), doneDueAt: addCalendarDuration(at, 120 * MINUTE) };
  }
  return { checkInDueAt: addWorkingDays(at, 1, timeZone, OFFICIAL_WORKING_TIME), doneDueAt: addWorkingDays(at, 3, timeZone, OFFICIAL_WORKING_TIME) };
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
