import { afterAll, describe, expect, it } from "vitest";
import { AS_OF, expectConsistent, line, problemsOf, run, seenKeys } from "./compute.testkit.js";
import { compute, computeMany } from "./compute.js";
import { edited, fullFacts, indicator, tinyScheme } from "./engine.fixtures.js";
import { catalogsHave } from "./messages.testkit.js";
import type { Facts } from "./schema.js";

const zeroFacts = (): Facts => ({ inputs: {} });
const withInputs = (inputs: Record<string, number>): Facts => ({ inputs });

describe("compute: a subject earning everything", () => {
  const r = run(fullFacts());
  it("scores the maximum with the top grade and a consistent breakdown", () => {
    expect(r).toMatchObject({ total: 100, maxTotal: 100, rawTotal: 100, rawMax: 100, grade: "五星", disqualified: false, complete: true, gradeCap: null });
    expect(r.breakdown.filter((l) => !l.negative).every((l) => l.points === l.max)).toBe(true);
    expect(r.dimensions).toEqual([
      { code: "A", points: 40, max: 40 },
      { code: "B", points: 60, max: 60 },
    ]);
    expectConsistent(r);
  });
});

describe("compute: methods", () => {
  it.each([
    ["manual, two roles weighted 0.75/0.25", { inputs: {}, manualScores: { "a.manual": { town: 8, district: 4 } } }, "a.manual", 7, "town: 8; district: 4; 8 * 0.75 + 4 * 0.25 = 7"],
    ["manual, one role renormalised to 1", { inputs: {}, manualScores: { "a.manual": { town: 8 } } }, "a.manual", 8, "town: 8"],
    ["manual, 0 is a valid score", { inputs: {}, manualScores: { "a.manual": { town: 0, district: 0 } } }, "a.manual", 0, "town: 0; district: 0; 0 * 0.75 + 0 * 0.25 = 0"],
    ["perEvent under the cap", { inputs: {}, counts: { "a.count": 3 } }, "a.count", 6, "min(3 * 2, 10) = 6"],
    ["perEvent at the cap", { inputs: {}, counts: { "a.count": 5 } }, "a.count", 10, "min(5 * 2, 10) = 10"],
    ["perEvent over the cap", { inputs: {}, counts: { "a.count": 9 } }, "a.count", 10, "min(9 * 2, 10) = 10"],
    ["perEvent, fractional hours", { inputs: {}, counts: { "a.count": 2.5 } }, "a.count", 5, "min(2.5 * 2, 10) = 5"],
    ["perEvent, no records", zeroFacts(), "a.count", 0, "min(0 * 2, 10) = 0"],
    ["ratio below target", withInputs({ "m.rate": 0.4 }), "a.ratio", 5, "clamp(0.4 / 0.8 * 10, 0, 10) = 5"],
    ["ratio above target is clamped", withInputs({ "m.rate": 1.2 }), "a.ratio", 10, "clamp(1.2 / 0.8 * 10, 0, 10) = 10"],
    ["ratio below 0 is clamped", withInputs({ "m.rate": -0.5 }), "a.ratio", 0, "clamp(-0.5 / 0.8 * 10, 0, 10) = 0"],
    ["ratio rounds to cents", withInputs({ "m.rate": 0.1 }), "a.ratio", 1.25, "clamp(0.1 / 0.8 * 10, 0, 10) = 1.25"],
    ["ratio rounds half away from zero", withInputs({ "m.rate": 0.0001 }), "a.ratio", 0, "clamp(0.0001 / 0.8 * 10, 0, 10) = 0.0013"],
    ["boolean met", withInputs({ "m.flag": 1 }), "a.flag", 10, "1 -> 10"],
    ["boolean not met", withInputs({ "m.flag": 0 }), "a.flag", 0, "0 -> 0"],
    ["boolean metric: any non-zero is met", withInputs({ "m.flag": 3 }), "a.flag", 10, "1 -> 10"],
    ["bands, top band", withInputs({ "m.score": 95 }), "b.bands", 20, "95 >= 90 -> 20"],
    ["bands, exactly on a threshold", withInputs({ "m.score": 80 }), "b.bands", 15, "80 >= 80 -> 15"],
    ["bands, lowest band", withInputs({ "m.score": 60 }), "b.bands", 5, "60 >= 60 -> 5"],
    ["bands, below all", withInputs({ "m.score": 59.99 }), "b.bands", 0, "59.99 < 60 -> 0"],
    ["formula", withInputs({ x: 4, y: 1, z: 2 }), "b.formula", 8.5, "min(x * 2, 20) + y / z = 8.5"],
    ["formula above max is clamped", withInputs({ x: 15, y: 10, z: 1 }), "b.formula", 20, "min(x * 2, 20) + y / z = 30; clamp(30, 0, 20) = 20"],
    ["formula below 0 is clamped", withInputs({ x: 1, y: -10, z: 1 }), "b.formula", 0, "min(x * 2, 20) + y / z = -8; clamp(-8, 0, 20) = 0"],
    ["formula dividing by zero", withInputs({ x: 4, y: 3, z: 0 }), "b.formula", 8, "min(x * 2, 20) + y / z = 8"],
    ["roles with a method: self recorded, not counted", { inputs: {}, manualScores: { "b.roles": { self: 100, town: 50 } } }, "b.roles", 10, "town: clamp(50 / 100 * 20, 0, 20) = 10"],
    [
      "roles with a method: weighted",
      { inputs: {}, manualScores: { "b.roles": { town: 50, survey: 100 } } },
      "b.roles",
      12.5,
      "town: clamp(50 / 100 * 20, 0, 20) = 10; survey: clamp(100 / 100 * 20, 0, 20) = 20; 10 * 0.75 + 20 * 0.25 = 12.5",
    ],
    ["deduction per event", withInputs({ "m.bad": 2 }), "b.deduct", -10, "-(min(2 * 5, 15) = 10)"],
    ["deduction capped", withInputs({ "m.bad": 5 }), "b.deduct", -15, "-(min(5 * 5, 15) = 15)"],
  ] as [string, Facts, string, number, string][])("%s", (_name, facts, code, points, rule) => {
    const r = run(facts);
    expect(line(r, code)).toMatchObject({ points, rule });
    expectConsistent(r);
  });

  it("notes what is missing or odd on the line", () => {
    const r = run({ inputs: { x: 1, y: 1, z: 0 }, manualScores: { "a.manual": { town: 5 }, "b.roles": { self: 80 } } });
    expect(line(r, "a.ratio").notes).toEqual([{ key: "rating.note.inputMissing", params: { metric: "m.rate" } }]);
    expect(line(r, "a.count").notes).toEqual([{ key: "rating.note.noEvents" }]);
    expect(line(r, "a.manual").notes).toEqual([{ key: "rating.note.roleMissing", params: { roles: "district" } }]);
    expect(line(r, "b.formula").notes).toEqual([{ key: "rating.note.divisionByZero" }]);
    expect(line(r, "b.roles")).toMatchObject({ points: 0, reason: { key: "rating.reason.notScored" } });
    expect(line(r, "b.roles").notes.map((n) => n.key)).toEqual(["rating.note.roleMissing", "rating.note.roleNotCounted"]);
    expect(line(r, "b.roles").input).toEqual({ kind: "roles", scores: [{ role: "self", value: 80, weight: 0, points: 16, counted: false }] });
    expect(r.complete).toBe(false);
  });

  it("says when a count hit its cap", () => {
    expect(line(run({ inputs: {}, counts: { "a.count": 9 } }), "a.count").reason).toEqual({
      key: "rating.reason.perEventCapped",
      params: { count: 9, each: 2, cap: 10, points: 10 },
    });
  });
});

