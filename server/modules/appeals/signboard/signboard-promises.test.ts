import { describe, expect, it } from "vitest";
import { DEFAULT_PROMISES } from "./signboard-types.js";
import { limitText, promisesFromRules, type ScaleRule } from "./signboard-promises.js";

/** The rules migration 0030 seeds (PRACTICE §6.6). */
const SEEDED: ScaleRule[] = [
  { scale: "micro", level: null, stage: "accept", unit: "workingHours", amount: 0.5 },
  { scale: "small", level: null, stage: "accept", unit: "workingHours", amount: 0.5 },
  { scale: "major", level: null, stage: "accept", unit: "workingHours", amount: 0.5 },
  { scale: "urgent", level: null, stage: "accept", unit: "calendarMinutes", amount: 30 },
  { scale: "micro", level: null, stage: "handle", unit: "sameDay", amount: 0 },
  { scale: "small", level: null, stage: "handle", unit: "workingDays", amount: 3 },
  { scale: "major", level: null, stage: "handle", unit: "workingDays", amount: 7 },
  { scale: "urgent", level: null, stage: "handle", unit: "calendarMinutes", amount: 120 },
  { scale: "small", level: null, stage: "verify", unit: "workingDays", amount: 1 },
];

describe("signboard promises from the deadline rules", () => {
  it("prints exactly the defaults for the seeded rules", () => {
    expect(promisesFromRules(SEEDED)).toEqual(DEFAULT_PROMISES);
  });

  it("prints a changed rule, and a grid-level rule before the any-level one", () => {
    const rules = SEEDED.map((r) => (r.scale === "small" && r.stage === "handle" ? { ...r, amount: 2 } : r));
    rules.push({ scale: "major", level: "grid", stage: "handle", unit: "workingDays", amount: 5 });
    rules.push({ scale: "micro", level: "town", stage: "handle", unit: "workingDays", amount: 4 });
    const byLabel = Object.fromEntries(promisesFromRules(rules).map((p) => [p.label, p.limit]));
    expect(byLabel).toMatchObject({ 小事: "2个工作日", 大事: "5个工作日", 微事: "当日办结" });
  });

  it("leaves off a scale without a rule", () => {
    expect(promisesFromRules(SEEDED.filter((r) => r.scale !== "urgent")).map((p) => p.label)).toEqual(["联系群众", "微事", "小事", "大事"]);
  });

  it("words each unit", () => {
    expect(limitText("calendarMinutes", 45)).toBe("45分钟内");
    expect(limitText("calendarMinutes", 90)).toBe("90分钟");
    expect(limitText("calendarMinutes", 180)).toBe("3小时");
    expect(limitText("workingHours", 4)).toBe("4个工作小时");
    expect(limitText("workingHours", 0.25)).toBe("15分钟内");
    expect(limitText("workingDays", 10)).toBe("10个工作日");
  });
});
