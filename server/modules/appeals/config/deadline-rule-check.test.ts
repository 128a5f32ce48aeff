import { describe, expect, it } from "vitest";
import { ruleProblem, storedAmount } from "./deadline-rule-check.js";

describe("deadline rule checks", () => {
  it("accepts the PRACTICE §6.6 defaults", () => {
    expect(ruleProblem("workingHours", 0.5)).toBeNull();
    expect(ruleProblem("calendarMinutes", 30)).toBeNull();
    expect(ruleProblem("workingDays", 3)).toBeNull();
    expect(ruleProblem("calendarMinutes", 120)).toBeNull();
    expect(ruleProblem("sameDay", 0)).toBeNull();
  });

  it("refuses zero, negative and non-finite durations", () => {
    expect(ruleProblem("workingDays", 0)?.key).toBe("deadline.positive");
    expect(ruleProblem("workingHours", -1)?.key).toBe("deadline.positive");
    expect(ruleProblem("calendarMinutes", Number.NaN)?.key).toBe("deadline.positive");
  });

  it("refuses fractions where the calendar counts whole units, and odd hour fractions", () => {
    expect(ruleProblem("workingDays", 2.5)?.key).toBe("deadline.wholeNumber");
    expect(ruleProblem("calendarMinutes", 30.5)?.key).toBe("deadline.wholeNumber");
    expect(ruleProblem("workingHours", 0.1)?.key).toBe("deadline.halfHours");
    expect(ruleProblem("workingHours", 1.25)).toBeNull();
  });

  it("refuses limits past the unit's maximum", () => {
    expect(ruleProblem("workingDays", 31)).toMatchObject({ field: "amount", key: "deadline.tooLong", params: { max: 30 } });
    expect(ruleProblem("calendarMinutes", 7 * 24 * 60 + 1)?.key).toBe("deadline.tooLong");
  });

  it("stores 0 for sameDay whatever was sent", () => {
    expect(storedAmount("sameDay", 5)).toBe(0);
    expect(storedAmount("workingDays", 5)).toBe(5);
  });
});
