import type { UnitRates } from "../../../../../common/contract/rates.contract.js";

export type Rate = "response" | "resolution" | "satisfaction";
export const RATES: readonly Rate[] = ["response", "resolution", "satisfaction"];

export function rateOf(u: UnitRates, r: Rate): number | null {
  return r === "response" ? u.responseRate : r === "resolution" ? u.resolutionRate : u.satisfactionRate;
}

/** The numerator / denominator behind a rate, shown beside it so a 100% of 1 reads as such. */
export function countsOf(u: UnitRates, r: Rate): [number, number] {
  return r === "response" ? [u.respondedOnTime, u.appeals] : r === "resolution" ? [u.resolved, u.appeals] : [u.satisfied, u.rated];
}

/** `87.5%`, or a dash for "no data" (a null rate is not 0%). */
export function pct(v: number | null): string {
  return v === null ? "—" : `${(v * 100).toFixed(1)}%`;
}

/** The rate over all units with the counts summed first, so a big town weighs more than a tiny village. */
export function pooled(items: readonly UnitRates[], r: Rate): number | null {
  let n = 0;
  let d = 0;
  for (const u of items) {
    const [a, b] = countsOf(u, r);
    n += a;
    d += b;
  }
  return d === 0 ? null : n / d;
}

/** By the server's rank for the chosen rate (unranked last), then by volume. */
export function byRank(items: readonly UnitRates[], r: Rate): UnitRates[] {
  return [...items].sort((a, b) => (a.ranks[r] ?? Infinity) - (b.ranks[r] ?? Infinity) || b.appeals - a.appeals);
}
