import type { Facts, Grading, Scheme } from "./engine/index.js";
import { gradeOrder } from "./engine/index.js";

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