describe("compute: problems with the facts", () => {
  it.each([
    ["a manual score above the max (never clamped)", { inputs: {}, manualScores: { "a.manual": { town: 10.5 } } }, "scoreAboveMax", "manualScores.a.manual.town"],
    ["a negative manual score", { inputs: {}, manualScores: { "a.manual": { district: -1 } } }, "scoreNegative", "manualScores.a.manual.district"],
    ["a score that is not a number", { inputs: {}, manualScores: { "a.manual": { town: Number.NaN } } }, "notFinite", "manualScores.a.manual.town"],
    ["an infinite metric", { inputs: { "m.rate": Infinity } }, "notFinite", "inputs.m.rate"],
    ["a role not allowed on the indicator", { inputs: {}, manualScores: { "a.manual": { survey: 5 } } }, "roleNotAllowed", "manualScores.a.manual.survey"],
    ["a score for an unknown indicator", { inputs: {}, manualScores: { nope: { town: 1 } } }, "unknownIndicator", "manualScores.nope"],
    ["a score for an automatic indicator", { inputs: {}, manualScores: { "a.ratio": { town: 1 } } }, "notManual", "manualScores.a.ratio"],
    ["a count for an unknown indicator", { inputs: {}, counts: { nope: 1 } }, "unknownIndicator", "counts.nope"],
    ["a count for an indicator that is not counted", { inputs: {}, counts: { "a.manual": 1 } }, "notManual", "counts.a.manual"],
    ["a negative count", { inputs: {}, counts: { "a.count": -1 } }, "badCount", "counts.a.count"],
    ["a negative metric count", { inputs: { "m.bad": -2 } }, "badCount", "inputs.m.bad"],
    ["an unknown veto", { inputs: {}, vetoHits: ["Z", "nope"] }, "unknownVeto", "vetoHits.1"],
    ["an unknown category", { inputs: {}, categoryCode: "c9" }, "unknownCategory", "categoryCode"],
    ["inherited property names are not indicators", { inputs: {}, manualScores: { constructor: { town: 1 } } }, "unknownIndicator", "manualScores.constructor"],
  ] as [string, Facts, string, string][])("reports %s", (_name, facts, code, path) => {
    expect(problemsOf(facts)).toContainEqual(expect.objectContaining({ code, path, key: `rating.fact.${code}` }));
  });

  it("rejects a boolean manual score other than 0 or 1", () => {
    const s = edited((x) => x.dimensions[0]!.indicators.splice(3, 1, { code: "a.flag", name: "flag", method: "boolean", maxPoints: 10, evidence: "none", source: "manual", roles: ["town"] }));
    expect(problemsOf({ inputs: {}, manualScores: { "a.flag": { town: 2 } } }, s)).toContainEqual(expect.objectContaining({ code: "notBoolean", path: "manualScores.a.flag.town" }));
    expect(line(run({ inputs: {}, manualScores: { "a.flag": { town: 1 } } }, s), "a.flag").points).toBe(10);
  });

  it("rejects an invalid asOf and an invalid scheme", () => {
    expect(problemsOf(zeroFacts(), tinyScheme(), new Date("nonsense"))).toContainEqual(expect.objectContaining({ code: "invalidAsOf" }));
    const bad = edited((x) => void (x.evaluators[0]!.weight = 0.5));
    expect(problemsOf(zeroFacts(), bad).map((p) => p.code)).toEqual(["schemeInvalid", "weightsSum"]);
  });
});

