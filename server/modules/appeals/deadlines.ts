/**
 * Appeal deadlines (PRACTICE §6.6), pure: a rule (unit + amount) and a start give the due time,
 * counted in the deployment's zone with the official working-day calendar (调休 included): the
 * package's data overlaid with the days the city entered (calendar-provider.ts).
 */
import type { AppealStatus, DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../common/appeals.js";
import { HANDLING_LEVELS } from "../../../common/appeals.js";
import { OFFICIAL_WORKING_TIME } from "../../platform/calendar/calendar-provider.js";
import { deadlineOf, shareOfSpan, type TimerBasisRule } from "../../workflow/timer-basis.js";

export interface DeadlineRule {
  unit: DeadlineUnit;
  amount: number;
  yellowPercent: number;
}

/** The moment a rule's time runs out when its clock starts at `start`. */
export function dueAfter(rule: DeadlineRule, start: Date, timeZone: string): Date {
  return deadlineOf({ unit: rule.unit, amount: rule.amount, extraWorkingDays: 0, timeZone }, start, OFFICIAL_WORKING_TIME);
}

/** When the yellow warning fires: that share of the wall-clock span between start and due. */
export function yellowAt(rule: DeadlineRule, start: Date, due: Date): Date {
  return shareOfSpan(start, due, rule.yellowPercent);
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
export function currentDeadline(
  d: DeadlineInput,
  timeZone: string,
): { stage: DeadlineStage; start: Date; dueAt: Date; rule: DeadlineRule; basis: TimerBasisRule } | null {
  const stage = stageOf(d.status);
  if (!stage) return null;
  const rule = d.rules[stage];
  if (!rule) return null;
  const start = stage === "handle" && d.acceptedAt ? d.acceptedAt : d.enteredAt;
  // Kept on the timers (migration 0041) so a calendar change recomputes them from the same start.
  const basis: TimerBasisRule = {
    unit: rule.unit,
    amount: rule.amount,
    extraWorkingDays: stage === "handle" && d.extensionDays > 0 ? d.extensionDays : 0,
    sharePercent: null,
    timeZone,
  };
  const dueAt = deadlineOf(basis, start, OFFICIAL_WORKING_TIME);
  return { stage, start, dueAt, rule, basis };
}
