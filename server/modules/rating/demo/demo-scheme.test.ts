import { describe, expect, it } from "vitest";
import { evaluateFormula, fortress2026, validateScheme, type Indicator } from "../engine/index.js";
import { demoFortressScheme } from "./demo-scheme.js";

const ALL_APPEALS = new Set(["appeals.responseRate", "appeals.resolutionRate", "appeals.satisfactionRate", "appeals.count", "appeals.rated", "orgLife.attendanceRate", "orgLife.heldRate", "orgLife.themeDayCount"]);

function indicator(code: string, published: ReadonlySet<string>): Indicator {
  const scheme = demoFortressScheme(fortress2026, 2025, published);
  const ind = scheme.dimensions.flatMap((d) => d.indicators).find((i) => i.code === code);
  if (!ind) throw new Error(`${code} missing`);
  return ind;
}

function points(ind: Indicator, values: Record<string, number>): number {
  if (ind.method !== "formula") throw new Error(`${ind.code} is ${ind.method}`);
  const r = evaluateFormula(ind.expression, values);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe("demo fortress scheme with demo appeals (无诉求不扣分)", () => {
  it("scores the appeals rates automatically, full points for a village without appeals", () => {
    const response = indicator("serve.appealResponse", ALL_APPEALS);
    expect(response).toMatchObject({ source: "auto", method: "formula", maxPoints: 5 });
    expect(points(response, {})).toBe(5);
    expect(points(response, { "appeals.count": 4, "appeals.responseRate": 0.75 })).toBe(3.75);
    expect(points(response, { "appeals.count": 4, "appeals.responseRate": 1 })).toBe(5);
  });

  it("keeps the default's bands for the resolution rate", () => {
    const resolution = indicator("serve.appealResolution", ALL_APPEALS);
    expect(points(resolution, {})).toBe(6);
    expect(points(resolution, { "appeals.count": 10, "appeals.resolutionRate": 0.95 })).toBe(6);
    expect(points(resolution, { "appeals.count": 10, "appeals.resolutionRate": 0.92 })).toBe(5);
    expect(points(resolution, { "appeals.count": 10, "appeals.resolutionRate": 0.85 })).toBe(3);
    expect(points(resolution, { "appeals.count": 10, "appeals.resolutionRate": 0.6 })).toBe(1);
    expect(points(resolution, { "appeals.count": 10, "appeals.resolutionRate": 0.5 })).toBe(0);
  });

  it("bases satisfaction on rated appeals: appeals nobody rated do not cost points", () => {
    const satisfaction = indicator("mass.appealSatisfaction", ALL_APPEALS);
    expect(points(satisfaction, { "appeals.count": 3 })).toBe(4);
    expect(points(satisfaction, { "appeals.count": 3, "appeals.rated": 2, "appeals.satisfactionRate": 0.5 })).toBe(2);
  });

  it("leaves metrics without demo data to the town, and the scheme stays valid either way", () => {
    expect(indicator("serve.tasksOnTime", ALL_APPEALS)).toMatchObject({ source: "manual", roles: ["town"], method: "bands" });
    expect(indicator("serve.appealResponse", new Set())).toMatchObject({ source: "manual", roles: ["town"], method: "ratio" });
    for (const published of [ALL_APPEALS, new Set<string>()]) {
      expect(validateScheme({ ...demoFortressScheme(fortress2026, 2025, published), issuingUnit: "4405" })).toEqual([]);
    }
  });
});
