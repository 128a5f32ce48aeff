import type { Indicator, Scheme } from "./engine/index.js";

/** The evaluator role whose scores the branch enters for its members. */
export const BRANCH_ROLE = "branch";

export interface BranchIndicator {
  code: string;
  name: string;
  method: "manual" | "boolean";
  /** The highest score: the indicator's points (manual) or 1 (boolean, yes/no). */
  max: number;
  /** Per category code: its own max, or null when the category is not rated on it. */
  byCategory: Record<string, number | null>;
  exemptCategories: string[];
}

function maxOf(ind: Indicator, maxPoints: number): number {
  return ind.method === "boolean" ? 1 : maxPoints;
}

/**
 * The member-star indicators no record supplies and the branch scores: manual or yes/no
 * indicators whose evaluator roles include `branch` (dues, commitment, job performance …).
 * Counted indicators come from the ledger and automatic ones from organisational life.
 */
export function branchIndicators(scheme: Scheme): BranchIndicator[] {
  const out: BranchIndicator[] = [];
  for (const d of scheme.dimensions) {
    for (const ind of d.indicators) {
      if (ind.source !== "manual" || (ind.method !== "manual" && ind.method !== "boolean") || !(ind.roles ?? []).includes(BRANCH_ROLE)) continue;
      const byCategory: Record<string, number | null> = {};
      for (const c of scheme.categories) {
        const o = ind.categoryOverrides?.[c.code];
        byCategory[c.code] = o?.enabled === false ? null : maxOf(ind, o?.maxPoints ?? ind.maxPoints);
      }
      out.push({ code: ind.code, name: ind.name, method: ind.method, max: maxOf(ind, ind.maxPoints), byCategory, exemptCategories: Object.keys(byCategory).filter((c) => byCategory[c] === null) });
    }
  }
  return out;
}

/** The max of an indicator for a member of a category (null: exempt), falling back to the base max. */
export function maxFor(ind: BranchIndicator, category: string): number | null {
  return category in ind.byCategory ? (ind.byCategory[category] ?? null) : ind.max;
}

export type EntryProblem = { field: string; key: string; params?: Record<string, string | number> };

/**
 * Checks one entered score: an indicator the branch scores, a member of the organisation, not
 * above the indicator's max for the member's category, and 0 or 1 for a yes/no indicator.
 */
export function checkEntry(
  i: number,
  e: { memberId: string; indicator: string; score: number | null },
  indicators: ReadonlyMap<string, BranchIndicator>,
  categoryOf: ReadonlyMap<string, string>,
): EntryProblem | null {
  const category = categoryOf.get(e.memberId);
  if (category === undefined) return { field: `scores.${i}.memberId`, key: "rating.memberScores.notInOrg" };
  const ind = indicators.get(e.indicator);
  if (!ind) return { field: `scores.${i}.indicator`, key: "rating.memberScores.notBranchScored", params: { indicator: e.indicator } };
  if (e.score === null) return null;
  const max = maxFor(ind, category);
  if (max === null) return { field: `scores.${i}.score`, key: "rating.memberScores.exempt" };
  if (e.score > max) return { field: `scores.${i}.score`, key: "rating.memberScores.aboveMax", params: { max } };
  if (ind.method === "boolean" && e.score !== 0 && e.score !== 1) return { field: `scores.${i}.score`, key: "rating.memberScores.yesNo" };
  return null;
}

/** How a stored branch score counts under the governing scheme version. */
export type CountedScore = { score: number; overMax: false } | { score: number; overMax: true; entered: number; max: number };

/**
 * A stored score under the scheme that governs now (it may be a newer version than the one it
 * was entered under): null when the indicator is no longer branch-scored or the member's
 * category is exempt from it; above a max the new version lowered, it counts capped at that max
 * and says so (`overMax`), because dropping it would silently cost the member all its points.
 * A yes/no indicator counts only 0 or 1 (a manual indicator turned yes/no keeps its old points
 * out, rather than making the facts refused).
 */
export function countedScore(ind: BranchIndicator | undefined, category: string, score: number): CountedScore | null {
  const max = ind ? maxFor(ind, category) : null;
  if (!ind || max === null || !(score >= 0)) return null;
  if (score > max) return ind.method === "boolean" ? { score: 1, overMax: true, entered: score, max: 1 } : { score: max, overMax: true, entered: score, max };
  if (ind.method === "boolean" && score !== 0 && score !== 1) return null;
  return { score, overMax: false };
}
