/**
 * Appeal deadlines (PRACTICE §6.6), pure: a rule (unit + amount) and a start give the due time,
 * counted in the deployment's zone with the official working-day calendar (调休 included): the
 * package's data overlaid with the days the city entered (calendar-provider.ts).
 */
import type { AppealStatus, DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../common/appeals.js";
import { HANDLING_LEVELS } from "../../../common/appeals.js";
import { addCalendarDuration, addWorkingDays, addWorkingHours, endOfLocalDay } from "../../platform/calendar/working-time.js";
import { OFFICIAL_WORKING_TIME } from "../../platform/calendar/calendar-provider.js";

export interface DeadlineRule {
  unit: DeadlineUnit;
  amount: number;
  yellowPercent: number;
}

/** The moment a rule's time runs out when its clock starts at `start`. */
export function dueAfter(rule: DeadlineRule, start: Date, timeZone: string): Date {
  switch (rule.unit) {
    case "calendarMinutes":
      return addCalendarDuration(start, rule.amount * 60_000);
    case "workingHours":
      return addWorkingHours(start, rule.amount, timeZone, OFFICIAL_WORKING_TIME);
    case "workingDays":
      return addWorkingDays(start, Math.round(rule.amount), timeZone, OFFICIAL_WORKING_TIME);
    case "sameDay":
      return endOfLocalDay(start, timeZone);
    default: {
      const never: never = rule.unit;
      return never;
    }
  }
}

/** When the yellow warning fires: that share of the wall-clock span between start and due. */
export function yellowAt(rule: DeadlineRule, start: Date, due: Date): Date {
  return new Date(start.getTime() + Math.round(((due.getTime() - start.getTime()) * rule.yellowPercent) / 100));
}

/** Which deadline runs in each state; none in the terminal ones. */
export function stageOf(status: AppealStatus): DeadlineStage | null {
  switch (status) {
    case "submitted":
    case "escalated":
    case "reopened":
      return "accept";
    case "accepted":
    case "inProgress":
    case "returned":
    case "dispatched":
      return "handle";
    case "resolved":
      return "verify";
    case "closed":
    case "rejected":
      return null;
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** The next rung of the ladder grid → village → town → district; null at the top. */
export function nextLevel(level: HandlingLevel): HandlingLevel | null {
  const i = HANDLING_LEVELS.indexOf(level);
  return HANDLING_LEVELS[i + 1] ?? null;
}

export interface DeadlineInput {
  status: AppealStatus;
  /** When the current state was entered (the accept and verify clocks start here). */
  enteredAt: Date;
  /** When the current level accepted it (the handle clock starts here, not at "start work"). */
  acceptedAt: Date | null;
  rules: Partial<Record<DeadlineStage, DeadlineRule>>;
  /** Approved extensions, in working days, added to the handle deadline. */
  extensionDays: number;
}

/** The running stage and its due time, or null when no deadline runs. */
export function currentDeadline(d: DeadlineInput, timeZone: string): { stage: DeadlineStage; start: Date; dueAt: Date; rule: DeadlineRule } | null {
  const stage = stageOf(d.status);
  if (!stage) return null;
  const rule = d.rules[stage];
  if (!rule) return null;
  const start = stage === "handle" && d.acceptedAt ? d.acceptedAt : d.enteredAt;
  let dueAt = dueAfter(rule, start, timeZone);
  if (stage === "handle" && d.extensionDays > 0) dueAt = addWorkingDays(dueAt, d.extensionDays, timeZone, OFFICIAL_WORKING_TIME);
  return { stage, start, dueAt, rule };
}
