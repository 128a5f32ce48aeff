/**
 * Multi-row INSERTs whose rows travel as one JSON parameter, unpacked by json_to_recordset.
 * Drizzle's multi-row insert builds one parameter per cell at ~3 µs of CPU each, which made
 * building a batch's statements cost more than running them (BENCHMARKS.md, appeal-intake notes);
 * a JSON string costs one native JSON.stringify. Column names and types come from the Drizzle
 * table, so the statement follows the schema.
 */
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

export interface RecordsetColumn {
  key: string;
  name: string;
  type: string;
}

/**
 * The columns the rows fill (the union of their keys, in the table's order) with their SQL types.
 * Columns no row names are left out, so they take their defaults; a row lacking a key another
 * row has gets NULL there, as a multi-row VALUES would give it DEFAULT — so only nullable,
 * default-less columns may be missing from some rows.
 */
export function recordsetColumns(table: PgTable, rows: readonly Record<string, unknown>[]): RecordsetColumn[] {
  const used = new Set<string>();
  // for…in rather than Object.entries: no [key, value] array per cell (100 rows × 27 columns).
  for (const r of rows) for (const k in r) if (r[k] !== undefined) used.add(k);
  const cols = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  const unknown = [...used].filter((k) => !cols.some(([key]) => key === k));
  if (unknown.length) throw new Error(`recordsetColumns: ${getTableName(table)} has no column ${unknown.join(", ")}`);
  return cols.filter(([key]) => used.has(key)).map(([key, c]) => ({ key, name: c.name, type: c.getSQLType() }));
}

/** ES2024's String well-formedness methods (Node ≥ 20); the project's lib is ES2023. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** A lone UTF-16 surrogate half as U+FFFD; a well-formed string (nearly all) is returned as is. */
function wellFormed(s: string): string {
  const w = s as string & WellFormed;
  return w.isWellFormed() ? s : w.toWellFormed();
}

/**
 * The rows as the JSON json_to_recordset reads: keyed by column name, Dates as ISO instants,
 * bigints as decimal strings (PostgreSQL reads them with the column type's input function).
 * Lone UTF-16 surrogates in text become U+FFFD, as the drivers' UTF-8 encoding of a text
 * parameter does, since PostgreSQL's JSON parser refuses them.
 */
export function recordsetJson(cols: readonly RecordsetColumn[], rows: readonly Record<string, unknown>[]): string {
  const out = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of cols) {
      const v = r[c.key];
      o[c.name] = typeof v === "string" ? wellFormed(v) : typeof v === "bigint" ? v.toString() : (v ?? null);
    }
    return o;
  });
  return JSON.stringify(out);
}

/** `INSERT INTO <table> (<cols>) SELECT <cols> FROM json_to_recordset($1) AS r(<cols types>)`, then `tail`. */
export function recordsetInsert(table: PgTable, rows: readonly Record<string, unknown>[], tail?: SQL): SQL {
  const cols = recordsetColumns(table, rows);
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(", "));
  const types = sql.raw(cols.map((c) => `"${c.name}" ${c.type}`).join(", "));
  const insert = sql`INSERT INTO ${sql.raw(`"${getTableName(table)}"`)} (${names}) SELECT ${names} FROM json_to_recordset(${recordsetJson(cols, rows)}::json) AS r(${types})`;
  return tail ? sql`${insert} ${tail}` : insert;
}
