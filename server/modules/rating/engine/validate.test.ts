import { describe, expect, it } from "vitest";
import { catalogsHave } from "./messages.testkit.js";
import { edited, indicator, tinyScheme } from "./engine.fixtures.js";
import type { Scheme } from "./schema.js";
import { SCHEME_PROBLEM_CODES, type SchemeProblemCode } from "./types.js";
import { validateScheme } from "./validate.js";

describe("validateScheme", () => {
  it("accepts the fixture scheme", () => {
    expect(validateScheme(tinyScheme())).toEqual([]);
  });

  const cases: [string, (s: Scheme) => void, SchemeProblemCode, string][] = [
    ["a dimension max that is not its indicators' sum", (s) => void (s.dimensions[0]!.maxPoints = 45), "dimensionMaxMismatch", "dimensions.0.maxPoints"],
    ["dimensions not adding up to 100", (s) => void ((s.dimensions[0]!.maxPoints = 30), (indicator(s, "a.flag", "boolean").maxPoints = 0)), "totalMismatch", "dimensions"],
    ["dimensions not adding up to totalPoints", (s) => void (s.totalPoints = 120), "totalMismatch", "totalPoints"],
    ["evaluator weights not summing to 1", (s) => void (s.evaluators[1]!.weight = 0.5), "weightsSum", "evaluators"],
    ["a cap below one event's points", (s) => void (indicator(s, "a.count", "perEvent").cap = 1), "capBelowPerEvent", "dimensions.0.indicators.1.cap"],
    ["a cap above the max", (s) => void (indicator(s, "a.count", "perEvent").cap = 12), "capAboveMax", "dimensions.0.indicators.1.cap"],
    ["no cap and a max below one event", (s) => void (indicator(s, "b.deduct", "perEvent").perEvent = 20), "capBelowPerEvent", "dimensions.1.indicators.3.cap"],
    ["a formula reading an undeclared input", (s) => void (indicator(s, "b.formula", "formula").expression = "x + secret"), "formulaUnknownInput", "dimensions.1.indicators.1.expression"],
    ["a formula that does not parse", (s) => void (indicator(s, "b.formula", "formula").expression = "x +"), "formulaSyntax", "dimensions.1.indicators.1.expression"],
    ["indicator bands not descending", (s) => void (indicator(s, "b.bands", "bands").bands[1]!.min = 95), "bandsNotDescending", "dimensions.1.indicators.0.bands.1.min"],
    ["indicator band points rising", (s) => void (indicator(s, "b.bands", "bands").bands[2]!.points = 18), "bandPointsNotDescending", "dimensions.1.indicators.0.bands.2.points"],
    ["band points above the max", (s) => void (indicator(s, "b.bands", "bands").bands[0]!.points = 25), "bandPointsAboveMax", "dimensions.1.indicators.0.bands.0.points"],
    ["grade bands not descending", (s) => void (s.grading.model === "bands" && (s.grading.bands[2]!.minScore = 92)), "bandsNotDescending", "grading.bands.2.minScore"],
    ["an override for an unknown category", (s) => void (indicator(s, "a.flag", "boolean").categoryOverrides = { nowhere: { enabled: false } }), "unknownCategory", "dimensions.0.indicators.3.categoryOverrides.nowhere"],
    ["an override field the method lacks", (s) => void (indicator(s, "a.flag", "boolean").categoryOverrides = { c2: { cap: 3 } }), "overrideNotApplicable", "dimensions.0.indicators.3.categoryOverrides.c2.cap"],
    ["an override cap below one event", (s) => void (indicator(s, "a.count", "perEvent").categoryOverrides = { c2: { cap: 1 } }), "capBelowPerEvent", "dimensions.0.indicators.1.categoryOverrides.c2.cap"],
    ["an override per-event above the cap", (s) => void (indicator(s, "a.count", "perEvent").categoryOverrides = { c2: { perEvent: 11 } }), "capBelowPerEvent", "dimensions.0.indicators.1.categoryOverrides.c2.perEvent"],
    ["an override cap above the max", (s) => void (indicator(s, "a.count", "perEvent").categoryOverrides = { c2: { cap: 12 } }), "capAboveMax", "dimensions.0.indicators.1.categoryOverrides.c2.cap"],
    ["an override target of 0", (s) => void (indicator(s, "a.ratio", "ratio").categoryOverrides = { c3: { target: 0 } }), "targetNotPositive", "dimensions.0.indicators.2.categoryOverrides.c3.target"],
    ["an override max below the top band", (s) => void (indicator(s, "b.bands", "bands").categoryOverrides = { c1: { maxPoints: 10 } }), "bandPointsAboveMax", "dimensions.1.indicators.0.categoryOverrides.c1.maxPoints"],
    ["a target of 0", (s) => void (indicator(s, "a.ratio", "ratio").target = 0), "targetNotPositive", "dimensions.0.indicators.2.target"],
    ["a duplicate dimension code", (s) => void (s.dimensions[1]!.code = "A"), "duplicateCode", "dimensions.1.code"],
    ["a duplicate indicator code across dimensions", (s) => void (indicator(s, "b.bands", "bands").code = "a.manual"), "duplicateCode", "dimensions.1.indicators.0.code"],
    ["a duplicate category code", (s) => void (s.categories[2]!.code = "c1"), "duplicateCode", "categories.2.code"],
    ["a duplicate veto code", (s) => void (s.vetoes[1]!.code = "Z"), "duplicateCode", "vetoes.1.code"],
    ["a duplicate evaluator role", (s) => void (s.evaluators[3]!.role = "town"), "duplicateCode", "evaluators.3.role"],
    ["a duplicate grade", (s) => void (s.grading.model === "bands" && (s.grading.bands[1]!.grade = "五星")), "duplicateCode", "grading.bands.1.grade"],
    ["capGrade naming an unknown grade", (s) => void (s.vetoes[2] = { code: "C2", text: "cap", effect: "capGrade", capGrade: "六星" }), "unknownGrade", "vetoes.2.capGrade"],
    ["an unknown evaluator role on an indicator", (s) => void (indicator(s, "a.manual", "manual").roles = ["town", "mayor"]), "unknownRole", "dimensions.0.indicators.0.roles.1"],
    ["a manual indicator without roles", (s) => void (indicator(s, "a.manual", "manual").roles = []), "noRoles", "dimensions.0.indicators.0.roles"],
    ["a manual indicator whose roles all weigh 0", (s) => void (indicator(s, "a.manual", "manual").roles = ["self"]), "noWeightedRole", "dimensions.0.indicators.0.roles"],
    ["an auto indicator without a metric", (s) => void delete indicator(s, "a.ratio", "ratio").metric, "missingMetric", "dimensions.0.indicators.2.metric"],
    ["a manual method with an auto source", (s) => void (indicator(s, "a.manual", "manual").source = "auto"), "manualNeedsManualSource", "dimensions.0.indicators.0.source"],
    ["a formula with a manual source", (s) => void (indicator(s, "b.formula", "formula").source = "manual"), "formulaNeedsAutoSource", "dimensions.1.indicators.1.source"],
    [
      "a category that disables everything",
      (s) => s.dimensions.forEach((d) => d.indicators.forEach((i) => (i.categoryOverrides = { ...i.categoryOverrides, c3: { enabled: false } }))),
      "categoryEmpty",
      "categories.2",
    ],
    ["star grades not matching the dimensions", (s) => void (s.grading = { model: "perDimensionStars", passShare: 0.8, starGrades: ["无星", "一星"] }), "starGradesLength", "grading.starGrades"],
    ["quota shares above 1", (s) => void (s.grading = { model: "rankQuota", quotas: [{ grade: "优秀", maxShare: 0.6 }, { grade: "良好", maxShare: 0.5 }], restGrade: "合格" }), "quotaSharesAboveOne", "grading.quotas"],
  ];

  it.each(cases)("reports %s", (_name, edit, code, path) => {
    const problems = validateScheme(edited(edit));
    expect(problems).toContainEqual(expect.objectContaining({ code, path, key: `rating.problem.${code}` }));
  });

  it("reports structural problems with their paths and stops there", () => {
    const problems = validateScheme({ ...tinyScheme(), year: "2026", dimensions: [{ code: "A" }] });
    expect(problems.every((p) => p.code === "schema")).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["year", "dimensions.0.name", "dimensions.0.maxPoints"]));
  });

  it("rejects unknown fields (a typo must not silently drop a rule)", () => {
    const problems = validateScheme({ ...tinyScheme(), vetos: [] });
    expect(problems).toContainEqual(expect.objectContaining({ code: "schema" }));
  });

  it("names every problem of a scheme at once", () => {
    const s = edited((x) => {
      x.evaluators[1]!.weight = 0.9;
      indicator(x, "a.count", "perEvent").cap = 1;
    });
    expect(validateScheme(s).map((p) => `${p.code} ${p.path}`)).toEqual([
      "weightsSum evaluators",
      "capBelowPerEvent dimensions.0.indicators.1.cap",
      // The category's own per-event points are too high for the cap as well.
      "capBelowPerEvent dimensions.0.indicators.1.categoryOverrides.c2.perEvent",
    ]);
  });

  it("accepts a negative-only dimension worth 0 and per-dimension stars of the right length", () => {
    const s = edited((x) => {
      x.dimensions.push({ code: "N", name: "deductions", maxPoints: 0, indicators: [{ code: "n.x", name: "x", method: "boolean", negative: true, maxPoints: 5, evidence: "none", source: "auto", metric: "m.x" }] });
      x.grading = { model: "perDimensionStars", passShare: 0.8, starGrades: ["无星", "一星", "二星", "三星"] };
      x.vetoes = x.vetoes.filter((v) => v.effect !== "capGrade");
    });
    expect(validateScheme(s)).toEqual([]);
  });

  it("has a message in both languages for every problem code", () => {
    expect(catalogsHave(SCHEME_PROBLEM_CODES.map((c) => `rating.problem.${c}`))).toEqual([]);
  });
});
