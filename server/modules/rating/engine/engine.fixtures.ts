import type { Facts, Indicator, Scheme } from "./schema.js";

/**
 * A small scheme using every method, a deduction, three categories and all veto effects, for
 * tests. Dimension A: 40 points, B: 60 points.
 */
export function tinyScheme(): Scheme {
  return {
    code: "tiny",
    programme: "fortress",
    year: 2026,
    issuingUnit: "440500000000",
    subjectLevel: "village",
    version: 1,
    status: "draft",
    categories: [
      { code: "c1", name: "no flag" },
      { code: "c2", name: "cheaper counts" },
      { code: "c3", name: "half ratio" },
    ],
    dimensions: [
      {
        code: "A",
        name: "A",
        maxPoints: 40,
        indicators: [
          { code: "a.manual", name: "manual", method: "manual", maxPoints: 10, evidence: "optional", source: "manual", roles: ["town", "district"] },
          { code: "a.count", name: "count", method: "perEvent", perEvent: 2, cap: 10, maxPoints: 10, evidence: "required", source: "manual", categoryOverrides: { c2: { perEvent: 5 } } },
          { code: "a.ratio", name: "ratio", method: "ratio", target: 0.8, maxPoints: 10, evidence: "none", source: "auto", metric: "m.rate", categoryOverrides: { c3: { maxPoints: 5, target: 0.4 } } },
          { code: "a.flag", name: "flag", method: "boolean", maxPoints: 10, evidence: "none", source: "auto", metric: "m.flag", categoryOverrides: { c1: { enabled: false } } },
        ],
      },
      {
        code: "B",
        name: "B",
        maxPoints: 60,
        indicators: [
          {
            code: "b.bands",
            name: "bands",
            method: "bands",
            bands: [
              { min: 90, points: 20 },
              { min: 80, points: 15 },
              { min: 60, points: 5 },
            ],
            maxPoints: 20,
            evidence: "none",
            source: "auto",
            metric: "m.score",
          },
          { code: "b.formula", name: "formula", method: "formula", expression: "min(x * 2, 20) + y / z", inputs: ["x", "y", "z"], maxPoints: 20, evidence: "none", source: "auto" },
          { code: "b.roles", name: "roles", method: "ratio", target: 100, maxPoints: 20, evidence: "optional", source: "manual", roles: ["self", "town", "survey"] },
          { code: "b.deduct", name: "deduct", method: "perEvent", negative: true, perEvent: 5, cap: 15, maxPoints: 15, evidence: "none", source: "auto", metric: "m.bad" },
        ],
      },
    ],
    vetoes: [
      { code: "Z", text: "zero", effect: "zero" },
      { code: "D", text: "disqualify", effect: "disqualify" },
      { code: "C2", text: "cap two", effect: "capGrade", capGrade: "二星" },
      { code: "C1", text: "cap one", effect: "capGrade", capGrade: "一星" },
    ],
    grading: {
      model: "bands",
      bands: [
        { grade: "五星", minScore: 95 },
        { grade: "四星", minScore: 90 },
        { grade: "三星", minScore: 80 },
        { grade: "二星", minScore: 70 },
        { grade: "一星", minScore: 60 },
      ],
      belowGrade: "无星",
    },
    evaluators: [
      { role: "self", weight: 0 },
      { role: "town", weight: 0.6 },
      { role: "district", weight: 0.2 },
      { role: "survey", weight: 0.2 },
    ],
  };
}

/** Facts that earn every point of tinyScheme (category: base). */
export function fullFacts(): Facts {
  return {
    inputs: { "m.rate": 0.8, "m.flag": 1, "m.score": 95, x: 10, y: 0, z: 1, "m.bad": 0 },
    manualScores: { "a.manual": { town: 10, district: 10 }, "b.roles": { town: 100, survey: 100 } },
    counts: { "a.count": 5 },
  };
}

/** A copy of the scheme changed by `edit`, for one-problem-at-a-time tests. */
export function edited(edit: (s: Scheme) => void, base: Scheme = tinyScheme()): Scheme {
  const s = structuredClone(base);
  edit(s);
  return s;
}

/** The indicator with `code`, narrowed to `method`; throws in tests when the fixture changed. */
export function indicator<M extends Indicator["method"]>(s: Scheme, code: string, method: M): Extract<Indicator, { method: M }> {
  for (const d of s.dimensions) {
    for (const i of d.indicators) {
      if (i.code === code && i.method === method) return i as Extract<Indicator, { method: M }>;
    }
  }
  throw new Error(`fixture has no ${method} indicator ${code}`);
}
