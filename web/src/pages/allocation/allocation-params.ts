import type { AllocationParams } from "../../../../common/contract/allocation.contract.js";
import type { ProjectPriority } from "../../../../common/rating.js";
import { starsOf } from "../rating/scheme-types.js";

/** The form in yuan; the API takes fen (integers), converted on submit. */
export interface PlanFormValues {
  name: string;
  schemeId: string;
  orgUnitId: string;
  poolYuan: number;
  multipliers: { grade: string; value: number }[];
  minYuan: number;
  maxYuan: number | null;
  rectificationShare: number;
  rectificationMaxStars: number;
  priorities: { minStars: number; priority: ProjectPriority }[];
}

/** PRACTICE §3.1's proposal: 五星 1.3, 四星 1.15, 三星 1, 二星 0.9, 一星 and 无星 0.8. */
export const DEFAULT_MULTIPLIER = [0.8, 0.8, 0.9, 1, 1.15, 1.3];

export const toFen = (yuan: number): number => Math.round(yuan * 100);
export const toYuan = (fen: number): number => fen / 100;

export function toParams(v: PlanFormValues): AllocationParams {
  return {
    starMultipliers: Object.fromEntries(v.multipliers.map((m) => [m.grade, m.value])),
    minFen: toFen(v.minYuan),
    maxFen: v.maxYuan === null || v.maxYuan === undefined ? null : toFen(v.maxYuan),
    rectificationShare: v.rectificationShare,
    rectificationMaxStars: v.rectificationMaxStars,
    priorities: v.priorities,
  };
}

export function fromParams(p: AllocationParams): Pick<PlanFormValues, "multipliers" | "minYuan" | "maxYuan" | "rectificationShare" | "rectificationMaxStars" | "priorities"> {
  return {
    // Stored JSON comes back key-sorted; show the grades from five stars down.
    multipliers: Object.entries(p.starMultipliers)
      .map(([grade, value]) => ({ grade, value }))
      .sort((a, b) => (starsOf(b.grade) ?? -1) - (starsOf(a.grade) ?? -1)),
    minYuan: toYuan(p.minFen),
    maxYuan: p.maxFen === null ? null : toYuan(p.maxFen),
    rectificationShare: p.rectificationShare,
    rectificationMaxStars: p.rectificationMaxStars,
    priorities: p.priorities,
  };
}
