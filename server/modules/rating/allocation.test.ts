import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allocate, priorityOf, type AllocationRule, type AllocationSubject } from "./allocation.js";

const MULT = { 五星: 1.3, 四星: 1.15, 三星: 1, 二星: 0.9, 一星: 0.8, 无星: 0.8 };
const GRADES = ["五星", "四星", "三星", "二星", "一星", "无星"] as const;
const starsOf = (g: string): number => 5 - GRADES.indexOf(g as (typeof GRADES)[number]);
const rule = (over: Partial<AllocationRule> = {}): AllocationRule => ({
  poolFen: 1_000_000_00, starMultipliers: MULT, minFen: 0, maxFen: null, rectificationShare: 0, rectificationMaxStars: 1, priorities: [], ...over,
});
const village = (id: string, grade: (typeof GRADES)[number], category: string | null = "rural"): AllocationSubject => ({ id, grade, stars: starsOf(grade), category });

describe("allocate", () => {
  it("shares by star multiplier and sums to the pool to the fen", () => {
    const out = allocate([village("a", "五星"), village("b", "三星"), village("c", "三星")], rule({ poolFen: 330_00 }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.lines.map((l) => l.amountFen)).toEqual([130_00, 100_00, 100_00]);
  });

  it("keeps the rounding exact: 1 fen over 3 equal villages", () => {
    const out = allocate([village("a", "三星"), village("b", "三星"), village("c", "三星")], rule({ poolFen: 100 }));
    expect(out.ok && out.lines.map((l) => l.amountFen)).toEqual([34, 33, 33]);
  });

  it("water-fills: a village held at its minimum or maximum, the others share the rest by weight", () => {
    const out = allocate([village("a", "五星"), village("b", "一星"), village("c", "一星")], rule({ poolFen: 10_000, minFen: 3_000, maxFen: 4_000 }));
    if (!out.ok) throw new Error("refused");
    expect(out.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(10_000);
    for (const l of out.lines) expect(l.amountFen).toBeGreaterThanOrEqual(3_000);
    for (const l of out.lines) expect(l.amountFen).toBeLessThanOrEqual(4_000);
    expect(out.lines[0]).toMatchObject({ amountFen: 4_000, bound: "max" });
  });

  it("earmarks a share for rectification villages only", () => {
    const out = allocate([village("a", "五星"), village("b", "一星"), village("c", "三星", "rectify")], rule({ poolFen: 100_000, rectificationShare: 0.1 }));
    if (!out.ok) throw new Error("refused");
    expect(out.earmarkFen).toBe(10_000);
    expect(out.lines.map((l) => l.earmarkFen)).toEqual([0, 5_000, 5_000]);
    expect(out.lines.map((l) => l.rectify)).toEqual([false, true, true]);
  });

  it("refuses an impossible pool, naming the field", () => {
    expect(allocate([village("a", "三星"), village("b", "三星")], rule({ poolFen: 100, minFen: 60 }))).toMatchObject({ ok: false, field: "poolFen", key: "allocation.poolBelowMin" });
    expect(allocate([village("a", "三星")], rule({ poolFen: 100, maxFen: 60 }))).toMatchObject({ ok: false, field: "poolFen", key: "allocation.poolAboveMax" });
    expect(allocate([village("a", "三星")], rule({ minFen: 70, maxFen: 60 }))).toMatchObject({ ok: false, field: "params.minFen" });
    expect(allocate([{ id: "x", grade: "金星", stars: 5, category: null }], rule())).toMatchObject({ ok: false, key: "allocation.unknownGrade" });
  });

  it("gives project priority by stars", () => {
    const rows = [{ minStars: 4, priority: "first" as const }, { minStars: 2, priority: "normal" as const }, { minStars: 0, priority: "conditional" as const }];
    expect([5, 4, 3, 1, null].map((s) => priorityOf(s, rows))).toEqual(["first", "first", "normal", "conditional", "conditional"]);
  });

  it("property: sums to the pool exactly, within bounds, more stars never get less (same category)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...GRADES), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        (grades, pool, share, bounds) => {
          const n = grades.length;
          const minFen = bounds & 1 ? Math.floor(pool / n / 2) : 0;
          const maxFen = bounds & 2 ? Math.ceil((pool / n) * 2) : null;
          const subjects = grades.map((g, i) => village(String(i), g));
          const out = allocate(subjects, rule({ poolFen: pool, minFen, maxFen, rectificationShare: share }));
          if (!out.ok) return;
          expect(out.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(pool);
          for (const l of out.lines) {
            expect(Number.isInteger(l.amountFen)).toBe(true);
            expect(l.amountFen).toBeGreaterThanOrEqual(minFen);
            if (maxFen !== null && !l.rectify) expect(l.amountFen).toBeLessThanOrEqual(maxFen + 1);
          }
          // Among non-rectification villages, a better grade never gets less (±1 fen of rounding).
          const plain = out.lines.filter((l) => !l.rectify);
          for (const a of plain) for (const b of plain) if (a.multiplier > b.multiplier) expect(a.amountFen).toBeGreaterThanOrEqual(b.amountFen - 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
