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
 * gave each indicator, in the order of the recomputed breakdown. With the stored scheme version
 * this reproduces the whole explained breakdown (the engine is pure and deterministic: see
 * recomputeStored). Version 2 drops what the recomputation gives back anyway (dimension points,
 * veto codes) and keys the points by position, not by indicator code: half the bytes of version 1,
 * and the bulk write of a city's 35,000 members is mostly bytes. Version 1 rows are still read.
 */
export type StoredBreakdown =
  | { v: 1; asOf: string; facts: Facts; points: Record<string, number>; dimensions: Record<string, number>; vetoes: string[] }
  | { v: 2; asOf: string; facts: Facts; points: number[] };

export function storedBreakdown(facts: Facts, r: ScoreResult): StoredBreakdown {
  const points: number[] = [];
  for (const l of r.breakdown) points.push(l.points);
  return { v: 2, asOf: r.asOf, facts, points };
}

/**
 * The full ScoreResult of a stored result, recomputed from its facts with its scheme version;
 * `consistent` is false if any indicator's points differ from what was stored (an engine change
 * since), so the explanation drawer can say so instead of silently explaining other numbers.
 */
export function recomputeStored(scheme: Scheme, stored: StoredBreakdown): { result: ScoreResult; consistent: boolean } | null {
  const out = compute(scheme, stored.facts, new Date(stored.asOf));
  if (!out.ok) return null;
  const lines = out.result.breakdown;
  const consistent =
    stored.v === 1
      ? lines.every((l) => stored.points[l.indicator] === l.points)
      : lines.length === stored.points.length && lines.every((l, i) => stored.points[i] === l.points);
  return { result: out.result, consistent };
}
