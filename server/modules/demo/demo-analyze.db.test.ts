import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { queryRows } from "../../db/client.js";
import { DEMO_STEPS } from "./steps.js";

// The golden database is the demo seed: every table a bulk step filled must have planner
// statistics (PGlite has no autovacuum; reltuples stays -1 until something runs ANALYZE).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("the demo seed's statistics", () => {
  it("analyzes the division import's and every step's tables once they are filled", async () => {
    const tables = [...new Set(["org_units", "audit_log", "party_orgs", "members", "meetings", ...DEMO_STEPS.flatMap((s) => s.analyze ?? [])])];
    const rows = await queryRows<{ relname: string; reltuples: number | string }>(
      ctx.db,
      sql`SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY(${`{${tables.join(",")}}`}::text[])`,
    );
    // A listed name that is not a table would have failed the seed's ANALYZE; all are here.
    expect(rows.map((r) => r.relname).sort()).toEqual([...tables].sort());
    const unanalyzed = rows.filter((r) => Number(r.reltuples) < 0).map((r) => r.relname);
    expect(unanalyzed).toEqual([]);
    const members = rows.find((r) => r.relname === "members");
    expect(Number(members?.reltuples)).toBeGreaterThan(30_000);
  });
});
