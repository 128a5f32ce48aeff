import { describe, expect, it } from "vitest";
import { compute } from "./engine/index.js";
import { fullFacts, tinyScheme } from "./engine/engine.fixtures.js";
import { recomputeStored, storedBreakdown, type StoredBreakdown } from "./facts.js";

const AS_OF = new Date("2027-02-01T00:00:00Z");

function scored() {
  const scheme = tinyScheme();
  const facts = fullFacts();
  const out = compute(scheme, facts, AS_OF);
  if (!out.ok) throw new Error("the fixture scheme must score its full facts");
  return { scheme, facts, result: out.result };
}

describe("stored breakdown", () => {
  it("reproduces the whole result from the stored facts and points (version 2)", () => {
    const { scheme, facts, result } = scored();
    const stored = storedBreakdown(facts, result);
    expect(stored.v).toBe(2);
    // What is stored survives a JSON round trip (it is a jsonb column).
    const again = recomputeStored(scheme, JSON.parse(JSON.stringify(stored)) as StoredBreakdown);
    expect(again?.consistent).toBe(true);
    expect(again?.result).toEqual(result);
  });

  it("says so when the stored points differ from the recomputed ones", () => {
    const { scheme, facts, result } = scored();
    const stored = storedBreakdown(facts, result);
    if (stored.v !== 2) throw new Error("expected version 2");
    const first = stored.points[0] ?? 0;
    expect(recomputeStored(scheme, { ...stored, points: [first + 1, ...stored.points.slice(1)] })?.consistent).toBe(false);
    expect(recomputeStored(scheme, { ...stored, points: stored.points.slice(1) })?.consistent).toBe(false);
  });

  it("still reads version 1 rows (points keyed by indicator)", () => {
    const { scheme, facts, result } = scored();
    const v1: StoredBreakdown = {
      v: 1, asOf: result.asOf, facts,
      points: Object.fromEntries(result.breakdown.map((l) => [l.indicator, l.points])),
      dimensions: Object.fromEntries(result.dimensions.map((d) => [d.code, d.points])),
      vetoes: result.vetoes.map((v) => v.code),
    };
    expect(recomputeStored(scheme, v1)?.consistent).toBe(true);
    const wrong = { ...v1, points: { ...v1.points, [result.breakdown[0]?.indicator ?? ""]: 999 } };
    expect(recomputeStored(scheme, wrong)?.consistent).toBe(false);
  });

  it("is smaller than version 1", () => {
    const { facts, result } = scored();
    const v2 = JSON.stringify(storedBreakdown(facts, result));
    const v1 = JSON.stringify({ v: 1, asOf: result.asOf, facts, points: Object.fromEntries(result.breakdown.map((l) => [l.indicator, l.points])), dimensions: Object.fromEntries(result.dimensions.map((d) => [d.code, d.points])), vetoes: [] });
    expect(v2.length).toBeLessThan(v1.length);
  });
});