describe("compute: totals, vetoes and grades", () => {
  it("floors the total at 0 when deductions outweigh the points", () => {
    const r = run(withInputs({ "m.bad": 3 }));
    expect(r).toMatchObject({ rawTotal: -15, total: 0, grade: "无星" });
    expect(r.notes).toContainEqual({ key: "rating.note.totalFloored", params: { rawTotal: -15 } });
  });

  it.each([
    [["Z"], 0, "无星", false, null],
    [["D"], 0, null, true, null],
    [["C2"], 100, "二星", false, "二星"],
    [["C1", "C2"], 100, "一星", false, "一星"],
    [["C2", "C1"], 100, "一星", false, "一星"],
    [["Z", "C2"], 0, "无星", false, "二星"],
    [["D", "Z", "C1"], 0, null, true, "一星"],
    [["C2", "C2"], 100, "二星", false, "二星"],
  ])("vetoes %j -> total %d, grade %s, disqualified %s", (hits, total, grade, disqualified, cap) => {
    const r = run({ ...fullFacts(), vetoHits: hits });
    expect(r).toMatchObject({ total, grade, disqualified, gradeCap: cap, rawTotal: 100 });
    expect(r.vetoes.map((v) => v.code)).toEqual(tinyScheme().vetoes.map((v) => v.code).filter((c) => hits.includes(c)));
  });

  it("a capGrade never improves a grade below the cap", () => {
    const r = run({ inputs: { "m.rate": 0.8, "m.flag": 1, "m.score": 95, x: 10, z: 1 }, counts: { "a.count": 5 }, vetoHits: ["C2"] });
    expect(r).toMatchObject({ total: 70, grade: "二星" });
    const low = run({ inputs: { "m.score": 95, x: 10, z: 1, "m.flag": 1 }, counts: { "a.count": 5 }, vetoHits: ["C2"] });
    expect(low).toMatchObject({ total: 60, grade: "一星" });
    expect(low.notes.map((n) => n.key)).not.toContain("rating.note.gradeCapped");
  });

  /** fullFacts adjusted so that the total is exactly `t` (50 ≤ t ≤ 100). */
  function factsForTotal(t: number): Facts {
    const f = fullFacts();
    const bands = t >= 80 ? 95 : 0;
    const rest = t >= 80 ? t - 80 : t >= 60 ? t - 60 : 0;
    const manual = t >= 60 ? 10 : t - 50;
    return { ...f, inputs: { ...f.inputs, "m.score": bands, x: 0, y: rest, z: 1 }, manualScores: { ...f.manualScores, "a.manual": { town: manual, district: manual } } };
  }

  it.each([
    [100, "五星"],
    [95, "五星"],
    [94.99, "四星"],
    [90, "四星"],
    [89.99, "三星"],
    [80, "三星"],
    [79.99, "二星"],
    [70, "二星"],
    [60, "一星"],
    [59.99, "无星"],
    [50, "无星"],
  ])("a total of %d is graded %s (the first band it reaches)", (total, grade) => {
    expect(run(factsForTotal(total))).toMatchObject({ total, grade });
  });

  it("per-dimension stars: a star per dimension at its pass share", () => {
    const s = edited((x) => void (x.grading = { model: "perDimensionStars", passShare: 0.8, starGrades: ["无星", "一星", "二星"] }));
    const facts: Facts = { inputs: { "m.rate": 0.8, "m.flag": 1, "m.score": 85, x: 6 }, manualScores: { "a.manual": { town: 2, district: 2 } }, counts: { "a.count": 5 } };
    const r = run(facts, s);
    expect(r.dimensions).toEqual([
      { code: "A", points: 32, max: 40, star: true },
      { code: "B", points: 27, max: 60, star: false },
    ]);
    expect(r.grade).toBe("一星");
    expect(run({ ...fullFacts() }, s).grade).toBe("二星");
    expect(run({ ...fullFacts(), vetoHits: ["C1"] }, s).grade).toBe("一星");
    const zeroed = run({ ...fullFacts(), vetoHits: ["Z"] }, s);
    expect(zeroed.grade).toBe("无星");
    expect(zeroed.dimensions.every((d) => d.star === false)).toBe(true);
  });

  it("rank quotas leave the grade to gradeByQuota", () => {
    const s = edited((x) => {
      x.grading = { model: "rankQuota", quotas: [{ grade: "优秀", maxShare: 1 / 3 }], restGrade: "合格" };
      x.vetoes = x.vetoes.filter((v) => v.effect !== "capGrade");
    });
    const r = run(fullFacts(), s);
    expect(r.grade).toBeNull();
    expect(r.notes).toContainEqual({ key: "rating.note.gradeByQuota" });
  });

  it("marks results before the end of the scheme year (Beijing time) as provisional", () => {
    expect(run(zeroFacts(), tinyScheme(), new Date("2026-12-31T15:59:59Z")).provisional).toBe(true);
    expect(run(zeroFacts(), tinyScheme(), new Date("2026-12-31T16:00:00Z")).provisional).toBe(false);
    expect(run(zeroFacts()).asOf).toBe(AS_OF.toISOString());
  });
});

