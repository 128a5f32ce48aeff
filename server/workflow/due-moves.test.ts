import { describe, expect, it } from "vitest";
import type { DueMove } from "./apply.js";
import { dueMoveAudits, overdueNow } from "./due-moves.js";

const NOW = new Date("2027-01-05T02:00:00Z");
const move = (from: string, to: string, over: Partial<DueMove> = {}): DueMove => ({
  entityType: "appeal",
  entityId: "a1",
  orgPath: "/c/d/t/v/",
  field: "dueAt",
  from: new Date(from),
  to: new Date(to),
  ...over,
});

describe("overdueNow", () => {
  it("counts due times that were ahead and now are not (the boundary counts: due at now is due)", () => {
    expect(overdueNow([move("2027-01-06T02:00:00Z", "2027-01-05T02:00:00Z")], NOW)).toBe(1);
    expect(overdueNow([move("2027-01-06T02:00:00Z", "2027-01-04T02:00:00Z")], NOW)).toBe(1);
  });

  it("leaves moves that stay ahead, later deadlines, and deadlines that were already past", () => {
    expect(overdueNow([move("2027-01-07T02:00:00Z", "2027-01-06T02:00:00Z")], NOW)).toBe(0);
    expect(overdueNow([move("2027-01-06T02:00:00Z", "2027-01-08T02:00:00Z")], NOW)).toBe(0);
    expect(overdueNow([move("2027-01-04T02:00:00Z", "2027-01-03T02:00:00Z")], NOW)).toBe(0);
    expect(overdueNow([move("2027-01-05T02:00:00Z", "2027-01-04T02:00:00Z")], NOW)).toBe(0);
  });
});

describe("dueMoveAudits", () => {
  it("gives each moved field its entity's own record with the old and new time and the dates behind it", () => {
    const moves = [move("2027-01-04T02:00:00Z", "2027-01-05T02:00:00Z"), move("2027-01-04T02:00:00Z", "2027-01-05T02:00:00Z", { entityType: "whistleSummons", entityId: "s1", field: "checkInDueAt" })];
    expect(dueMoveAudits(moves, { from: "2027-01-01", to: "2027-01-01" })).toEqual([
      {
        action: "appeal.dueRecomputed",
        entityType: "appeal",
        entityId: "a1",
        orgPath: "/c/d/t/v/",
        before: { dueAt: "2027-01-04T02:00:00.000Z" },
        after: { dueAt: "2027-01-05T02:00:00.000Z", calendarDates: { from: "2027-01-01", to: "2027-01-01" } },
      },
      {
        action: "whistleSummons.dueRecomputed",
        entityType: "whistleSummons",
        entityId: "s1",
        orgPath: "/c/d/t/v/",
        before: { checkInDueAt: "2027-01-04T02:00:00.000Z" },
        after: { checkInDueAt: "2027-01-05T02:00:00.000Z", calendarDates: { from: "2027-01-01", to: "2027-01-01" } },
      },
    ]);
  });
});
