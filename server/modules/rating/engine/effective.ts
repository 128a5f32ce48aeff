import type { CompiledFormula } from "./formula.js";
import { own } from "./own.js";
import type { BandRow, Indicator, IndicatorMethod, IndicatorOverride, Scheme } from "./schema.js";

/** An evaluator role allowed on an indicator, with its scheme weight. */
export interface IndicatorRole {
  role: string;
  weight: number;
}

/** An indicator as it applies to one category: overrides resolved, formula compiled. */
export interface EffectiveIndicator {
  path: string;
  dimension: string;
  dimIndex: number;
  code: string;
  name: string;
  method: IndicatorMethod;
  negative: boolean;
  source: "manual" | "auto";
  metric: string | null;
  roles: IndicatorRole[];
  max: number;
  perEvent: number;
  cap: number;
  target: number;
  bands: readonly BandRow[];
  formula: CompiledFormula | null;
}

export interface CategoryPlan {
  categoryCode: string | null;
  indicators: EffectiveIndicator[];
  /** Effective max per dimension (sum of its enabled positive indicators), in scheme order. */
  dimensionMax: number[];
  rawMax: number;
  excluded: string[];
}

/** The numbers of an indicator after a category's override, before compilation. */
export interface ResolvedNumbers {
  enabled: boolean;
  max: number;
  perEvent: number;
  cap: number;
  target: number;
}

/**
 * Applies a category override. An unset cap follows the effective max, and lowering the max also
 * lowers a higher base cap, because a cap above the max could never be reached anyway.
 */
export function resolveNumbers(ind: Indicator, override: IndicatorOverride | undefined): ResolvedNumbers {
  const max = override?.maxPoints ?? ind.maxPoints;
  const baseCap = ind.method === "perEvent" ? (ind.cap ?? ind.maxPoints) : max;
  const cap = override?.cap ?? Math.min(baseCap, max);
  return {
    enabled: override?.enabled ?? true,
    max,
    perEvent: override?.perEvent ?? (ind.method === "perEvent" ? ind.perEvent : 0),
    cap,
    target: override?.target ?? (ind.method === "ratio" ? ind.target : 0),
  };
}

/** The override an indicator declares for a category (none for the base scheme). */
export function overrideFor(ind: Indicator, categoryCode: string | null): IndicatorOverride | undefined {
  return categoryCode === null ? undefined : own(ind.categoryOverrides, categoryCode);
}

/**
 * Resolves every indicator for one category (null = the base scheme). Formulas come in
 * pre-compiled, keyed by indicator code, so a batch compiles each expression once.
 */
export function planCategory(
  scheme: Scheme,
  categoryCode: string | null,
  formulas: ReadonlyMap<string, CompiledFormula>,
): CategoryPlan {
  const weights = new Map(scheme.evaluators.map((e) => [e.role, e.weight] as const));
  const indicators: EffectiveIndicator[] = [];
  const dimensionMax: number[] = [];
  const excluded: string[] = [];
  scheme.dimensions.forEach((dim, dimIndex) => {
    let dimMax = 0;
    dim.indicators.forEach((ind, j) => {
      const n = resolveNumbers(ind, overrideFor(ind, categoryCode));
      if (!n.enabled) {
        excluded.push(ind.code);
        return;
      }
      if (!ind.negative) dimMax += n.max;
      indicators.push({
        path: `dimensions.${dimIndex}.indicators.${j}`,
        dimension: dim.code,
        dimIndex,
        code: ind.code,
        name: ind.name,
        method: ind.method,
        negative: ind.negative ?? false,
        source: ind.source,
        metric: ind.metric ?? null,
        roles: (ind.roles ?? []).map((role) => ({ role, weight: weights.get(role) ?? 0 })),
        max: n.max,
        perEvent: n.perEvent,
        cap: n.cap,
        target: n.target,
        bands: ind.method === "bands" ? ind.bands : [],
        formula: formulas.get(ind.code) ?? null,
      });
    });
    dimensionMax.push(dimMax);
  });
  const rawMax = dimensionMax.reduce((a, b) => a + b, 0);
  return { categoryCode, indicators, dimensionMax, rawMax, excluded };
}
