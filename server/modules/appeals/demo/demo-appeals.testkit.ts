import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";

/**
 * Removes the demo's played appeals (idempotency key `demo-appeal-*`) with their whistles,
 * summons, timers, history and notifications, for tests that count appeals from a known empty
 * start. The audit records stay: the hash chain must not be cut, and no test counts them.
 */
export async function clearDemoAppeals(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const appeals = sql`SELECT id FROM appeals WHERE idempotency_key LIKE 'demo-appeal-%'`;
    const whistles = sql`SELECT id FROM whistles WHERE appeal_id IN (${appeals})`;
    const summons = sql`SELECT id FROM whistle_summons WHERE whistle_id IN (${whistles})`;
    await tx.execute(sql`DELETE FROM workflow_timers WHERE entity_id IN (${summons}) OR entity_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM workflow_history WHERE entity_id IN (${summons}) OR entity_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM notifications WHERE entity_id IN (${whistles}) OR entity_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM whistle_summons WHERE whistle_id IN (${whistles})`);
    await tx.execute(sql`DELETE FROM whistles WHERE appeal_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM appeal_extensions WHERE appeal_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM appeal_attachments WHERE appeal_id IN (${appeals})`);
    await tx.execute(sql`DELETE FROM appeals WHERE idempotency_key LIKE 'demo-appeal-%'`);
  });
}
