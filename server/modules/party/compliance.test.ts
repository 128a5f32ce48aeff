import { describe, expect, it } from "vitest";
import { MEETING_TYPES, type MeetingType } from "../../../common/party.js";
import { periodEndMonth, periodOf, yearCompliance, type HeldMeeting } from "./compliance.js";

const month = (m: number, day = 10): string => `2025-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** Every obligation of 2025 met, once. */
function fullYear(): HeldMeeting[] {
  const out: HeldMeeting[] = [];
  for (let m = 1; m <= 12; m++) {
    for (const type of ["branchCommittee", "groupMeeting", "themeDay"] as MeetingType[]) out.push({ type, heldOn: month(m) });
    if (m % 3 === 0) out.push({ type: "memberAssembly", heldOn: month(m) }, { type: "partyLecture", heldOn: month(m - 1) });
  }
  out.push({ type: "lifeMeeting", heldOn: month(1) }, { type: "democraticReview", heldOn: month(12, 20) });
  return out;
}

describe("periods", () => {
  it.each([
    ["monthly", 7, 7, 7],
    ["quarterly", 1, 1, 3],
    ["quarterly", 5, 2, 6],
    ["quarterly", 12, 4, 12],
    ["yearly", 4, 1, 12],
  ] as const)("%s: month %i is period %i, ending in month %i", (cadence, m, period, end) => {
    expect(periodOf(cadence, m)).toBe(period);
    expect(periodEndMonth(cadence, period)).toBe(end);
  });
});

describe("yearCompliance", () => {
  it("is all green with a held rate of 1 when every obligation was met", () => {
    const c = yearCompliance("branch", 2025, fullYear(), "2026-01-15");
    expect(c.months.map((m) => m.level)).toEqual(new Array(12).fill("green"));
    expect(c.months.map((m) => m.expected)).toEqual([3, 3, 5, 3, 3, 5, 3, 3, 5, 3, 3, 7]);
    expect(c.types.reduce((s, t) => s + t.expected, 0)).toBe(46);
    expect(c.heldRate).toBe(1);
  });

  it("counts a quarterly meeting held in any month of its quarter, and two in one period as one", () => {
    const meetings: HeldMeeting[] = [
      { type: "memberAssembly", heldOn: month(1) },
      { type: "memberAssembly", heldOn: month(2) },
    ];
    const c = yearCompliance("branch", 2025, meetings, "2026-01-01");
    const assembly = c.types.find((t) => t.type === "memberAssembly");
    expect(assembly).toEqual({ type: "memberAssembly", cadence: "quarterly", held: 2, expected: 4, met: 1 });
    expect(c.months[2]).toMatchObject({ month: 3, expected: 5, met: 1, level: "red" });
  });

  it("grades a month red/amber/green by the share of its obligations met", () => {
    const meetings: HeldMeeting[] = [
      { type: "branchCommittee", heldOn: month(4) },
      { type: "groupMeeting", heldOn: month(4) },
      { type: "branchCommittee", heldOn: month(5) },
    ];
    const c = yearCompliance("branch", 2025, meetings, "2026-01-01");
    expect(c.months[3]?.level).toBe("amber"); // 2 of 3
    expect(c.months[4]?.level).toBe("red"); // 1 of 3
    expect(c.months[4]?.held.branchCommittee).toBe(1);
  });

  it("leaves months that are not over pending, unless already met, and expects only ended periods", () => {
    const meetings = fullYear().filter((m) => m.heldOn < "2025-03-15");
    const c = yearCompliance("branch", 2025, meetings, "2025-03-15");
    expect(c.months.slice(0, 4).map((m) => m.level)).toEqual(["green", "green", "green", "pending"]);
    // March is green early: its assembly and lecture of Q1 and its monthly meetings are all in.
    expect(c.types.find((t) => t.type === "themeDay")?.expected).toBe(2);
    expect(c.types.find((t) => t.type === "memberAssembly")?.expected).toBe(0);
    expect(c.heldRate).toBe(1);
  });

  it("ignores other years and does not apply the branch cadence to a committee", () => {
    const c = yearCompliance("committee", 2025, [...fullYear(), { type: "themeDay", heldOn: "2024-12-31" }], "2026-01-01");
    expect(c.applicable).toBe(false);
    expect(c.heldRate).toBeNull();
    expect(c.months.every((m) => m.level === "notApplicable")).toBe(true);
    expect(c.types.find((t) => t.type === "themeDay")?.held).toBe(12);
  });

  it("has one entry per meeting type", () => {
    expect(yearCompliance("branch", 2025, [], "2026-06-01").types.map((t) => t.type)).toEqual([...MEETING_TYPES]);
    expect(yearCompliance("branch", 2025, [], "2026-06-01").heldRate).toBe(0);
  });
});
