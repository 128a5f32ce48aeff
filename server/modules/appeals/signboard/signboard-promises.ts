/**
 * The response times a signboard promises, from the deadline rules in force (PRACTICE §6.6),
 * so a city that shortens 小事 to 2 working days prints 2, not the default 3. Pure.
 */
import type { AppealScale, DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../../common/appeals.js";
import type { SignboardPromise } from "./signboard-types.js";

/** A rule that applies to every category of a scale (category-specific rules are not printed). */
export interface ScaleRule {
  scale: AppealScale;
  level: HandlingLevel | null;
  stage: DeadlineStage;
  unit: DeadlineUnit;
  amount: number;
}

const SCALE_LABELS: readonly [AppealScale, string][] = [
  ["micro", "微事"],
  ["small", "小事"],
  ["major", "大事"],
  ["urgent", "紧急"],
];

const trim = (n: number): string => String(Math.round(n * 100) / 100);

/** A rule's time in the board's words: 30分钟内, 当日办结, 3个工作日, 2小时. */
export function limitText(unit: DeadlineUnit, amount: number): string {
  switch (unit) {
    case "sameDay":
      return "当日办结";
    case "workingDays":
      return `${Math.round(amount)}个工作日`;
    case "workingHours":
      return amount < 1 ? `${trim(amount * 60)}分钟内` : `${trim(amount)}个工作小时`;
    case "calendarMinutes":
      if (amount < 60) return `${trim(amount)}分钟内`;
      return amount % 60 === 0 ? `${amount / 60}小时` : `${trim(amount)}分钟`;
    default: {
      const never: never = unit;
      return never;
    }
  }
}

/** The rule a grid meets first: a grid-level rule before the any-level one. */
function ruleAt(rules: readonly ScaleRule[], scale: AppealScale, stage: DeadlineStage): ScaleRule | undefined {
  const mine = rules.filter((r) => r.scale === scale && r.stage === stage && (r.level === "grid" || r.level === null));
  return mine.find((r) => r.level === "grid") ?? mine.find((r) => r.level === null);
}

/**
 * 联系群众 (the accept time of 小事, the common case) and the handling time of each scale. A
 * scale without a rule is left off rather than printed with a time nobody enforces.
 */
export function promisesFromRules(rules: readonly ScaleRule[]): SignboardPromise[] {
  const out: SignboardPromise[] = [];
  const contact = ruleAt(rules, "small", "accept");
  if (contact) out.push({ label: "联系群众", limit: limitText(contact.unit, contact.amount) });
  for (const [scale, label] of SCALE_LABELS) {
    const r = ruleAt(rules, scale, "handle");
    if (r) out.push({ label, limit: limitText(r.unit, r.amount) });
  }
  return out;
}
