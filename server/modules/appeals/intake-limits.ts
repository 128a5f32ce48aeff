/**
 * The residents' per-device intake limit, in the database (intake_buckets, migration 0038): a
 * token bucket per device key holding at most `capacity` reports, refilled evenly over
 * `windowMs`. One statement takes the tokens of a whole batch atomically — the row lock of
 * INSERT … ON CONFLICT DO UPDATE serialises processes that take from the same bucket, and the
 * new level is computed from the row as locked, never from a value read earlier — so a restart
 * forgets nothing and several app processes share one limit.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";

export interface DeviceLimit {
  /** Reports a device may send at once (the bucket's size). */
  capacity: number;
  /** The time a spent bucket takes to fill up again. */
  windowMs: number;
}

/**
 * Takes `wanted.get(key)` tokens from each device's bucket and answers how many each was granted
 * (fewer than wanted when its bucket holds fewer whole tokens). A new device starts full.
 */
export async function takeDeviceTokens(tx: Db, wanted: ReadonlyMap<string, number>, limit: DeviceLimit, now: Date): Promise<Map<string, number>> {
  const granted = new Map<string, number>();
  if (wanted.size === 0) return granted;
  const cap = limit.capacity;
  const perSecond = cap / (limit.windowMs / 1000);
  const rows = sql.join(
    [...wanted].map(([key, n]) => {
      const take = Math.max(0, Math.min(n, cap));
      return sql`(${key}, ${cap - take}::float8, ${take}::int, ${now}::timestamptz)`;
    }),
    sql`, `,
  );
  // In DO UPDATE, `b` is the row as locked and EXCLUDED.taken the tokens wanted (at most cap).
  const level = sql`LEAST(${cap}::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (EXCLUDED.updated_at - b.updated_at))::float8) * ${perSecond}::float8)`;
  const grant = sql`LEAST(EXCLUDED.taken, GREATEST(0, floor(${level}))::int)`;
  const out = await queryRows<{ key: string; taken: number | string }>(
    tx,
    sql`INSERT INTO intake_buckets AS b (key, tokens, taken, updated_at) VALUES ${rows}
        ON CONFLICT (key) DO UPDATE SET tokens = ${level} - ${grant}, taken = ${grant}, updated_at = GREATEST(b.updated_at, EXCLUDED.updated_at)
        RETURNING key, taken`,
  );
  for (const r of out) granted.set(r.key, Number(r.taken));
  return granted;
}

/**
 * Deletes the buckets nobody took from for a whole window: they have refilled to capacity, which
 * is what a missing row means too, so the table holds only devices seen recently.
 */
export async function sweepFullBuckets(db: Db, limit: DeviceLimit, now: Date): Promise<number> {
  const before = new Date(now.getTime() - limit.windowMs);
  const rows = await queryRows<{ key: string }>(db, sql`DELETE FROM intake_buckets WHERE updated_at < ${before} RETURNING key`);
  return rows.length;
}
