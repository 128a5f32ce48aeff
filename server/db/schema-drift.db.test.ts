import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { createTestContext, type TestContext } from "../../test/helpers/context.js";
import { queryRows } from "./client.js";
import * as schema from "./schema/index.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/**
 * Migrations are hand-written SQL and the Drizzle schema is the typed view of them: this test
 * fails when the two disagree on a table, column, type, nullability or index.
 */
describe("the Drizzle schema matches the migrated database", () => {
  const tables: PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => v instanceof PgTable);

  it("has every table and column with the same type and nullability", async () => {
    const rows = await queryRows<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      ctx.db,
      sql`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const db = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const problems: string[] = [];
    for (const table of tables) {
      const cfg = getTableConfig(table);
      const dbCols = rows.filter((r) => r.table_name === cfg.name).map((r) => r.column_name).sort();
      const tsCols = cfg.columns.map((c) => c.name).sort();
      if (JSON.stringify(dbCols) !== JSON.stringify(tsCols)) problems.push(`${cfg.name}: db [${dbCols}] vs schema [${tsCols}]`);
      for (const col of cfg.columns) {
        const r = db.get(`${cfg.name}.${col.name}`);
        if (!r) continue;
        const type = normaliseType(col.getSQLType());
        if (normaliseType(r.data_type) !== type) problems.push(`${cfg.name}.${col.name}: db ${r.data_type} vs schema ${col.getSQLType()}`);
        if ((r.is_nullable === "NO") !== (col.notNull || col.primary)) problems.push(`${cfg.name}.${col.name}: nullability differs`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every declared index", async () => {
    const rows = await queryRows<{ indexname: string }>(ctx.db, sql`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    const present = new Set(rows.map((r) => r.indexname));
    const missing = tables.flatMap((t) => getTableConfig(t).indexes.map((i) => i.config.name).filter((n) => n && !present.has(n)));
    expect(missing).toEqual([]);
  });
});

function normaliseType(t: string): string {
  // information_schema reports every array column as ARRAY; Drizzle says `uuid[]`.
  if (t.endsWith("[]")) return "array";
  const s = t.toLowerCase().replace(/ ?\(\d+\)/, "");
  const map: Record<string, string> = {
    "timestamp with time zone": "timestamptz",
    "character varying": "varchar",
    "double precision": "double",
    int4: "integer",
    int8: "bigint",
    serial: "integer",
    bigserial: "bigint",
  };
  return map[s] ?? s;
}
