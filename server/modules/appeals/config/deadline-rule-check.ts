/**
 * What a deadline rule may say (PRACTICE §6.6): positive durations in whole units where the
 * calendar counts whole units, and nothing so long it stops being a promise. Pure.
 */
import type { DeadlineUnit } from "../../../../common/appeals.js";

export interface RuleProblem {
  field: "amount";
  key: string;
  params?: Record<string, string | number>;
}

/** The longest each unit may run: 30 working days, a working month of hours, a week of minutes. */
export const RULE_MAX: Record<Exclude<DeadlineUnit, "sameDay">, number> = {
  workingDays: 30,
  workingHours: 240,
  calendarMinutes: 7 * 24 * 60,
};

/** Null when the rule is acceptable; `sameDay` ignores the amount (it is stored as 0). */
export function ruleProblem(unit: DeadlineUnit, amount: number): RuleProblem | null {
  if (unit === "sameDay") return null;
  if (!Number.isFinite(amount) || amount <= 0) return { field: "amount", key: "deadline.positive" };
  if (amount > RULE_MAX[unit]) return { field: "amount", key: "deadline.tooLong", params: { max: RULE_MAX[unit] } };
  if ((unit === "workingDays" || unit === "calendarMinutes") && !Number.isInteger(amount)) return { field: "amount", key: "deadline.wholeNumber" };
  // Quarter hours: the working-time calendar counts minutes, and 0.1 h would read as 6分钟 on boards.
  if (unit === "workingHours" && !Number.isInteger(amount * 4)) return { field: "amount", key: "deadline.halfHours" };
  return null;
}

/** The amount as stored: 0 for `sameDay`, else as given. */
export function storedAmount(unit: DeadlineUnit, amount: number): number {
  return unit === "sameDay" ? 0 : amount;
}
