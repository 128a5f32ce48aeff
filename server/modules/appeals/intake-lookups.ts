/**
 * What a batch of reports needs from the database before it can decide each report — device
 * tokens taken, each grid's appeals of the last hour, idempotency keys already filed, the
 * categories and their deadline rules — in ONE statement. These were five statements, each a
 * round trip on the filing transaction's critical path (which group commit runs one batch at a
 * time), each waiting behind the other requests' work on a busy event loop. Every part is the
 * query it replaces, as a CTE or scalar sub-select; the results come back as JSON.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { appealCategories } from "../../db/schema/index.js";
import { takeTokensSql, type DeviceLimit, type TakenRow } from "../../platform/rate-buckets.js";
import type { DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../common/appeals.js";
import type { DeadlineRule } from "./deadlines.js";

export type IntakeCategory = Pick<typeof appealCategories.$inferSelect, "id" | "code" | "name" | "scale">;
export type Rules = Partial<Record<DeadlineStage, DeadlineRule>>;

export interface BatchLookups {
  /** Tokens granted per device key (the keys of `wanted`). */
  tokens: Map<string, number>;
  /** Appeals of the last hour per grid id (grids without any are absent). */
  used: Map<string, number>;
  /** Idempotency key → the appeal it already filed. */
  known: Map<string, { id: string; trackingCode: string }>;
  /** Enabled categories by id. */
  categories: Map<string, IntakeCategory>;
  /** The most specific rule per stage, by `${categoryId}|${level}` (rulesKey). */
  rules: Map<string, Rules>;
}

export const rulesKey = (categoryId: string, level: HandlingLevel): string => `${categoryId}|${level}`;

interface Row {
  buckets: TakenRow[];
  grids: { grid_id: string; n: number | string }[];
  keys: { id: string; tracking_code: string; key: string }[];
  cats: IntakeCategory[];
  rules: { category_id: string; level: HandlingLevel; stage: DeadlineStage; unit: DeadlineUnit; amount: string | number; yellow_percent: number }[];
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::json`;
/**
 * A batch's few grids or categories as an IN list of uuid parameters, as the separate queries
 * sent them: against a set-returning function the planner expects 100 rows and hashes, which
 * made the grid count ~30 % slower on 40,000 appeals of the last hour (EXPLAIN ANALYZE).
 */
const uuids = (ids: readonly string[]) => (ids.length ? sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `) : sql`NULL`);

export async function batchLookups(
  tx: Db,
  q: {
    /** Tokens wanted per device key, taken from the device buckets (none without a limit). */
    wanted: ReadonlyMap<string, number>;
    limit: DeviceLimit | undefined;
    gridIds: readonly string[];
    keys: readonly string[];
    categoryIds: readonly string[];
    /** The (category, first handler's level) pairs whose deadline rules the batch needs. */
    pairs: readonly { categoryId: string; level: HandlingLevel }[];
    now: Date;
  },
): Promise<BatchLookups> {
  const take = q.limit && q.wanted.size ? takeTokensSql(q.wanted, q.limit, q.now) : null;
  const since = new Date(q.now.getTime() - 3600_000);
  // Ids are cast to uuid as the separate queries did, so a malformed category id still fails the
  // statement (and group commit then files that report alone) rather than reading as unknown.
  // Idempotency keys (up to one per report) go as one JSON array: the planner probes the unique
  // index per key (Memoize + index scan) either way.
  const [row] = await queryRows<Row>(
    tx,
    sql`${take ? sql`WITH b AS (${take}) ` : sql``}SELECT
      ${take ? sql`(SELECT coalesce(json_agg(b), '[]'::json) FROM b)` : sql`'[]'::json`} AS buckets,
      ${q.gridIds.length ? sql`(SELECT coalesce(json_agg(g), '[]'::json) FROM (
        SELECT grid_id, count(*) AS n FROM appeals WHERE grid_id IN (${uuids(q.gridIds)}) AND created_at >= ${since}::timestamptz
        GROUP BY grid_id) g)` : sql`'[]'::json`} AS grids,
      (SELECT coalesce(json_agg(k), '[]'::json) FROM (
        SELECT id, tracking_code, idempotency_key AS key FROM appeals
        WHERE idempotency_key IN (SELECT json_array_elements_text(${json(q.keys)}))) k) AS keys,
      (SELECT coalesce(json_agg(c), '[]'::json) FROM (
        SELECT id, code, name, scale FROM appeal_categories
        WHERE id IN (${uuids(q.categoryIds)}) AND disabled_at IS NULL) c) AS cats,
      (SELECT coalesce(json_agg(r), '[]'::json) FROM (
        SELECT DISTINCT ON (p.category_id, p.level, d.stage) p.category_id, p.level, d.stage, d.unit, d.amount, d.yellow_percent
        FROM json_to_recordset(${json(q.pairs.map((p) => ({ category_id: p.categoryId, level: p.level })))}) AS p(category_id uuid, level text)
        JOIN appeal_categories c ON c.id = p.category_id
        JOIN appeal_deadline_rules d ON d.scale = c.scale AND (d.category_id = p.category_id OR d.category_id IS NULL) AND (d.level = p.level OR d.level IS NULL)
        ORDER BY p.category_id, p.level, d.stage, (d.category_id IS NULL), (d.level IS NULL)) r) AS rules`,
  );
  if (!row) throw new Error("batchLookups: no row");
  const rules = new Map<string, Rules>();
  // Every pair gets its (possibly empty) rules, as rulesFor answered {} when no rule matched.
  for (const p of q.pairs) rules.set(rulesKey(p.categoryId, p.level), {});
  for (const r of row.rules) {
    const k = rulesKey(r.category_id, r.level);
    const out = rules.get(k) ?? {};
    out[r.stage] = { unit: r.unit, amount: Number(r.amount), yellowPercent: r.yellow_percent };
    rules.set(k, out);
  }
  return {
    tokens: new Map(row.buckets.map((b) => [b.key, Number(b.taken)])),
    used: new Map(row.grids.map((g) => [g.grid_id, Number(g.n)])),
    known: new Map(row.keys.map((k) => [k.key, { id: k.id, trackingCode: k.tracking_code }])),
    categories: new Map(row.cats.map((c) => [c.id, c])),
    rules,
  };
}
