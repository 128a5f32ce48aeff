/**
 * Request limits for the public Open311 API, in the database buckets the residents' intake uses
 * (platform/rate-buckets.ts), so a restart forgets nothing and every app process shares one
 * limit. Two buckets per request: one per client address (every request) and one per api_key
 * (requests that carry one), so a partner spreading calls over several machines is still bound
 * by its key's total. Each holds the per-minute limit and refills over a minute.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/client.js";
import { sweepFullBuckets, takeToken, type DeviceLimit } from "../../platform/rate-buckets.js";

export interface Open311Limits {
  perIpPerMinute: number;
  perKeyPerMinute: number;
}

export const DEFAULT_OPEN311_LIMITS: Open311Limits = { perIpPerMinute: 60, perKeyPerMinute: 120 };

export const OPEN311_WINDOW_MS = 60_000;
/** Every Open311 bucket key starts with this, so the Open311 sweep touches no other bucket. */
export const OPEN311_BUCKET_PREFIX = "o311";

export const ipBucket = (ip: string): string => `${OPEN311_BUCKET_PREFIX}ip:${ip}`;
/** The key's digest, never the key: the table is not where a partner's secret may be read. */
export const apiKeyBucket = (apiKey: string): string => `${OPEN311_BUCKET_PREFIX}key:${createHash("sha256").update(apiKey).digest("hex")}`;

export type LimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes one request from `bucket`, allowed `perMinute` a minute. */
export async function takeOpen311(db: Db, bucket: string, perMinute: number, now: Date): Promise<LimitDecision> {
  const limit: DeviceLimit = { capacity: perMinute, windowMs: OPEN311_WINDOW_MS };
  const d = await takeToken(db, bucket, limit, now);
  return d.ok ? d : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(d.retryAfterMs / 1000)) };
}

/**
 * Once a window per process, deletes the Open311 buckets that have refilled (random api_key
 * values would otherwise leave a row each). Best effort: a failure never refuses a request.
 */
export function open311Sweeper(db: Db): (now: Date) => Promise<void> {
  let sweptAt = -Infinity;
  return async (now) => {
    if (now.getTime() - sweptAt < OPEN311_WINDOW_MS) return;
    sweptAt = now.getTime();
    await sweepFullBuckets(db, { windowMs: OPEN311_WINDOW_MS }, now, OPEN311_BUCKET_PREFIX).catch((err: unknown) => console.error("[open311] bucket sweep failed", err));
  };
}
