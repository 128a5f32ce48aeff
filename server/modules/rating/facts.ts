import { compute, gradeOrder, type Facts, type Grading, type Scheme, type ScoreResult } from "./engine/index.js";

/** What the database knows about one village for one scheme. */
export interface VillageFactsSource {
  category: string | null;
  metrics: Record<string, number> | undefined;
  manualScores: Record<string, Record<string, number>> | null;
  vetoHits: readonly string[] | null;
}

/**
 * The engine's facts for a village: the metrics the scheme reads, the manual scores per role and
 * the veto hits of its assessment, and its category when the scheme has that category (a village
 * whose category the scheme lacks is rated on the base plan, never refused).
 */
export function villageFacts(scheme: Scheme, categories: ReadonlySet<string>, metricNames: ReadonlySet<string>, s: VillageFactsSource): Facts {
  const inputs: Record<string, number> = {};
  if (s.metrics) for (const name of metricNames) if (s.metrics[name] !== undefined) inputs[name] = s.metrics[name];
  const facts: Facts = { inputs };
  if (s.category && categories.has(s.category)) facts.categoryCode = s.category;
  if (s.manualScores && Object.keys(s.manualScores).length > 0) facts.manualScores = s.manualScores;
  if (s.vetoHits && s.vetoHits.length > 0) facts.vetoHits = [...s.vetoHits];
  void scheme;
  return facts;
}

/**
 * Stars of a grade: its distance from the bottom of the grading's order (五星 → 5 … 无星 → 0 for
 * the default bands). Null for no grade (disqualified).
 */
export function starsOf(grading: Grading, grade: string | null): number | null {
  if (grade === null) return null;
  const order = gradeOrder(grading);
  const i = order.indexOf(grade);
  return i < 0 ? null : order.length - 1 - i;
}

/**
 * What a stored result keeps: the exact facts the engine was given, its time, and the points it
 * gave each indicator and dimension. With the stored scheme version this reproduces the whole
 * explained breakdown (the engine is pure and deterministic: see recomputeStored), at a fifth of
 * the size of the full ScoreResult, which keeps a province's bulk write close to its inputs' cost.
 */
export interface StoredBreakdown {
  v: 1;
  asOf: string;
  facts: Facts;
  points: Record<string, number>;
  dimensions: Record<string, number>;
  vetoes: string[];
}

export function storedBreakdown(facts: Facts, r: ScoreResult): StoredBreakdown {
  return {
    v: 1,
    asOf: r.asOf,
    facts,
    points: Object.fromEntries(r.breakdown.map((l) => [l.indicator, l.points])),
    dimensions: Object.fromEntries(r.dimensions.map((d) => [d.code, d.points])),
    vetoes: r.vetoes.map((v) => v.code),
  };
}

/**
 * The full ScoreResult of a stored result, recomputed from its facts with its scheme version;
 * `consistent` is false if any indicator's points differ from what was stored (an engine change
 * since), so the explanation drawer can say so instead of silently explaining other numbers.
 */
export function recomputeStored(scheme: Scheme, stored: StoredBreakdown): { result: ScoreResult; consistent: boolean } | null {
  const out = compute(scheme, stored.facts, new Date(stored.asOf));
  if (!out.ok) return null;
  const consistent = out.result.breakdown.every((l) => stored.points[l.indicator] === l.points);
  return { result: out.result, consistent };
}
