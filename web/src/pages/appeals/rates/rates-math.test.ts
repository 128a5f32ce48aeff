import { describe, expect, it } from "vitest";
import type { UnitRates } from "../../../../../common/contract/rates.contract.js";
import { byRank, countsOf, pct, pooled } from "./rates-math.js";

function unit(name: string, c: Partial<UnitRates> = {}): UnitRates {
  return {
    unitId: crypto.randomUUID(),
    name,
    parentName: null,
    appeals: 0,
    respondedOnTime: 0,
    resolved: 0,
    rated: 0,
    satisfied: 0,
    responseRate: null,
    resolutionRate: null,
    satisfactionRate: null,
    ranks: { response: null, resolution: null, satisfaction: null },
    ...c,
  };
}

describe("rates dashboard arithmetic", () => {
  it("pools counts, not ratios: a big unit weighs more than a small one", () => {
    const big = unit("big", { appeals: 90, respondedOnTime: 45 });
    const small = unit("small", { appeals: 10, respondedOnTime: 10 });
    expect(pooled([big, small], "response")).toBeCloseTo(0.55);
  });

  it("has no rate without a denominator (null, shown as a dash, not 0%)", () => {
    expect(pooled([unit("a", { appeals: 3, resolved: 1 })], "satisfaction")).toBeNull();
    expect(pooled([], "response")).toBeNull();
    expect(pct(null)).toBe("—");
    expect(pct(0)).toBe("0.0%");
    expect(pct(0.875)).toBe("87.5%");
  });

  it("satisfaction counts only rated appeals", () => {
    expect(countsOf(unit("a", { appeals: 10, rated: 4, satisfied: 3 }), "satisfaction")).toEqual([3, 4]);
  });

  it("orders by the server's rank, unranked last, ties by volume", () => {
    const a = unit("a", { appeals: 5, ranks: { response: 2, resolution: null, satisfaction: null } });
    const b = unit("b", { appeals: 1, ranks: { response: 1, resolution: null, satisfaction: null } });
    const c = unit("c", { appeals: 50 });
    const d = unit("d", { appeals: 7 });
    expect(byRank([c, a, d, b], "response").map((u) => u.name)).toEqual(["b", "a", "c", "d"]);
  });
});
