import { sql, type SQL, type AnyColumn } from "drizzle-orm";

/**
 * `path LIKE '<scope>%'` for each scope root, OR-ed. An empty scope matches nothing, so a list
 * query can never read across scopes by forgetting a filter: the scope argument is required.
 */
export function inScope(pathColumn: AnyColumn | SQL, scopePaths: readonly string[]): SQL {
  if (scopePaths.length === 0) return sql`false`;
  if (scopePaths.includes("/")) return sql`true`;
  const parts = scopePaths.map((p) => sql`${pathColumn} LIKE ${`${p}%`}`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}
