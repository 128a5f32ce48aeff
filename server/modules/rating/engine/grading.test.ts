import { describe, expect, it } from "vitest";
import { gradeByBands, gradeByStars, gradeOrder, starsEarned, strictestCap, worseGrade } from "./grading.js";
import { fmt, fromCents, roundHalfAway, toCents } from "./rounding.js";
import type { Grading } from "./schema.js";

const bands: Extract<Grading, { model: "bands" }> = {
  model: "bands",
  bands: [
    { grade: "五星", minScore: 95 },
    { grade: "四星", minScore: 90 },
    { grade: "三星", minScore: 80 },
  ],
  belowGrade: "无星",
};
const stars: Extract<Grading, { model: "perDimensionStars" }> = { model: "perDimensionStars", passShare: 0.8, starGrades: ["无星", "一星", "二星", "三星"] };
const quota: Grading = { model: "rankQuota", quotas: [{ grade: "优秀", maxShare: 0.3 }], restGrade: "合格", failBelow: { grade: "不合格", minScore: 60 } };

describe("grading", () => {
  it.each([
    [bands, ["五星", "四星", "三星", "无星"]],
    [stars, ["三星", "二星", "一星", "无星"]],
    [quota, ["优秀", "合格", "不合格"]],
    [{ model: "rankQuota", quotas: [{ grade: "优秀", maxShare: 0.3 }], restGrade: "合格" } as Grading, ["优秀", "合格"]],
  ] as [Grading, string[]][])("orders the grades of %o best first", (grading, order) => {
    expect(gradeOrder(grading)).toEqual(order);
  });

  it.each([
    [100, "五星"],
    [95, "五星"],
    [94.99, "四星"],
    [80, "三星"],
    [79.99, "无星"],
    [-5, "无星"],
  ])("bands: %d → %s", (total, grade) => {
    expect(gradeByBands(bands, total)).toBe(grade);
  });

  it("stars: one per dimension at the pass share, none for a dimension worth 0", () => {
    expect(
      starsEarned(0.8, [
        { points: 20, max: 25 },
        { points: 19.99, max: 25 },
        { points: 0, max: 0 },
        { points: -3, max: 10 },
        { points: 10, max: 10 },
      ]),
    ).toEqual([true, false, false, false, true]);
    expect([0, 1, 3, 7].map((n) => gradeByStars(stars, n))).toEqual(["无星", "一星", "三星", "三星"]);
  });

  it.each([
    ["四星", null, "四星"],
    ["四星", "三星", "三星"],
    ["三星", "四星", "三星"],
    ["无星", "三星", "无星"],
    ["四星", "六星", "四星"],
  ])("worseGrade(%s, cap %s) = %s", (grade, cap, want) => {
    expect(worseGrade(gradeOrder(bands), grade, cap)).toBe(want);
  });

  it("the strictest cap wins", () => {
    expect(strictestCap(gradeOrder(bands), ["四星", "三星", "五星"])).toBe("三星");
    expect(strictestCap(gradeOrder(bands), [])).toBeNull();
  });
});

describe("rounding", () => {
  it.each([
    [1.005, 2, 1.01],
    [1.004, 2, 1],
    [2.675, 2, 2.68],
    [-2.675, 2, -2.68],
    [0.125, 2, 0.13],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-0.001, 2, 0],
    [123.456789, 4, 123.4568],
  ])("roundHalfAway(%d, %d) = %d", (x, digits, want) => {
    expect(roundHalfAway(x, digits)).toBe(want);
    expect(Object.is(roundHalfAway(x, digits), -0)).toBe(false);
  });

  it("counts cents half away from zero and formats short decimals", () => {
    expect([0.125, 0.115, -0.125, 7.6667, 1 / 3].map(toCents)).toEqual([13, 12, -13, 767, 33]);
    expect(fromCents(767)).toBe(7.67);
    expect([0.75, 1 / 3, -0, 6.666666666666668, 10].map(fmt)).toEqual(["0.75", "0.3333", "0", "6.6667", "10"]);
  });
});
