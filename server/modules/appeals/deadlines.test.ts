import { describe, expect, it } from "vitest";
import { currentDeadline, dueAfter, nextLevel, yellowAt } from "./deadlines.js";

const TZ = "Asia/Shanghai";
const at = (s: string) => new Date(s);

describe("appeal deadlines (PRACTICE §6.6)", () => {
  it("contact within 30 working minutes; a Saturday report waits for Monday's opening", () => {
    // 2026-03-02 is a Monday; 10:00 local = 02:00Z.
    expect(dueAfter({ unit: "workingHours", amount: 0.5, yellowPercent: 67 }, at("2026-03-02T02:00:00Z"), TZ).toISOString()).toBe("2026-03-02T02:30:00.000Z");
    // Saturday 2026-03-07 20:00 local → Monday 08:30 + 30 min = 09:00 local = 01:00Z.
    expect(dueAfter({ unit: "workingHours", amount: 0.5, yellowPercent: 67 }, at("2026-03-07T12:00:00Z"), TZ).toISOString()).toBe("2026-03-09T01:00:00.000Z");
  });

  it("小事 3 working days skip the weekend; 紧急 2 hours run at night too; 微事 ends the local day", () => {
    expect(dueAfter({ unit: "workingDays", amount: 3, yellowPercent: 67 }, at("2026-03-05T02:00:00Z"), TZ).toISOString()).toBe("2026-03-10T02:00:00.000Z");
    expect(dueAfter({ unit: "calendarMinutes", amount: 120, yellowPercent: 67 }, at("2026-03-07T15:00:00Z"), TZ).toISOString()).toBe("2026-03-07T17:00:00.000Z");
    expect(dueAfter({ unit: "sameDay", amount: 0, yellowPercent: 67 }, at("2026-03-02T02:00:00Z"), TZ).toISOString()).toBe("2026-03-02T15:59:59.999Z");
  });

  it("counts 调休: the National Day make-up Saturday is a working day", () => {
    // 2025-09-28 (Sunday) is a make-up working day before the 2025 National Day holiday.
    const due = dueAfter({ unit: "workingDays", amount: 1, yellowPercent: 67 }, at("2025-09-27T02:00:00Z"), TZ);
    expect(due.toISOString()).toBe("2025-09-28T09:30:00.000Z");
  });

  it("starts the handle clock at acceptance and adds approved extension days", () => {
    const rules = { handle: { unit: "workingDays" as const, amount: 3, yellowPercent: 50 } };
    const d = currentDeadline({ status: "inProgress", enteredAt: at("2026-03-04T02:00:00Z"), acceptedAt: at("2026-03-02T02:00:00Z"), rules, extensionDays: 2 }, TZ);
    expect(d?.stage).toBe("handle");
    expect(d?.dueAt.toISOString()).toBe("2026-03-09T02:00:00.000Z");
    expect(yellowAt(rules.handle, at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z")).toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(currentDeadline({ status: "closed", enteredAt: at("2026-03-02T02:00:00Z"), acceptedAt: null, rules, extensionDays: 0 }, TZ)).toBeNull();
  });

  it("climbs grid → village → town → district and stops there", () => {
    expect([nextLevel("grid"), nextLevel("village"), nextLevel("town"), nextLevel("district")]).toEqual(["village", "town", "district", null]);
  });
});
