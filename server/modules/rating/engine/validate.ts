import { planCategory } from "./effective.js";
import { ELDERLY_CATEGORY } from "./exemptions.js";
import { gradeOrder } from "./grading.js";
import { sameCents, schemeProblem } from "./problems.js";
import { schemeSchema, type Grading, type Scheme } from "./schema.js";
import type { SchemeProblem } from "./types.js";
import { validateIndicator } from "./validate-indicator.js";

/** The scheme's maximum total; 100 unless the scheme says otherwise. */
export function schemeTotal(scheme: Pick<Scheme, "totalPoints">): number {
  return scheme.totalPoints ?? 100;
}

/**
 * Lists every problem of a scheme, each with the field path it is about (e.g.
 * `dimensions.2.indicators.0.cap`) and a message key under `rating.problem.*`. Accepts raw JSON:
 * structural problems (zod) come first as `schema` problems and stop the deeper checks.
 * An empty list means the scheme can be published and computed.
 */
export function validateScheme(input: unknown): SchemeProblem[] {
  const parsed = schemeSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) =>
      schemeProblem("schema", issue.path.map(String).join("."), { detail: issue.message }),
    );
  }
  return checkScheme(parsed.data);
}

function checkScheme(scheme: Scheme): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  const weights = new Map(scheme.evaluators.map((e) => [e.role, e.weight] as const));
  const categories = new Set(scheme.categories.map((c) => c.code));

  duplicates(scheme.dimensions.map((d) => d.code), (i) => `dimensions.${i}.code`, out);
  duplicates(scheme.categories.map((c) => c.code), (i) => `categories.${i}.code`, out);
  duplicates(scheme.vetoes.map((v) => v.code), (i) => `vetoes.${i}.code`, out);
  duplicates(scheme.evaluators.map((e) => e.role), (i) => `evaluators.${i}.role`, out);
  const indicatorPaths = scheme.dimensions.flatMap((d, i) => d.indicators.map((ind, j) => ({ code: ind.code, path: `dimensions.${i}.indicators.${j}.code` })));
  const indicatorCodes = indicatorPaths.map((p) => p.code);
  duplicates(indicatorCodes, (i) => indicatorPaths[i]?.path ?? "dimensions", out);

  const weightSum = scheme.evaluators.reduce((sum, e) => sum + e.weight, 0);
  if (Math.abs(weightSum - 1) > 1e-9) out.push(schemeProblem("weightsSum", "evaluators", { sum: round6(weightSum) }));

  let dimensionSum = 0;
  scheme.dimensions.forEach((dim, i) => {
    dimensionSum += dim.maxPoints;
    const sum = dim.indicators.reduce((s, ind) => s + (ind.negative ? 0 : ind.maxPoints), 0);
    if (!sameCents(sum, dim.maxPoints)) {
      out.push(schemeProblem("dimensionMaxMismatch", `dimensions.${i}.maxPoints`, { dimension: dim.code, max: dim.maxPoints, sum: round6(sum) }));
    }
    dim.indicators.forEach((ind, j) => {
      out.push(...validateIndicator(ind, `dimensions.${i}.indicators.${j}`, { weights, categories }));
    });
  });
  const total = schemeTotal(scheme);
  if (!sameCents(dimensionSum, total)) {
    out.push(schemeProblem("totalMismatch", scheme.totalPoints === undefined ? "dimensions" : "totalPoints", { total, sum: round6(dimensionSum) }));
  }

  scheme.categories.forEach((category, i) => {
    if (planCategory(scheme, category.code, new Map()).rawMax <= 0) {
      out.push(schemeProblem("categoryEmpty", `categories.${i}`, { category: category.code }));
    }
    // Only the elderly category is chosen by age; an age elsewhere would be silently ignored.
    if (category.minAge !== undefined && category.code !== ELDERLY_CATEGORY) {
      out.push(schemeProblem("minAgeNotElderly", `categories.${i}.minAge`, { category: category.code, elderly: ELDERLY_CATEGORY }));
    }
  });

  checkGrading(scheme.grading, scheme.dimensions.length, out);
  const grades = new Set(gradeOrder(scheme.grading));
  scheme.vetoes.forEach((veto, i) => {
    if (veto.effect === "capGrade" && !grades.has(veto.capGrade)) {
      out.push(schemeProblem("unknownGrade", `vetoes.${i}.capGrade`, { grade: veto.capGrade }));
    }
  });
  return out;
}

function checkGrading(grading: Grading, dimensionCount: number, out: SchemeProblem[]): void {
  switch (grading.model) {
    case "bands":
      grading.bands.forEach((band, k) => {
        const prev = grading.bands[k - 1];
        if (prev && band.minScore >= prev.minScore) {
          out.push(schemeProblem("bandsNotDescending", `grading.bands.${k}.minScore`, { min: band.minScore, previous: prev.minScore }));
        }
      });
      duplicates(gradeOrder(grading), (i) => (i < grading.bands.length ? `grading.bands.${i}.grade` : "grading.belowGrade"), out);
      return;
    case "perDimensionStars":
      if (grading.starGrades.length !== dimensionCount + 1) {
        out.push(schemeProblem("starGradesLength", "grading.starGrades", { expected: dimensionCount + 1, got: grading.starGrades.length }));
      }
      duplicates(grading.starGrades, (i) => `grading.starGrades.${i}`, out);
      return;
    case "rankQuota": {
      const shares = grading.quotas.reduce((sum, q) => sum + q.maxShare, 0);
      if (shares > 1 + 1e-9) out.push(schemeProblem("quotaSharesAboveOne", "grading.quotas", { sum: round6(shares) }));
      const n = grading.quotas.length;
      duplicates(gradeOrder(grading), (i) => (i < n ? `grading.quotas.${i}.grade` : i === n ? "grading.restGrade" : "grading.failBelow.grade"), out);
      return;
    }
    default: {
      const never: never = grading;
      return never;
    }
  }
}

function duplicates(codes: readonly string[], pathOf: (i: number) => string, out: SchemeProblem[]): void {
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    if (seen.has(code)) out.push(schemeProblem("duplicateCode", pathOf(i), { code }));
    seen.add(code);
  });
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
