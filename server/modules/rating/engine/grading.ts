import type { Grading } from "./schema.js";

/**
 * All grades a grading can give, best first. capGrade vetoes and quota caps compare positions in
 * this list, so "at most 二星" means "二星 or anything after it".
 */
export function gradeOrder(grading: Grading): string[] {
  switch (grading.model) {
    case "bands":
      return [...grading.bands.map((b) => b.grade), grading.belowGrade];
    case "perDimensionStars":
      return [...grading.starGrades].reverse();
    case "rankQuota":
      return [
        ...grading.quotas.map((q) => q.grade),
        grading.restGrade,
        ...(grading.failBelow ? [grading.failBelow.grade] : []),
      ];
    default: {
      const never: never = grading;
      return never;
    }
  }
}

/** The grade of a total under band grading: the first band whose minScore it reaches. */
export function gradeByBands(grading: Extract<Grading, { model: "bands" }>, total: number): string {
  for (const band of grading.bands) if (total >= band.minScore) return band.grade;
  return grading.belowGrade;
}

/**
 * Per-dimension stars: a dimension earns its star when its points reach passShare of its max.
 * A dimension with max 0 (e.g. all its indicators disabled for the category) cannot earn one.
 */
export function starsEarned(passShare: number, dims: readonly { points: number; max: number }[]): boolean[] {
  // Compared in cents so that 0.8 × 25 = 20 is reached by 20.00 despite binary floating point.
  return dims.map((d) => d.max > 0 && Math.round(d.points * 100) >= Math.round(passShare * d.max * 100));
}

/** The grade for a number of stars; more stars than grades (a misconfigured scheme) take the top one. */
export function gradeByStars(grading: Extract<Grading, { model: "perDimensionStars" }>, stars: number): string {
  const grades = grading.starGrades;
  return grades[Math.min(stars, grades.length - 1)] ?? grades[grades.length - 1] ?? "";
}

/**
 * The worse of two grades in `order` (null = no cap). Unknown grades are rejected by
 * validateScheme, so an unknown name here leaves the grade unchanged.
 */
export function worseGrade(order: readonly string[], grade: string, cap: string | null): string {
  if (cap === null) return grade;
  const g = order.indexOf(grade);
  const c = order.indexOf(cap);
  if (g < 0 || c < 0) return grade;
  return c > g ? cap : grade;
}

/** The worst of several cap grades (the strictest cap wins). */
export function strictestCap(order: readonly string[], caps: readonly string[]): string | null {
  let worst: string | null = null;
  for (const cap of caps) {
    if (worst === null || order.indexOf(cap) > order.indexOf(worst)) worst = cap;
  }
  return worst;
}
