import type { ProjectPriority } from "../../../common/rating.js";

/** One rated village as the allocation sees it. */
export interface AllocationSubject {
  id: string;
  grade: string | null;
  stars: number | null;
  category: string | null;
}

export interface AllocationRule {
  poolFen: number;
  starMultipliers: Record<string, number>;
  minFen: number;
  maxFen: number | null;
  rectificationShare: number;
  rectificationMaxStars: number;
  priorities: { minStars: number; priority: ProjectPriority }[];
}

export interface AllocationResultLine {
  id: string;
  rectify: boolean;
  priority: ProjectPriority;
  multiplier: number;
  amountFen: number;
  earmarkFen: number;
  bound: "min" | "max" | null;
}

export type AllocationOutcome =
  | { ok: true; lines: AllocationResultLine[]; earmarkFen: number }
  | { ok: false; field: string; key: string; params: Record<string, number | string> };

export function isRectify(s: AllocationSubject, maxStars: number): boolean {
  return s.category === "rectify" || s.stars === null || s.stars <= maxStars;
}

export function priorityOf(stars: number | null, rows: AllocationRule["priorities"]): ProjectPriority {
  const sorted = [...rows].sort((a, b) => b.minStars - a.minStars);
  return sorted.find((r) => (stars ?? 0) >= r.minStars)?.priority ?? "normal";
}

/**
 * Integer fen from real shares summing to `total`: floors first, then the largest remainders get
 * the missing fen (never above a cap); a float excess is taken back from the smallest remainders
 * (never below a floor). The result sums to `total` exactly.
 */
function toFen(real: number[], total: number, caps: number[], floors: number[] = []): number[] {
  const out = real.map((r, i) => Math.max(Math.min(Math.floor(r), caps[i] ?? Infinity), 0));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = real.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let pass = 0; pass < 3 && left > 0; pass++) {
    for (const { i } of order) {
      if (left === 0) break;
      if ((out[i] ?? 0) < (caps[i] ?? Infinity)) {
        out[i] = (out[i] ?? 0) + 1;
        left--;
      }
    }
  }
  for (let pass = 0; pass < 3 && left < 0; pass++) {
    for (const { i } of [...order].reverse()) {
      if (left === 0) break;
      if ((out[i] ?? 0) > (floors[i] ?? 0)) {
        out[i] = (out[i] ?? 0) - 1;
        left++;
      }
    }
  }
  return out;
}

/**
 * Allocates a fund pool in fen: a rectification earmark split evenly among rectification villages
 * (support, not penalty), the rest shared by star multiplier, every village's whole amount kept
 * within [minFen, maxFen] by water-filling (those at a bound are fixed there and the others share
 * what is left by weight, until no bound is crossed). The amounts sum to the pool exactly.
 */
export function allocate(subjects: readonly AllocationSubject[], rule: AllocationRule): AllocationOutcome {
  const n = subjects.length;
  if (n === 0) return { ok: true, lines: [], earmarkFen: 0 };
  if (rule.maxFen !== null && rule.minFen > rule.maxFen) return { ok: false, field: "params.minFen", key: "allocation.minAboveMax", params: {} };
  for (const s of subjects) {
    if (s.grade !== null && rule.starMultipliers[s.grade] === undefined) return { ok: false, field: "params.starMultipliers", key: "allocation.unknownGrade", params: { grade: s.grade } };
  }
  if (rule.minFen * n > rule.poolFen) return { ok: false, field: "poolFen", key: "allocation.poolBelowMin", params: { need: (rule.minFen * n) / 100 } };
  if (rule.maxFen !== null && rule.maxFen * n < rule.poolFen) return { ok: false, field: "poolFen", key: "allocation.poolAboveMax", params: { cap: (rule.maxFen * n) / 100 } };

  const rectify = subjects.map((s) => isRectify(s, rule.rectificationMaxStars));
  const rectCount = rectify.filter(Boolean).length;
  const earmarkFen = rectCount > 0 ? Math.round(rule.poolFen * rule.rectificationShare) : 0;
  const earmarks = toFen(rectify.map((r) => (r ? earmarkFen / rectCount : 0)), earmarkFen, rectify.map((r) => (r ? Infinity : 0)));
  const main = rule.poolFen - earmarkFen;
  const mult = subjects.map((s) => (s.grade === null ? 0 : (rule.starMultipliers[s.grade] ?? 0)));
  const weights = mult.every((m) => m === 0) ? mult.map(() => 1) : mult;
  const lower = earmarks.map((e) => Math.max(0, rule.minFen - e));
  const upper = earmarks.map((e) => (rule.maxFen === null ? Infinity : Math.max(0, rule.maxFen - e)));

  // Water-filling as a search for the level λ: each village gets clamp(λ·weight, lower, upper),
  // a non-decreasing function of λ, so bisection finds the level where the shares fill the pool.
  const at = (lambda: number): number[] => weights.map((wt, i) => Math.min(Math.max(lambda * wt, lower[i] ?? 0), upper[i] ?? Infinity));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const minW = Math.min(...weights.filter((x) => x > 0));
  let lo = 0;
  let hi = main / minW + 1;
  if (sum(at(hi)) < main - 0.5) return { ok: false, field: "poolFen", key: "allocation.poolAboveMax", params: { cap: sum(at(hi)) / 100 } };
  for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (sum(at(mid)) < main) lo = mid;
    else hi = mid;
  }
  const real = at(hi);
  const bound = weights.map((wt, i): "min" | "max" | null => (hi * wt < (lower[i] ?? 0) ? "min" : hi * wt > (upper[i] ?? Infinity) ? "max" : null));
  const mains = toFen(real, main, upper.map((u) => (u === Infinity ? Infinity : Math.floor(u))), lower.map((l) => Math.ceil(l)));
  return {
    ok: true,
    earmarkFen,
    lines: subjects.map((s, i) => ({
      id: s.id, rectify: rectify[i] ?? false, priority: priorityOf(s.stars, rule.priorities), multiplier: mult[i] ?? 0,
      amountFen: (mains[i] ?? 0) + (earmarks[i] ?? 0), earmarkFen: earmarks[i] ?? 0, bound: bound[i] ?? null,
    })),
  };
}
