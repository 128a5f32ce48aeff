import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectConsistent } from "./compute.testkit.js";
import { compute, computeMany } from "./compute.js";
import { fortress2026 } from "./defaults/fortress-2026.js";
import { gradeOrder } from "./grading.js";
import { genFacts, genScheme } from "./scheme.arbitrary.js";
import type { Facts, Scheme } from "./schema.js";
import type { ScoreResult } from "./types.js";
import { validateScheme } from "./validate.js";

const AS_OF = new Date("2027-01-15T00:00:00Z");
const RUNS = { numRuns: 400 };

function score(scheme: Scheme, facts: Facts): ScoreResult {
  const out = compute(scheme, facts, AS_OF);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.result;
}

/** The same facts with one input of one indicator raised; undefined when nothing can rise. */
function raise(scheme: Scheme, facts: Facts, index: number, step: number): { facts: Facts; negative: boolean } | undefined {
  const all = scheme.dimensions.flatMap((d) => d.indicators);
  const ind = all[index % all.length];
  if (!ind) return undefined;
  const next = structuredClone(facts);
  const negative = ind.negative ?? false;
  if (ind.method === "formula") {
    const name = ind.inputs[0] ?? "";
    next.inputs[name] = (next.inputs[name] ?? 0) + step;
  } else if (ind.source === "auto") {
    const name = ind.metric ?? "";
    next.inputs[name] = ind.method === "boolean" ? 1 : (next.inputs[name] ?? 0) + step;
  } else if (ind.method === "perEvent") {
    next.counts = { ...next.counts, [ind.code]: (next.counts?.[ind.code] ?? 0) + Math.ceil(step) };
  } else {
    // Raise only scores already given: adding a role changes the weights, not just a value.
    const scores = next.manualScores?.[ind.code] ?? {};
    for (const role of Object.keys(scores)) {
      const v = scores[role] ?? 0;
      scores[role] = ind.method === "boolean" ? 1 : ind.method === "manual" ? Math.min(ind.maxPoints, v + step) : v + step;
    }
  }
  return { facts: next, negative };
}

describe("compute properties (random valid schemes and facts)", () => {
  it("generated schemes are valid", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        expect(validateScheme(genScheme(g))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("the total stays within [0, maxTotal], with a consistent breakdown", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const scheme = genScheme(g);
        const r = score(scheme, genFacts(g, scheme));
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(r.maxTotal);
        expectConsistent(r);
      }),
      RUNS,
    );
  });

  it("a zero or disqualify veto always wins", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const scheme = genScheme(g);
        const facts = genFacts(g, scheme);
        const r = score(scheme, facts);
        const hits = facts.vetoHits ?? [];
        if (hits.includes("Z") || hits.includes("D")) expect(r.total).toBe(0);
        if (hits.includes("D")) expect(r).toMatchObject({ disqualified: true, grade: null });
        else expect(r.grade).not.toBeNull();
        if (hits.includes("Z") && !hits.includes("D")) expect(r.grade).toBe("无星");
      }),
      RUNS,
    );
  });

  it("capGrade never yields a better grade, neither than the cap nor than without the veto", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const scheme = genScheme(g);
        const facts = { ...genFacts(g, scheme, false), vetoHits: ["C"] };
        const order = gradeOrder(scheme.grading);
        const capped = score(scheme, facts);
        const free = score(scheme, { ...facts, vetoHits: [] });
        const cap = scheme.vetoes.find((v) => v.effect === "capGrade");
        const at = (grade: string | null): number => order.indexOf(grade ?? "");
        expect(at(capped.grade)).toBeGreaterThanOrEqual(at(free.grade));
        if (cap?.effect === "capGrade") expect(at(capped.grade)).toBeGreaterThanOrEqual(order.indexOf(cap.capGrade));
        expect(capped.total).toBe(free.total);
      }),
      RUNS,
    );
  });

  it("the total is non-decreasing in each positive input and non-increasing in each deduction", () => {
    fc.assert(
      fc.property(fc.gen(), fc.nat(), fc.integer({ min: 1, max: 500 }), (g, index, step) => {
        const scheme = genScheme(g);
        const facts = genFacts(g, scheme);
        const raised = raise(scheme, facts, index, step / 100);
        if (!raised) return;
        const before = score(scheme, facts);
        const after = score(scheme, raised.facts);
        if (raised.negative) expect(after.total).toBeLessThanOrEqual(before.total);
        else expect(after.total).toBeGreaterThanOrEqual(before.total);
      }),
      RUNS,
    );
  });

  it("is deterministic: same input, same output, whatever the key order; computeMany agrees", () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const scheme = genScheme(g);
        const facts = genFacts(g, scheme);
        const reversed: Facts = {
          ...facts,
          inputs: Object.fromEntries(Object.entries(facts.inputs).reverse()),
          vetoHits: [...(facts.vetoHits ?? [])].reverse(),
        };
        const a = compute(scheme, facts, AS_OF);
        expect(compute(structuredClone(scheme), structuredClone(facts), new Date(AS_OF.getTime()))).toEqual(a);
        expect(compute(scheme, reversed, AS_OF)).toEqual(a);
        const many = computeMany(scheme, [["s", facts]], AS_OF);
        expect(many.ok && many.results.get("s")).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});

describe("compute properties (default fortress scheme)", () => {
  const metric = fc.double({ min: -0.2, max: 1.5, noNaN: true });
  const facts = fc.record({
    categoryCode: fc.constantFrom("urban", "rural", "island", "rectify"),
    inputs: fc.record({
      "orgLife.heldRate": metric,
      "orgLife.attendanceRate": metric,
      "orgLife.themeDayCount": fc.integer({ min: 0, max: 30 }),
      "appeals.responseRate": metric,
      "appeals.resolutionRate": metric,
      "appeals.satisfactionRate": metric,
      "tasks.onTimeRate": metric,
    }),
    manualScores: fc.record({
      "org.secretaryDuty": fc.record({ self: fc.integer({ min: 0, max: 7 }), town: fc.integer({ min: 0, max: 7 }) }),
      "org.unrectified": fc.record({ town: fc.integer({ min: 0, max: 5 }) }),
      "mass.survey": fc.record({ survey: fc.integer({ min: 0, max: 600 }).map((x) => x / 100) }),
      "dev.collectiveIncome": fc.record({ town: fc.double({ min: -1, max: 1, noNaN: true }) }),
    }),
    vetoHits: fc.subarray(["V1", "V2"]),
  });

  it("stays within 0..100 and grades by the bands, capped by the vetoes", () => {
    fc.assert(
      fc.property(facts, (f) => {
        const r = score(fortress2026, f);
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(100);
        expectConsistent(r);
        if (f.vetoHits.includes("V1")) expect(["一星", "无星"]).toContain(r.grade);
        else if (f.vetoHits.includes("V2")) expect(["二星", "一星", "无星"]).toContain(r.grade);
      }),
      RUNS,
    );
  });
});
