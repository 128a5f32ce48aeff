/**
 * The three rates (三率, PRACTICE §3.11, CIVIC §8.3), pure: counts in, ratios and rankings out.
 * Response rate = accepted within the accept limit / appeals due for a response; resolution
 * rate = resolved or closed / appeals (rejected ones excluded); satisfaction rate = ratings of 4
 * or 5 / rated. A ratio with an empty denominator is null (no data), never 0 or 1.
 */

export interface RateCounts {
  /** Appeals filed in the period (rejected excluded: not ours is not a failure to respond). */
  appeals: number;
  /** Of those, accepted by their first handler within the accept deadline. */
  respondedOnTime: number;
  /** Of those, resolved or closed. */
  resolved: number;
  /** Of those, rated by the resident. */
  rated: number;
  /** Of the rated, 4 or 5. */
  satisfied: number;
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

/** n / d rounded to 4 decimals; null when d is 0. Throws on impossible counts (a query bug). */
export function ratio(n: number, d: number): number | null {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 0 || n > d) throw new RangeError(`bad counts ${n}/${d}`);
  if (d === 0) return null;
  return Math.round((n / d) * 10_000) / 10_000;
}

export function ratesOf(c: RateCounts): Rates {
  return {
    responseRate: ratio(c.respondedOnTime, c.appeals),
    resolutionRate: ratio(c.resolved, c.appeals),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}

export interface Ranked<T> {
  item: T;
  /** 1 = best; ties share a rank (1, 1, 3 — competition ranking); null when unranked. */
  rank: number | null;
}

/**
 * Ranks by a value, higher first, with competition ranking for ties. Items whose value is null
 * or whose sample is below `minSample` are unranked (FixaMinGata's minimum sample before
 * ranking units, CIVIC §8), so one lucky appeal does not top the table. Stable for equal keys.
 */
export function rankBy<T>(items: readonly T[], value: (t: T) => number | null, sample: (t: T) => number, minSample = 1): Ranked<T>[] {
  const eligible = items.filter((t) => value(t) !== null && sample(t) >= minSample);
  const sorted = [...eligible].sort((a, b) => (value(b) ?? 0) - (value(a) ?? 0));
  const rankOf = new Map<T, number>();
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    rankOf.set(t, prev !== undefined && value(prev) === value(t) ? (rankOf.get(prev) ?? i + 1) : i + 1);
  });
  return items.map((item) => ({ item, rank: rankOf.get(item) ?? null }));
}

/** Average of ratings as a sum and a count; null without ratings. Two decimals. */
export function average(sum: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round((sum / count) * 100) / 100;
}
