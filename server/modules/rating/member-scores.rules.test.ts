import { describe, expect, it } from "vitest";
import { memberStar2026 } from "./engine/index.js";
import { branchIndicators, checkEntry, countedScore, maxFor } from "./member-scores.rules.js";

const scheme = structuredClone(memberStar2026);
scheme.dimensions[1]!.indicators[1] = { ...scheme.dimensions[1]!.indicators[1]!, categoryOverrides: { mobile: { maxPoints: 10 }, elderly: { enabled: false } } };
const inds = new Map(branchIndicators(scheme).map((i) => [i.code, i]));
const cats = new Map([["a", "regular"], ["b", "mobile"], ["c", "elderly"]]);

describe("branch-scored member indicators", () => {
  it("are the manual and yes/no indicators the branch scores, never counted or automatic ones", () => {
    expect([...inds.keys()]).toEqual(["dues", "commitment", "performance"]);
    expect(inds.get("dues")?.max).toBe(1);
    expect(inds.get("performance")?.exemptCategories).toEqual(["elderly"]);
    expect(maxFor(inds.get("performance")!, "mobile")).toBe(10);
    expect(maxFor(inds.get("performance")!, "unknown")).toBe(15);
  });

  it("checks member, indicator, max per category and yes/no", () => {
    expect(checkEntry(0, { memberId: "a", indicator: "performance", score: 15 }, inds, cats)).toBeNull();
    expect(checkEntry(0, { memberId: "a", indicator: "performance", score: 15.5 }, inds, cats)).toMatchObject({ field: "scores.0.score", key: "rating.memberScores.aboveMax", params: { max: 15 } });
    expect(checkEntry(1, { memberId: "b", indicator: "performance", score: 11 }, inds, cats)).toMatchObject({ field: "scores.1.score", params: { max: 10 } });
    expect(checkEntry(2, { memberId: "c", indicator: "performance", score: 1 }, inds, cats)?.key).toBe("rating.memberScores.exempt");
    expect(checkEntry(2, { memberId: "c", indicator: "performance", score: null }, inds, cats)).toBeNull();
    expect(checkEntry(0, { memberId: "z", indicator: "dues", score: 1 }, inds, cats)?.field).toBe("scores.0.memberId");
    expect(checkEntry(0, { memberId: "a", indicator: "meeting", score: 1 }, inds, cats)?.field).toBe("scores.0.indicator");
    expect(checkEntry(0, { memberId: "a", indicator: "dues", score: 0.5 }, inds, cats)?.key).toBe("rating.memberScores.yesNo");
    expect(checkEntry(0, { memberId: "a", indicator: "dues", score: 0 }, inds, cats)).toBeNull();
  });

  it("counts a stored score above a lowered max at that max, marked, and drops what no longer applies", () => {
    const perf = inds.get("performance");
    expect(countedScore(perf, "regular", 12)).toEqual({ score: 12, overMax: false });
    expect(countedScore(perf, "regular", 15)).toEqual({ score: 15, overMax: false });
    // The mobile category's max is 10 in this version: 12 entered under an older one counts as 10.
    expect(countedScore(perf, "mobile", 12)).toEqual({ score: 10, overMax: true, entered: 12, max: 10 });
    expect(countedScore(perf, "elderly", 12)).toBeNull();
    expect(countedScore(undefined, "regular", 3)).toBeNull();
    expect(countedScore(perf, "regular", -1)).toBeNull();
    const dues = inds.get("dues");
    expect(countedScore(dues, "regular", 1)).toEqual({ score: 1, overMax: false });
    expect(countedScore(dues, "regular", 5)).toEqual({ score: 1, overMax: true, entered: 5, max: 1 });
    expect(countedScore(dues, "regular", 0.5)).toBeNull();
  });
});
