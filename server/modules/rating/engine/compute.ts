import { compileScheme, type CompiledPlan, type CompiledScheme } from "./compile.js";
import { checkFactKeys } from "./facts-check.js";
import { gradeByBands, gradeByStars, starsEarned, strictestCap, worseGrade } from "./grading.js";
import { scoreIndicator } from "./indicators.js";
import { factProblem } from "./problems.js";
import { fromCents, num, toCents } from "./rounding.js";
import type { Facts, Scheme } from "./schema.js";
import type { BreakdownLine, ComputeOutcome, DimensionScore, FactProblem, MessageRef, Problem, ScoreResult, VetoHit } from "./types.js";

function planFor(compiled: CompiledScheme, facts: Facts, problems: FactProblem[]): CompiledPlan | null {
  if (facts.categoryCode === undefined) return compiled.base;
  const plan = compiled.categories.get(facts.categoryCode);
  if (!plan) problems.push(factProblem("unknownCategory", "categoryCode", { category: facts.categoryCode }));
  return plan ?? null;
}

function vetoHits(compiled: CompiledScheme, facts: Facts): VetoHit[] {
  // Scheme order, each veto once, so the same hits in any order give the same result.
  const hit = new Set(facts.vetoHits ?? []);
  return compiled.scheme.vetoes
    .filter((v) => hit.has(v.code))
    .map((v) => (v.effect === "capGrade" ? { code: v.code, text: v.text, effect: v.effect, capGrade: v.capGrade } : { code: v.code, text: v.text, effect: v.effect }));
}

/**
 * Scores one subject with a compiled scheme (see compileScheme). Use this in batch jobs that
 * stream subjects; `compute` and `computeMany` are built on it.
 */
export function computeCompiled(compiled: CompiledScheme, facts: Facts, asOf: Date): ComputeOutcome {
  const problems: FactProblem[] = [];
  const notes: MessageRef[] = [];
  if (Number.isNaN(asOf.getTime())) problems.push(factProblem("invalidAsOf", "asOf"));
  const plan = planFor(compiled, facts, problems);
  if (!plan) return { ok: false, problems };
  checkFactKeys(compiled, plan, facts, problems, notes);

  const { scheme, maxTotal } = compiled;
  const dimCents = scheme.dimensions.map(() => 0);
  const breakdown: BreakdownLine[] = [];
  let rawCents = 0;
  let complete = true;
  for (const ind of plan.indicators) {
    const outcome = scoreIndicator(ind, facts, problems);
    breakdown.push(outcome.line);
    dimCents[ind.dimIndex] = (dimCents[ind.dimIndex] ?? 0) + outcome.cents;
    rawCents += outcome.cents;
    complete &&= outcome.complete;
  }
  if (problems.length > 0) return { ok: false, problems };

  const rawMaxCents = toCents(plan.rawMax);
  // Deductions may outweigh the points earned; the total never goes below 0.
  const clamped = Math.min(Math.max(rawCents, 0), rawMaxCents);
  if (rawCents < 0) notes.push({ key: "rating.note.totalFloored", params: { rawTotal: num(fromCents(rawCents)) } });
  // Categories that disable indicators or change their max are scaled to the scheme's total
  // (normally 100), so villages rated under different categories stay comparable: the share of
  // the attainable points is what counts, not the attainable points themselves.
  const scaled = rawMaxCents !== toCents(maxTotal);
  let totalCents = scaled ? toCents((fromCents(clamped) * maxTotal) / plan.rawMax) : clamped;
  if (scaled) {
    notes.push({ key: "rating.note.normalised", params: { rawTotal: num(fromCents(clamped)), rawMax: num(plan.rawMax), maxTotal: num(maxTotal), total: num(fromCents(totalCents)) } });
  }

  const vetoes = vetoHits(compiled, facts);
  const zeroed = vetoes.some((v) => v.effect === "zero");
  const disqualified = vetoes.some((v) => v.effect === "disqualify");
  if (zeroed || disqualified) totalCents = 0;
  for (const v of vetoes) notes.push({ key: `rating.note.veto.${v.effect}`, params: { veto: v.code, text: v.text, grade: v.capGrade ?? "" } });
  const gradeCap = strictestCap(compiled.gradeOrder, vetoes.flatMap((v) => (v.capGrade === undefined ? [] : [v.capGrade])));

  const dimensions: DimensionScore[] = scheme.dimensions.map((d, i) => ({ code: d.code, points: fromCents(dimCents[i] ?? 0), max: plan.dimensionMax[i] ?? 0 }));
  const total = fromCents(totalCents);
  const grade = disqualified ? null : gradeOf(compiled, total, dimensions, zeroed, gradeCap, notes);

  const result: ScoreResult = {
    schemeCode: scheme.code,
    schemeVersion: scheme.version,
    categoryCode: plan.categoryCode,
    asOf: Number.isNaN(asOf.getTime()) ? "" : asOf.toISOString(),
    total,
    maxTotal,
    rawTotal: fromCents(rawCents),
    rawMax: plan.rawMax,
    grade,
    gradeCap,
    disqualified,
    complete,
    provisional: asOf.getTime() < compiled.yearEndMs,
    dimensions,
    breakdown,
    excluded: plan.excluded,
    vetoes,
    notes,
  };
  return { ok: true, result };
}

