import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../server/db/client.js";
import { auditLog, orgUnits } from "../../server/db/schema/index.js";

/** The org unit with this division code (from the Shantou golden data). */
export async function unitByCode(db: Db, code: string) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.divisionCode, code));
  if (!row) throw new Error(`no unit ${code}`);
  return row;
}

/** Audit rows for one entity, oldest first. */
export async function auditFor(db: Db, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.seq);
}

export async function auditCount(db: Db): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM audit_log`);
  return Number(r?.n ?? 0);
}

let counter = 0;
/** A username no other test in the file uses. */
export function uniqueName(prefix = "u"): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}
