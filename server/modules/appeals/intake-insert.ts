/**
 * The batch's appeals in one INSERT whose rows travel as one JSON parameter (server/db/recordset.ts):
 * Drizzle's multi-row insert built one parameter per cell (27 columns × 100 reports) and cost
 * more CPU than the statement took to run.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { recordsetInsert } from "../../db/recordset.js";
import { appeals } from "../../db/schema/index.js";

export { recordsetColumns, recordsetJson, type RecordsetColumn } from "../../db/recordset.js";

/** Inserts the appeals, skipping any whose idempotency key exists; answers the ids inserted. */
export async function insertAppeals(tx: Db, rows: readonly (typeof appeals.$inferInsert)[]): Promise<{ id: string }[]> {
  if (!rows.length) return [];
  return queryRows<{ id: string }>(tx, recordsetInsert(appeals, rows, sql`ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`));
}