describe("compute: categories", () => {
  it("excludes disabled indicators and normalises the category to 100", () => {
    const r = run({ ...fullFacts(), categoryCode: "c1" });
    expect(r).toMatchObject({ categoryCode: "c1", rawMax: 90, rawTotal: 90, total: 100, excluded: ["a.flag"] });
    expect(r.breakdown.map((l) => l.indicator)).not.toContain("a.flag");
    expect(r.dimensions[0]).toEqual({ code: "A", points: 30, max: 30 });
    const half = run({ ...fullFacts(), categoryCode: "c1", inputs: { ...fullFacts().inputs, "m.score": 0 } });
    expect(half).toMatchObject({ rawTotal: 70, total: 77.78 });
    expect(half.notes).toContainEqual({ key: "rating.note.normalised", params: { rawTotal: 70, rawMax: 90, maxTotal: 100, total: 77.78 } });
  });

  it("applies per-event and target overrides", () => {
    expect(line(run({ inputs: {}, counts: { "a.count": 1 }, categoryCode: "c2" }), "a.count")).toMatchObject({ points: 5, rule: "min(1 * 5, 10) = 5" });
    const c3 = run({ ...fullFacts(), categoryCode: "c3", inputs: { ...fullFacts().inputs, "m.rate": 0.2 } });
    expect(line(c3, "a.ratio")).toMatchObject({ points: 2.5, max: 5 });
    expect(c3).toMatchObject({ rawMax: 95, rawTotal: 92.5, total: 97.37 });
  });

  it("ignores scores for an indicator the category disables, with a note", () => {
    const s = edited((x) => void (indicator(x, "a.count", "perEvent").categoryOverrides = { c1: { enabled: false } }));
    const r = run({ inputs: {}, counts: { "a.count": 3 }, categoryCode: "c1" }, s);
    expect(r.notes).toContainEqual({ key: "rating.note.disabledIgnored", params: { indicators: "a.count" } });
  });

  it("checks manual scores against the category's max", () => {
    const s = edited((x) => {
      indicator(x, "a.manual", "manual").categoryOverrides = { c1: { maxPoints: 5 } };
    });
    expect(problemsOf({ inputs: {}, manualScores: { "a.manual": { town: 6 } }, categoryCode: "c1" }, s)).toContainEqual(
      expect.objectContaining({ code: "scoreAboveMax", params: { indicator: "a.manual", value: 6, max: 5 } }),
    );
  });
});

