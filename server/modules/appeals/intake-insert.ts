/**
 * The batch's appeals in one INSERT whose rows travel as one JSON parameter, unpacked by
 * json_to_recordset. Drizzle's multi-row insert builds one parameter per cell (27 columns × 100
 * reports) at ~3 µs of CPU each, which made building the statement cost more than running it
 * (bench/appeal-intake.bench.ts notes); a JSON string costs one native JSON.stringify. The column
 * names and types come from the Drizzle table, so the statement follows the schema.
 */
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "../../db/client.js";
import { appeals } from "../../db/schema/index.js";

export interface RecordsetColumn {
  key: string;
  name: string;
  type: string;
}

/**
 * The columns the rows fill (the union of their keys, in the table's order) with their SQL types.
 * Columns no row names are left out, so they take their defaults; a row lacking a key another
 * row has gets NULL there, as a multi-row VALUES would give it DEFAULT — so only nullable,
 * default-less columns may be missing from some rows (the phone columns here).
 */
export function recordsetColumns(table: PgTable, rows: readonly Record<string, unknown>[]): RecordsetColumn[] {
  const used = new Set<string>();
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (v !== undefined) used.add(k);
  const cols = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  const unknown = [...used].filter((k) => !cols.some(([key]) => key === k));
  if (unknown.length) throw new Error(`recordsetColumns: ${getTableName(table)} has no column ${unknown.join(", ")}`);
  return cols.filter(([key]) => used.has(key)).map(([key, c]) => ({ key, name: c.name, type: c.getSQLType() }));
}

/**
 * The rows as the JSON json_to_recordset reads: keyed by column name, Dates as ISO instants.
 * Lone UTF-16 surrogates become U+FFFD, as the drivers' UTF-8 encoding of a text parameter
 * does, since PostgreSQL's JSON parser refuses them.
 */
/** With the u flag a well-formed pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Surrogate}/gu;

export function recordsetJson(cols: readonly RecordsetColumn[], rows: readonly Record<string, unknown>[]): string {
  const out = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of cols) {
      const v = r[c.key];
      o[c.name] = typeof v === "string" ? v.replace(LONE_SURROGATE, "\uFFFD") : (v ?? null);
    }
    return o;
  });
  return JSON.stringify(out);
}

/** Inserts the appeals, skipping any whose idempotency key exists; answers the ids inserted. */
export async function insertAppeals(tx: Db, rows: readonly (typeof appeals.$inferInsert)[]): Promise<{ id: string }[]> {
  if (!rows.length) return [];
  const cols = recordsetColumns(appeals, rows);
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(", "));
  const types = sql.raw(cols.map((c) => `"${c.name}" ${c.type}`).join(", "));
  return queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO appeals (${names}) SELECT ${names} FROM json_to_recordset(${recordsetJson(cols, rows)}::json) AS r(${types})
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
  );
}
