import { describe, expect, it } from "vitest";
import { defaultDeadlines, localStamp, whistleStatusOf } from "./whistle-rules.js";

const TZ = "Asia/Shanghai";

describe("whistle deadlines", () => {
  it("gives an emergency 30 wall-clock minutes to check in and 2 hours to finish, even at night", () => {
    const at = new Date("2026-10-03T15:00:00Z"); // 23:00 local, during the National Day holiday
    const d = defaultDeadlines("emergency", at, TZ);
    expect(d.checkInDueAt.toISOString()).toBe("2026-10-03T15:30:00.000Z");
    expect(d.doneDueAt.toISOString()).toBe("2026-10-03T17:00:00.000Z");
  });

  it("gives other whistles one working day to check in, counted over the holiday calendar", () => {
    const fri = new Date("2026-11-27T02:00:00Z"); // Friday 10:00 local
    const d = defaultDeadlines("jointEnforcement", fri, TZ);
    expect(d.checkInDueAt.getTime()).toBeGreaterThan(new Date("2026-11-29T16:00:00Z").getTime()); // after the weekend
    expect(d.doneDueAt.getTime()).toBeGreaterThan(d.checkInDueAt.getTime());
  });
});

describe("whistle status from its summons", () => {
  it.each([
    [["summoned", "overdue"], "blown"],
    [["checkedIn", "summoned"], "responding"],
    [["reported", "rated", "cancelled"], "handled"],
    [["rated", "cancelled"], "closed"],
    [["cancelled", "cancelled"], "cancelled"],
    [["reported", "overdue"], "responding"],
  ] as const)("%j → %s", (summons, status) => {
    expect(whistleStatusOf(summons)).toBe(status);
  });
});

describe("deadline stamps in messages", () => {
  it("reads local time", () => {
    expect(localStamp(new Date("2026-03-02T01:30:00Z"), TZ)).toBe("2026-03-02 09:30");
    expect(localStamp(new Date("2026-03-02T16:05:00Z"), TZ)).toBe("2026-03-03 00:05");
  });
});
