import { describe, expect, it } from "vitest";
import { countAttendance, parseRosterLine, parseSheetLine, type Sheet } from "./member-attendance.js";

const zero = { expected: 0, present: 0, counted: 0, themeDays: 0, excused: 0, absent: 0 };

describe("countAttendance", () => {
  it("reads position i of a sheet as the roster's i-th member, by meeting class", () => {
    const rosters = new Map([["r1", ["a", "b", "c"]]]);
    const sheets: Sheet[] = [
      { r: "r1", c: 1, a: "PEA" },
      { r: "r1", c: 2, a: "PPA" },
      { r: "r1", c: 0, a: "APP" },
    ];
    const out = countAttendance(rosters, sheets);
    expect(out.get("a")).toEqual({ ...zero, expected: 3, present: 2, counted: 1, themeDays: 1, absent: 1 });
    expect(out.get("b")).toEqual({ ...zero, expected: 3, present: 2, themeDays: 1, excused: 1 });
    expect(out.get("c")).toEqual({ ...zero, expected: 3, present: 1, absent: 2 });
  });

  it("counts a position past the sheet's end or with another code as a sheet the member was on, as substr did", () => {
    const out = countAttendance(new Map([["r", ["a", "b", "c"]]]), [{ r: "r", c: 1, a: "X" }, { r: "r", c: 1, a: "P" }]);
    expect(out.get("a")).toEqual({ ...zero, expected: 2, present: 1, counted: 1 });
    expect(out.get("c")).toEqual({ ...zero, expected: 2 });
  });

  it("reads positions as characters, not UTF-16 units, and counts a member listed twice twice", () => {
    const out = countAttendance(new Map([["r", ["a", "b", "a"]]]), [{ r: "r", c: 0, a: "😀PE" }]);
    expect(out.get("a")).toEqual({ ...zero, expected: 2, excused: 1 });
    expect(out.get("b")).toEqual({ ...zero, expected: 1, present: 1 });
  });

  it("skips sheets whose roster was not read", () => {
    expect(countAttendance(new Map(), [{ r: "gone", c: 1, a: "P" }]).size).toBe(0);
  });
});

describe("attendance lines", () => {
  const r = "11111111-1111-1111-1111-111111111111";
  const a = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
  const b = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb";
  it("splits a roster line into its id and its member ids by position, a NULL's dashes kept", () => {
    expect(parseRosterLine(`${r}${a}${"-".repeat(36)}${b}`)).toEqual([r, [a, "-".repeat(36), b]]);
    expect(parseRosterLine(r)).toEqual([r, []]);
  });
  it("reads a sheet line's roster, class and codes, non-ASCII codes left for countAttendance", () => {
    expect(parseSheetLine(`${r}1PEA`)).toEqual({ r, c: 1, a: "PEA" });
    expect(parseSheetLine(`${r}2`)).toEqual({ r, c: 2, a: "" });
    expect(parseSheetLine(`${r}0😀P E`)).toEqual({ r, c: 0, a: "😀P E" });
  });
});
