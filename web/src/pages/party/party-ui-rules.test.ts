import { describe, expect, it } from "vitest";
import { NEXT_STATUS, attendanceSheet, gridEntries, importPercent } from "./party-ui-rules.js";

describe("party screen rules", () => {
  it("cycles a tapped member through every status and back", () => {
    let s = NEXT_STATUS.present;
    const seen = ["present"];
    while (s !== "present") {
      seen.push(s);
      s = NEXT_STATUS[s];
    }
    expect(seen).toEqual(["present", "excused", "absent"]);
  });

  it("keeps the recorded sheet and adds current members as absent", () => {
    const entries = gridEntries(
      [{ memberId: "a", name: "甲", status: "excused", reason: "农忙" }, { memberId: "gone", name: "已转出", status: "present", reason: null }],
      [{ id: "a", name: "甲" }, { id: "b", name: "乙" }],
    );
    expect(entries.map((e) => [e.memberId, e.status])).toEqual([["a", "excused"], ["gone", "present"], ["b", "absent"]]);
  });

  it("sends a reason only for excused members", () => {
    expect(attendanceSheet([{ memberId: "a", name: "甲", status: "present", reason: "stale" }, { memberId: "b", name: "乙", status: "excused", reason: "出差" }])).toEqual([
      { memberId: "a", status: "present", reason: null },
      { memberId: "b", status: "excused", reason: "出差" },
    ]);
  });

  it("moves the progress bar through reading, checking and writing", () => {
    expect(importPercent({ status: "running", phase: "queued", done: 0, total: null })).toBe(0);
    expect(importPercent({ status: "running", phase: "reading", done: 3000, total: null })).toBe(5);
    expect(importPercent({ status: "running", phase: "checking", done: 50, total: 100 })).toBe(50);
    expect(importPercent({ status: "running", phase: "writing", done: 100, total: 100 })).toBe(99);
    expect(importPercent({ status: "failed", phase: "done", done: 0, total: 0 })).toBe(100);
  });
});
