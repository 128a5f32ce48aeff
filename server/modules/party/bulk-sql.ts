import { sql, type SQL } from "drizzle-orm";

/**
 * One bound parameter holding a PostgreSQL array literal (`{"a","b"}`), cast to `type[]`.
 * Drizzle expands a JS array into a list of parameters, and an import checks up to 50,000
 * values at once, beyond PostgreSQL's 65,535 parameters; this stays one parameter.
 */
export function pgArray(values: readonly string[], type: "uuid" | "text" | "date"): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
  return sql`${literal}::${sql.raw(type)}[]`;
}

export type BulkValue = string | number | boolean | Date | null;

/** A PostgreSQL array literal of nullable text values (`{"a",NULL}`). */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}

function cellText(v: BulkValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** A column of a bulk insert: its name and the PostgreSQL type its values are cast to. */
export interface BulkColumn {
  name: string;
  type: "uuid" | "text" | "date" | "timestamptz" | "integer" | "boolean" | "text[]";
}

/**
 * `INSERT INTO table SELECT * FROM unnest($1::type[], $2::type[], …)`: one array parameter per
 * column, whatever the number of rows. Drizzle's builder spends more time (and garbage) on a
 * 20,000-parameter multi-row VALUES than the database spends inserting; this costs one array
 * literal per column. Array-typed columns travel as array-literal text and are cast back.
 */
export async function bulkInsert(
  db: { execute(query: SQL): Promise<unknown> },
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly BulkValue[])[],
  batch = 5000,
): Promise<void> {
  const names = columns.map((c) => c.name).join(", ");
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const arrays = columns.map((c, j) => {
      const literal = textArrayLiteral(part.map((r) => cellText(r[j] ?? null)));
      return c.type === "text[]" ? sql`${literal}::text[]` : sql`${literal}::${sql.raw(c.type)}[]`;
    });
    const selects = columns.map((c, j) => sql.raw(c.type === "text[]" ? `c${j}::text[]` : `c${j}`));
    const aliases = columns.map((_, j) => `c${j}`).join(", ");
    await db.execute(
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(names)}) SELECT ${sql.join(selects, sql`, `)} FROM unnest(${sql.join(arrays, sql`, `)}) AS t(${sql.raw(aliases)})`,
    );
  }
}

/**
 * Runs a bulk load with the tables' secondary indexes dropped and rebuilt afterwards (one sort
 * per index instead of an index insert per row). The definitions are read back from the
 * database, so they stay exactly what the migrations created. Use inside a transaction.
 */
export async function withIndexesDeferred<T>(db: { execute(query: SQL): Promise<unknown> }, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const result = (await db.execute(
    sql`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(${pgArray(tables, "text")})
      AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  )) as { rows: { indexname: string; indexdef: string }[] };
  for (const ix of result.rows) await db.execute(sql.raw(`DROP INDEX "${ix.indexname}"`));
  const out = await load();
  for (const ix of result.rows) await db.execute(sql.raw(ix.indexdef));
  return out;
}

/**
 * The rows of a query as one JSON text parsed in JavaScript: tens of thousands of rows cross
 * PGlite's wire row by row at ~20 µs each (35,000 members: 0.8 s), one JSON text in a few ms.
 * Column values come back as JSON does: numbers, strings, booleans, null (cast bigint counts to
 * int in the query, so they stay numbers).
 */
export async function jsonRows<T>(db: { execute(query: SQL): Promise<unknown> }, query: SQL): Promise<T[]> {
  const result = (await db.execute(sql`SELECT coalesce(json_agg(t), '[]')::text AS j FROM (${query}) t`)) as { rows: { j: string }[] };
  return JSON.parse(result.rows[0]?.j ?? "[]") as T[];
}

/**
 * The lines of a query's one text column `line`, joined in SQL by `string_agg(…, E'\n')` and split
 * here. For wide row sets on PGlite this is the cheapest way out found (2026-11-29, the Shantou
 * demo's 35,235 members: ~60-90 ms against ~120-290 ms for jsonRows' `json_agg` of the same
 * columns, which builds and escapes a JSON object per row inside the WASM database). Each line
 * must be non-empty and hold no newline; the caller parses it (fixed-width fields first: a uuid
 * as text is always 36 characters).
 */
export async function textLines(db: { execute(query: SQL): Promise<unknown> }, query: SQL): Promise<string[]> {
  const result = (await db.execute(sql`SELECT string_agg(t.line, E'\n') AS j FROM (${query}) t`)) as { rows: { j: string | null }[] };
  const text = result.rows[0]?.j;
  return text ? text.split("\n") : [];
}
