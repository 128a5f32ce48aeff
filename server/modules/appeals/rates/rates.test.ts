import { describe, expect, it } from "vitest";
import { average, rankBy, ratesOf, ratio } from "./rates.js";

describe("rate arithmetic", () => {
  it("divides and rounds to four decimals; an empty denominator is no data", () => {
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(0, 5)).toBe(0);
    expect(ratio(5, 5)).toBe(1);
    expect(ratio(0, 0)).toBeNull();
  });

  it("refuses impossible counts", () => {
    expect(() => ratio(4, 3)).toThrow(RangeError);
    expect(() => ratio(-1, 3)).toThrow(RangeError);
    expect(() => ratio(1.5, 3)).toThrow(RangeError);
  });

  it("computes the three rates from hand-counted appeals", () => {
    // 8 appeals: 6 accepted in time, 5 resolved, 4 rated of which 3 gave 4 or 5.
    expect(ratesOf({ appeals: 8, respondedOnTime: 6, resolved: 5, rated: 4, satisfied: 3 })).toEqual({
      responseRate: 0.75,
      resolutionRate: 0.625,
      satisfactionRate: 0.75,
    });
    expect(ratesOf({ appeals: 0, respondedOnTime: 0, resolved: 0, rated: 0, satisfied: 0 })).toEqual({ responseRate: null, resolutionRate: null, satisfactionRate: null });
  });

  it("averages ratings to two decimals", () => {
    expect(average(13, 3)).toBe(4.33);
    expect(average(0, 0)).toBeNull();
  });
});

describe("rankings", () => {
  const units = [
    { id: "a", rate: 0.9, n: 10 },
    { id: "b", rate: 1, n: 1 },
    { id: "c", rate: 0.9, n: 12 },
    { id: "d", rate: null, n: 0 },
    { id: "e", rate: 0.5, n: 4 },
  ];

  it("ranks higher first with shared ranks for ties (1, 1, 3)", () => {
    const r = rankBy(units, (u) => u.rate, (u) => u.n);
    expect(r.map((x) => [x.item.id, x.rank])).toEqual([["a", 2], ["b", 1], ["c", 2], ["d", null], ["e", 4]]);
  });

  it("leaves units below the minimum sample unranked", () => {
    const r = rankBy(units, (u) => u.rate, (u) => u.n, 5);
    expect(r.map((x) => [x.item.id, x.rank])).toEqual([["a", 1], ["b", null], ["c", 1], ["d", null], ["e", null]]);
  });
});
