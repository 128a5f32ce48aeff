import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogsHave } from "./messages.testkit.js";
import { gradeByQuota, type QuotaEntry, type RankQuotaGrading } from "./quota.js";

const review: RankQuotaGrading = {
  model: "rankQuota",
  quotas: [{ grade: "优秀", maxShare: 1 / 3 }],
  restGrade: "合格",
  failBelow: { grade: "不合格", minScore: 60 },
};

function entry(subjectId: string, total: number, extra: { cap?: string; disqualified?: boolean; excluded?: boolean } = {}): QuotaEntry {
  return {
    subjectId,
    result: { total, disqualified: extra.disqualified ?? false, gradeCap: extra.cap ?? null },
    ...(extra.excluded ? { excluded: true } : {}),
  };
}

const grades = (entries: QuotaEntry[], grading = review): Record<string, string | null> =>
  Object.fromEntries(gradeByQuota(entries, grading).map((g) => [g.subjectId, g.grade]));

describe("gradeByQuota", () => {
  it("gives 优秀 to the top third, by floor(1/3 × n)", () => {
    const entries = [90, 85, 80, 75, 70, 65, 95, 50, 60].map((t, i) => entry(`m${i}`, t));
    expect(grades(entries)).toEqual({ m0: "优秀", m1: "优秀", m2: "合格", m3: "合格", m4: "合格", m5: "合格", m6: "优秀", m7: "不合格", m8: "合格" });
    const out = gradeByQuota(entries, review);
    expect(out.map((g) => g.subjectId)).toEqual(entries.map((e) => e.subjectId));
    expect(out.find((g) => g.subjectId === "m6")).toMatchObject({ rank: 1, reason: { key: "rating.quota.withinQuota", params: { grade: "优秀", rank: 1, places: 3 } } });
  });

  it("never splits a tie: a tie that does not fit gets none of the places", () => {
    const entries = [entry("a", 95), entry("b", 90), entry("c", 90), entry("d", 80), entry("e", 70), entry("f", 70)];
    // 2 places: a fits, the b/c tie needs two with one left, so neither gets it, nor does d.
    expect(grades(entries)).toEqual({ a: "优秀", b: "合格", c: "合格", d: "合格", e: "合格", f: "合格" });
    const b = gradeByQuota(entries, review).find((g) => g.subjectId === "b");
    expect(b).toMatchObject({ rank: 2, reason: { key: "rating.quota.tiedOut", params: { grade: "优秀", places: 2 } } });
  });

  it("gives a tie the places when it fits exactly", () => {
    expect(grades([entry("a", 90), entry("b", 90), entry("c", 80), entry("d", 70), entry("e", 70), entry("f", 60)])).toMatchObject({ a: "优秀", b: "优秀", c: "合格" });
  });

  it("ranks competition-style (1, 2, 2, 4) and orders ties by id for display only", () => {
    const out = gradeByQuota([entry("z", 80), entry("y", 90), entry("x", 90), entry("w", 70)], review);
    expect(Object.fromEntries(out.map((g) => [g.subjectId, g.rank]))).toEqual({ y: 1, x: 1, z: 3, w: 4 });
  });

  it("leaves excluded (probationary) and disqualified subjects ungraded and out of the count", () => {
    const entries = [entry("a", 99), entry("b", 98, { excluded: true }), entry("c", 97, { disqualified: true }), entry("d", 90), entry("e", 80)];
    // Three graded subjects → one place.
    expect(grades(entries)).toEqual({ a: "优秀", b: null, c: null, d: "合格", e: "合格" });
    const out = gradeByQuota(entries, review);
    expect(out.find((g) => g.subjectId === "b")).toEqual({ subjectId: "b", rank: null, grade: null, reason: { key: "rating.quota.excluded" } });
    expect(out.find((g) => g.subjectId === "c")?.reason.key).toBe("rating.quota.disqualified");
  });

  it("skips a subject whose veto caps it below a quota grade, without using a place", () => {
    const entries = [entry("a", 99, { cap: "合格" }), entry("b", 95), entry("c", 90), entry("d", 85), entry("e", 80), entry("f", 75)];
    expect(grades(entries)).toMatchObject({ a: "合格", b: "优秀", c: "优秀", d: "合格" });
    const capped = gradeByQuota([entry("a", 99, { cap: "不合格" }), entry("b", 50)], review);
    expect(capped[0]).toMatchObject({ grade: "不合格", reason: { key: "rating.quota.capped" } });
  });

  it("honours a quota's minimum score and fills several quota grades in order", () => {
    const grading: RankQuotaGrading = {
      model: "rankQuota",
      quotas: [
        { grade: "优秀", maxShare: 0.2, minScore: 95 },
        { grade: "良好", maxShare: 0.4 },
      ],
      restGrade: "合格",
    };
    const entries = [94, 93, 92, 91, 90, 89, 88, 87, 86, 85].map((t, i) => entry(`s${i}`, t));
    expect(Object.values(grades(entries, grading))).toEqual(["良好", "良好", "良好", "良好", "合格", "合格", "合格", "合格", "合格", "合格"]);
  });

  it("handles an empty group", () => {
    expect(gradeByQuota([], review)).toEqual([]);
  });

  it("never exceeds a quota, never grades a lower total above a higher one, and ignores input order", () => {
    const arb = fc.array(fc.record({ total: fc.integer({ min: 0, max: 20 }).map((x) => x * 5), excluded: fc.boolean() }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, fc.integer(), (rows, seed) => {
        const entries = rows.map((r, i) => entry(`s${String(i).padStart(2, "0")}`, r.total, { excluded: r.excluded }));
        const out = gradeByQuota(entries, review);
        const graded = out.filter((g) => g.grade !== null);
        expect(graded.filter((g) => g.grade === "优秀").length).toBeLessThanOrEqual(Math.floor(graded.length / 3 + 1e-9));
        const order = ["优秀", "合格", "不合格"];
        const totals = new Map(entries.map((e) => [e.subjectId, e.result.total]));
        for (const a of graded) {
          for (const b of graded) {
            if ((totals.get(a.subjectId) ?? 0) > (totals.get(b.subjectId) ?? 0)) {
              expect(order.indexOf(a.grade ?? "")).toBeLessThanOrEqual(order.indexOf(b.grade ?? ""));
            }
          }
        }
        const shuffled = [...entries].sort((x, y) => ((x.subjectId.charCodeAt(2) * 31 + seed) % 7) - ((y.subjectId.charCodeAt(2) * 31 + seed) % 7));
        const again = new Map(gradeByQuota(shuffled, review).map((g) => [g.subjectId, g]));
        for (const g of out) expect(again.get(g.subjectId)).toEqual(g);
      }),
      { numRuns: 300 },
    );
  });

  it("has messages for every reason", () => {
    const keys = ["withinQuota", "tiedOut", "capped", "belowMin", "rest", "excluded", "disqualified"].map((k) => `rating.quota.${k}`);
    expect(catalogsHave(keys)).toEqual([]);
  });
});
