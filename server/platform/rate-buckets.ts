/**
 * Rate limits in the database (intake_buckets, migration 0038), shared by the residents' intake
 * (per device) and the Open311 API (per address and per api_key, keys prefixed `o311`): a token
 * bucket per key holding at most `capacity` tokens, refilled evenly over `windowMs`. One statement takes the tokens of a whole batch atomically — the row lock of
 * INSERT … ON CONFLICT DO UPDATE serialises processes that take from the same bucket, and the
 * new level is computed from the row as locked, never from a value read earlier — so a restart
 * forgets nothing and several app processes share one limit.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { recordsetInsert } from "../db/recordset.js";
import { intakeBuckets } from "../db/schema/index.js";

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
  for (const r of await takeRows(tx, wanted, limit, now)) granted.set(r.key, Number(r.taken));
  return granted;
}

/** A one-token request's answer: refused ones say when a token will be back. */
export type TokenDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Takes one token from `key`'s bucket (a new key starts full). */
export async function takeToken(tx: Db, key: string, limit: DeviceLimit, now: Date): Promise<TokenDecision> {
  const [row] = await takeRows(tx, new Map([[key, 1]]), limit, now);
  if (row && Number(row.taken) >= 1) return { ok: true };
  return { ok: false, retryAfterMs: msUntilToken(Number(row?.tokens ?? 0), limit) };
}

/** How long a bucket left at `level` tokens takes to hold one whole token again. */
export function msUntilToken(level: number, limit: DeviceLimit): number {
  if (level >= 1) return 0;
  return Math.ceil(((1 - Math.max(0, level)) * limit.windowMs) / limit.capacity);
}

/** A bucket's row after a take: tokens granted and the level left. */
export interface TakenRow {
  key: string;
  taken: number | string;
  tokens: number | string;
}

async function takeRows(tx: Db, wanted: ReadonlyMap<string, number>, limit: DeviceLimit, now: Date): Promise<TakenRow[]> {
  if (wanted.size === 0) return [];
  return queryRows<TakenRow>(tx, takeTokensSql(wanted, limit, now));
}

/**
 * The statement taking `wanted` tokens from each bucket and returning each bucket's `TakenRow`
 * (`wanted` must not be empty); also usable as a data-modifying CTE of a larger statement (the
 * batched intake's look-ups, intake-lookups.ts).
 */
export function takeTokensSql(wanted: ReadonlyMap<string, number>, limit: DeviceLimit, now: Date): SQL {
  const cap = limit.capacity;
  const windowSeconds = limit.windowMs / 1000;
  // The rows travel as one JSON parameter (db/recordset.ts), not four parameters each, whose
  // building cost more CPU than the statement for a batch of 100 reports. In key order, so
  // transactions taking overlapping buckets lock their rows in the same order.
  const rows = [...wanted]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => {
      const take = Math.max(0, Math.min(n, cap));
      return { key, tokens: cap - take, taken: take, updatedAt: now };
    });
  // In DO UPDATE, `intake_buckets` is the row as locked and EXCLUDED.taken the tokens wanted (at
  // most cap). Elapsed × capacity ÷ window (not × a rate per second) and a tolerance below one
  // token keep a token that is due exactly now (as msUntilToken promised) from rounding to 0.9999….
  const level = sql`LEAST(${cap}::float8, intake_buckets.tokens + GREATEST(0, EXTRACT(EPOCH FROM (EXCLUDED.updated_at - intake_buckets.updated_at))::float8) * ${cap}::float8 / ${windowSeconds}::float8)`;
  const grant = sql`LEAST(EXCLUDED.taken, GREATEST(0, floor(${level} + 1e-9))::int)`;
  // `tokens` is the level left after this take, so a refusal can say when the next token is due.
  return recordsetInsert(
    intakeBuckets,
    rows,
    sql`ON CONFLICT (key) DO UPDATE SET tokens = ${level} - ${grant}, taken = ${grant}, updated_at = GREATEST(intake_buckets.updated_at, EXCLUDED.updated_at)
      RETURNING key, taken, tokens`,
  );
}

/**
 * Deletes the buckets nobody took from for a whole window: they have refilled to capacity, which
 * is what a missing row means too, so the table holds only keys seen recently. Buckets of other
 * windows share the table, so a sweep must not reach a bucket whose window is longer than its
 * own: with `prefix` it deletes only keys starting with it; without, its window must be the
 * longest of all (the intake's 10 minutes; Open311's 60 s buckets sweep only `o311`).
 */
export async function sweepFullBuckets(db: Db, limit: Pick<DeviceLimit, "windowMs">, now: Date, prefix?: string): Promise<number> {
  const before = new Date(now.getTime() - limit.windowMs);
  const own = prefix === undefined ? sql.empty() : sql` AND left(key, ${prefix.length}::int) = ${prefix}`;
  const rows = await queryRows<{ key: string }>(db, sql`DELETE FROM intake_buckets WHERE updated_at < ${before}${own} RETURNING key`);
  return rows.length;
}