describe("computeMany", () => {
  it("scores each subject like compute does, and keeps going past a bad subject", () => {
    const subjects: [string, Facts][] = [
      ["v1", fullFacts()],
      ["v2", { inputs: {}, manualScores: { "a.manual": { town: 99 } } }],
      ["v3", { ...fullFacts(), categoryCode: "c1" }],
    ];
    const many = computeMany(tinyScheme(), subjects, AS_OF);
    expect(many.ok).toBe(true);
    if (!many.ok) return;
    for (const [id, facts] of subjects) expect(many.results.get(id)).toEqual(compute(tinyScheme(), facts, AS_OF));
    expect(many.results.get("v2")?.ok).toBe(false);
  });

  it("refuses an invalid scheme once, up front", () => {
    const many = computeMany(edited((x) => void (x.dimensions[0]!.maxPoints = 1)), [["v1", fullFacts()]], AS_OF);
    expect(many.ok ? [] : many.problems.map((p) => p.code)).toEqual(["schemeInvalid", "dimensionMaxMismatch", "totalMismatch"]);
  });
});

describe("compute: a score the caller capped at a lowered max", () => {
  it("counts the capped value and says what was entered and the max, in the reason or a note", () => {
    const one = line(run({ inputs: {}, manualScores: { "a.manual": { town: 10 } }, cappedScores: { "a.manual": { town: 14 } } }), "a.manual");
    expect(one.points).toBe(10);
    expect(one.rule).toBe("town: min(14, 10) -> 10");
    expect(one.reason).toEqual({ key: "rating.reason.cappedAtMax", params: { entered: 14, max: 10, points: 10 } });
    // Two weighted roles: the line's reason is the weighting, so the capped role is named in a note.
    const two = line(run({ inputs: {}, manualScores: { "a.manual": { town: 10, district: 6 } }, cappedScores: { "a.manual": { town: 12 } } }), "a.manual");
    expect(two.points).toBe(9);
    expect(two.notes).toContainEqual({ key: "rating.note.cappedAtMax", params: { roles: "town", max: 10 } });
    // Without cappedScores nothing changes.
    expect(line(run({ inputs: {}, manualScores: { "a.manual": { town: 10 } } }), "a.manual").reason.key).toBe("rating.reason.manual");
  });
});

afterAll(() => {
  // Every key a result or problem carried in this file has a message in both languages.
  expect(catalogsHave([...seenKeys])).toEqual([]);
});
