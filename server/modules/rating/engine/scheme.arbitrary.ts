import fc, { type GeneratorValue } from "fast-check";
import type { Facts, Indicator, Scheme } from "./schema.js";

const ROLES = ["self", "town", "district"];
const GRADES = ["五星", "四星", "三星", "二星", "一星"];

/** A random valid indicator of any method; numbers are small so edge cases come up often. */
function genIndicator(g: GeneratorValue, code: string, negative: boolean): Indicator {
  const method = g(() => fc.constantFrom("manual", "perEvent", "ratio", "boolean", "bands", "formula" as const));
  const auto = g(fc.boolean);
  const base = { code, name: code, negative, evidence: "none" as const };
  const manual = { source: "manual" as const, roles: g(() => fc.subarray(ROLES, { minLength: 1 })).concat("town").filter((r, i, a) => a.indexOf(r) === i) };
  const metric = { source: "auto" as const, metric: `m.${code}` };
  switch (method) {
    case "manual":
      return { ...base, ...manual, method, maxPoints: g(fc.integer, { min: 1, max: 20 }) };
    case "perEvent": {
      const perEvent = g(fc.integer, { min: 1, max: 5 });
      const cap = perEvent * g(fc.integer, { min: 1, max: 5 });
      return { ...base, ...(auto ? metric : { source: "manual" as const }), method, perEvent, cap, maxPoints: cap };
    }
    case "ratio":
      return { ...base, ...(auto ? metric : manual), method, target: g(() => fc.constantFrom(0.5, 1, 10)), maxPoints: g(fc.integer, { min: 1, max: 20 }) };
    case "boolean":
      return { ...base, ...(auto ? metric : manual), method, maxPoints: g(fc.integer, { min: 1, max: 20 }) };
    case "bands": {
      const max = g(fc.integer, { min: 1, max: 20 });
      const mins = g(() => fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 })).sort((a, b) => b - a);
      const points = g(() => fc.array(fc.integer({ min: 0, max }), { minLength: mins.length, maxLength: mins.length })).sort((a, b) => b - a);
      return { ...base, ...(auto ? metric : manual), method, maxPoints: max, bands: mins.map((min, i) => ({ min, points: points[i] ?? 0 })) };
    }
    case "formula": {
      const max = g(fc.integer, { min: 1, max: 20 });
      // Monotone in its input, so the monotonicity property holds for formulas too.
      return { ...base, source: "auto", method, maxPoints: max, expression: `min(f.${code} * ${g(fc.integer, { min: 1, max: 4 })}, ${max + 5}) - 1`, inputs: [`f.${code}`] };
    }
  }
}

/** A random valid scheme: 1–3 dimensions, 1–4 indicators each, some deductions, every veto effect. */
export function genScheme(g: GeneratorValue): Scheme {
  const dimensions = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, (_, d) => {
    const indicators = Array.from({ length: g(fc.integer, { min: 1, max: 4 }) }, (_, i) => genIndicator(g, `d${d}i${i}`, false));
    if (g(fc.boolean)) indicators.push(genIndicator(g, `d${d}n`, true));
    return { code: `d${d}`, name: `d${d}`, maxPoints: indicators.reduce((s, i) => s + (i.negative ? 0 : i.maxPoints), 0), indicators };
  });
  const first = dimensions[0]?.indicators[0]?.code ?? "d0i0";
  return {
    code: "gen",
    programme: "fortress",
    year: 2026,
    issuingUnit: "440500",
    subjectLevel: "village",
    version: 1,
    status: "published",
    totalPoints: dimensions.reduce((s, d) => s + d.maxPoints, 0),
    categories: [{ code: "k", name: "k" }],
    dimensions: dimensions.map((d, i) => (i === 0 ? { ...d, indicators: d.indicators.map((ind) => (ind.code === first && dimensions.length > 1 ? { ...ind, categoryOverrides: { k: { enabled: false } } } : ind)) } : d)),
    vetoes: [
      { code: "Z", text: "z", effect: "zero" },
      { code: "D", text: "d", effect: "disqualify" },
      { code: "C", text: "c", effect: "capGrade", capGrade: g(() => fc.constantFrom(...GRADES, "无星")) },
    ],
    grading: { model: "bands", bands: GRADES.map((grade, i) => ({ grade, minScore: [95, 90, 80, 70, 60][i] ?? 0 })), belowGrade: "无星" },
    evaluators: [
      { role: "self", weight: 0 },
      { role: "town", weight: 0.6 },
      { role: "district", weight: 0.4 },
    ],
  };
}

/** Random facts for a scheme: every kind of input, some roles missing, any vetoes, any category. */
export function genFacts(g: GeneratorValue, scheme: Scheme, vetoes = true): Facts {
  const inputs: Record<string, number> = {};
  const manualScores: Record<string, Record<string, number>> = {};
  const counts: Record<string, number> = {};
  const value = (ind: Indicator): number => {
    switch (ind.method) {
      case "boolean":
        return g(fc.integer, { min: 0, max: 1 });
      case "manual":
        return g(fc.integer, { min: 0, max: ind.maxPoints * 100 }) / 100;
      case "perEvent":
        return g(fc.integer, { min: 0, max: 12 });
      default:
        return g(fc.integer, { min: -200, max: 12_000 }) / 100;
    }
  };
  for (const ind of scheme.dimensions.flatMap((d) => d.indicators)) {
    if (ind.method === "formula") inputs[ind.inputs[0] ?? ""] = g(fc.integer, { min: -100, max: 1000 }) / 100;
    else if (ind.source === "auto") inputs[ind.metric ?? ""] = value(ind);
    else if (ind.method === "perEvent") counts[ind.code] = value(ind);
    else {
      const scores: Record<string, number> = {};
      for (const role of ind.roles ?? []) if (g(fc.boolean) || role === "town") scores[role] = value(ind);
      manualScores[ind.code] = scores;
    }
  }
  const facts: Facts = { inputs, manualScores, counts, vetoHits: vetoes ? g(() => fc.subarray(["Z", "D", "C"])) : [] };
  return g(fc.boolean) ? { ...facts, categoryCode: "k" } : facts;
}
