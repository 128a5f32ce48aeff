import { planCategory, type CategoryPlan, type EffectiveIndicator } from "./effective.js";
import { compileFormula, type CompiledFormula } from "./formula.js";
import { gradeOrder } from "./grading.js";
import type { Scheme, Veto } from "./schema.js";
import type { SchemeProblem } from "./types.js";
import { schemeTotal, validateScheme } from "./validate.js";

/** A category plan with its lookups, ready to score many subjects. */
export interface CompiledPlan extends CategoryPlan {
  byCode: ReadonlyMap<string, EffectiveIndicator>;
}

/** A validated scheme with formulas parsed and every category's overrides resolved once. */
export interface CompiledScheme {
  scheme: Scheme;
  maxTotal: number;
  base: CompiledPlan;
  categories: ReadonlyMap<string, CompiledPlan>;
  vetoes: ReadonlyMap<string, Veto>;
  gradeOrder: readonly string[];
  /** Every indicator code of the scheme, enabled or not, for telling unknown codes from disabled ones. */
  indicatorCodes: ReadonlySet<string>;
  /** End of the scheme year, 1 January 00:00 China Standard Time (UTC+8, no DST), in epoch ms. */
  yearEndMs: number;
}

const CST_OFFSET_MS = 8 * 3600 * 1000;

function withLookups(plan: CategoryPlan): CompiledPlan {
  return { ...plan, byCode: new Map(plan.indicators.map((i) => [i.code, i] as const)) };
}

/**
 * Validates a scheme and prepares it for scoring: formulas are parsed once and each category's
 * overrides resolved once, so a province-wide job pays for them once rather than per subject.
 * Refuses an invalid scheme with its problems.
 */
export function compileScheme(scheme: Scheme): { ok: true; compiled: CompiledScheme } | { ok: false; problems: SchemeProblem[] } {
  const problems = validateScheme(scheme);
  if (problems.length > 0) return { ok: false, problems };
  const formulas = new Map<string, CompiledFormula>();
  for (const dim of scheme.dimensions) {
    for (const ind of dim.indicators) {
      if (ind.method !== "formula") continue;
      const compiled = compileFormula(ind.expression);
      if (compiled.ok) formulas.set(ind.code, compiled.formula);
    }
  }
  const categories = new Map<string, CompiledPlan>();
  for (const category of scheme.categories) {
    categories.set(category.code, withLookups(planCategory(scheme, category.code, formulas)));
  }
  return {
    ok: true,
    compiled: {
      scheme,
      maxTotal: schemeTotal(scheme),
      base: withLookups(planCategory(scheme, null, formulas)),
      categories,
      vetoes: new Map(scheme.vetoes.map((v) => [v.code, v] as const)),
      gradeOrder: gradeOrder(scheme.grading),
      indicatorCodes: new Set(scheme.dimensions.flatMap((d) => d.indicators.map((i) => i.code))),
      yearEndMs: Date.UTC(scheme.year + 1, 0, 1) - CST_OFFSET_MS,
    },
  };
}