function gradeOf(
  compiled: CompiledScheme,
  total: number,
  dimensions: DimensionScore[],
  zeroed: boolean,
  cap: string | null,
  notes: MessageRef[],
): string | null {
  const grading = compiled.scheme.grading;
  let grade: string;
  switch (grading.model) {
    case "bands":
      grade = gradeByBands(grading, total);
      break;
    case "perDimensionStars": {
      // A zeroing veto takes every star away, as it takes every point.
      const stars = zeroed ? dimensions.map(() => false) : starsEarned(grading.passShare, dimensions);
      dimensions.forEach((d, i) => (d.star = stars[i] ?? false));
      grade = gradeByStars(grading, stars.filter(Boolean).length);
      break;
    }
    case "rankQuota":
      notes.push({ key: "rating.note.gradeByQuota" });
      return null;
    default: {
      const never: never = grading;
      return never;
    }
  }
  const capped = worseGrade(compiled.gradeOrder, grade, cap);
  if (capped !== grade) notes.push({ key: "rating.note.gradeCapped", params: { grade, cap: capped } });
  return capped;
}

/**
 * Scores one subject against a scheme at time `asOf` (the engine never reads the clock):
 * total (2 decimals), grade, and a breakdown explaining every point. An invalid scheme or facts
 * that break its rules (a manual score above its max, an unknown veto …) return the problems
 * instead of a result.
 */
export function compute(scheme: Scheme, facts: Facts, asOf: Date): ComputeOutcome {
  const compiled = compileScheme(scheme);
  if (!compiled.ok) return { ok: false, problems: schemeInvalid(compiled.problems) };
  return computeCompiled(compiled.compiled, facts, asOf);
}

function schemeInvalid(problems: Problem[]): Problem[] {
  return [factProblem("schemeInvalid", "scheme", { count: problems.length }), ...problems];
}

/**
 * Scores many subjects with one compilation of the scheme (formulas parsed and overrides resolved
 * once). Subjects are independent: one subject's bad facts do not stop the others. Returns the
 * scheme's problems instead when the scheme itself is invalid.
 */
export function computeMany(
  scheme: Scheme,
  factsBySubject: Iterable<readonly [string, Facts]>,
  asOf: Date,
): { ok: true; results: Map<string, ComputeOutcome> } | { ok: false; problems: Problem[] } {
  const compiled = compileScheme(scheme);
  if (!compiled.ok) return { ok: false, problems: schemeInvalid(compiled.problems) };
  const results = new Map<string, ComputeOutcome>();
  for (const [subject, facts] of factsBySubject) results.set(subject, computeCompiled(compiled.compiled, facts, asOf));
  return { ok: true, results };
}
