import { describe, expect, it } from "vitest";
import { fromParams, toFen, toParams, type PlanFormValues } from "./allocation-params.js";

const form: PlanFormValues = {
  name: "2026年村级组织运转奖补",
  schemeId: "00000000-0000-4000-8000-000000000000",
  orgUnitId: "00000000-0000-4000-8000-000000000001",
  poolYuan: 2_000_000.01,
  multipliers: [
    { grade: "五星", value: 1.3 },
    { grade: "无星", value: 0.8 },
  ],
  minYuan: 1000.5,
  maxYuan: null,
  rectificationShare: 0.1,
  rectificationMaxStars: 1,
  priorities: [{ minStars: 4, priority: "first" }],
};

describe("allocation form ↔ API", () => {
  it("turns yuan into whole fen without float drift", () => {
    expect(toFen(2_000_000.01)).toBe(200_000_001);
    expect(toFen(0.29)).toBe(29);
  });

  it("round-trips the parameters, grades sorted from five stars down", () => {
    const params = toParams(form);
    expect(params).toEqual({ starMultipliers: { 五星: 1.3, 无星: 0.8 }, minFen: 100_050, maxFen: null, rectificationShare: 0.1, rectificationMaxStars: 1, priorities: [{ minStars: 4, priority: "first" }] });
    const back = fromParams({ ...params, starMultipliers: { 一星: 0.8, 三星: 1, 五星: 1.3, 无星: 0.8 } });
    expect(back.multipliers.map((m) => m.grade)).toEqual(["五星", "三星", "一星", "无星"]);
    expect(back.minYuan).toBe(1000.5);
    expect(back.maxYuan).toBeNull();
  });
});
