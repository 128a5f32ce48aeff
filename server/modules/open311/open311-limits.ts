/**
 * Request limits for the public Open311 API, pure (the caller passes the time): a fixed window per
 * key. Two limiters run side by side: one per client address (every request) and one per api_key
 * (requests that carry one), so a partner spreading calls over several machines is still bound by
 * its key's total. Counts live in process memory, like the residents' per-device limit: several
 * app processes each allow the limit (documented in ARCHITECTURE.md).
 */

export interface Open311Limits {
  perIpPerMinute: number;
  perKeyPerMinute: number;
}

export const DEFAULT_OPEN311_LIMITS: Open311Limits = { perIpPerMinute: 60, perKeyPerMinute: 120 };

export type LimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface WindowLimiter {
  /** Counts one request for `key` at `nowMs`; refused once `max` requests fell in the current window. */
  hit(key: string, nowMs: number): LimitDecision;
  /** Keys currently held (for tests of the pruning). */
  size(): number;
}

/**
 * A fixed-window counter. Windows start at a key's first request (not on the minute), so a
 * client cannot double its rate by straddling a minute boundary. Expired windows are dropped
 * when the map grows past `maxKeys`, so random api_key values cannot grow memory without bound.
 */
export function windowLimiter(max: number, windowMs: number, maxKeys = 10_000): WindowLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const prune = (nowMs: number) => {
    for (const [k, w] of windows) if (nowMs - w.start >= windowMs) windows.delete(k);
    // Still full of live windows (a flood of distinct keys): forget the oldest half rather than grow.
    if (windows.size >= maxKeys) {
      let drop = Math.ceil(windows.size / 2);
      for (const k of windows.keys()) {
        if (drop-- <= 0) break;
        windows.delete(k);
      }
    }
  };
  return {
    hit(key, nowMs) {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        if (!w && windows.size >= maxKeys) prune(nowMs);
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= max) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - nowMs) / 1000)) };
      w.count++;
      return { ok: true, remaining: max - w.count };
    },
    size: () => windows.size,
  };
}
