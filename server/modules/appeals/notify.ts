import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { recordsetJson, type RecordsetColumn } from "../../db/recordset.js";
import type { Clock } from "../../platform/clock.js";
import { ROLES, roleHasPermission } from "../../../common/roles.js";
import { translate } from "../../../common/i18n/index.js";

/** Roles whose holders act on appeals at a unit: they get the unit's appeal notifications. */
const HANDLER_ROLES = ROLES.filter((r) => roleHasPermission(r, "appeal.handle"));

export interface NotificationMessage {
  kind: string;
  titleKey: string;
  bodyKey?: string;
  params: Record<string, string | number>;
  entityType: string;
  entityId: string;
}

/**
 * Notifies the handlers of some org units: one inbox row per user holding an appeal-handling
 * role granted exactly at one of the units, and one outbox row per enabled external channel
 * configured for them (delivered later by the outbox worker). Two set-based statements, in the
 * caller's transaction, so a notification exists exactly when the event that caused it does.
 * Messages are rendered in zh-CN: the recipients are Chinese officials and robots.
 */
export async function notifyUnits(tx: Db, clock: Clock, unitIds: readonly string[], msg: NotificationMessage): Promise<void> {
  if (unitIds.length === 0) return;
  const title = translate("zh-CN", msg.titleKey, msg.params);
  const body = msg.bodyKey ? translate("zh-CN", msg.bodyKey, msg.params) : title;
  const now = clock.now();
  const units = sql.join(unitIds.map((u) => sql`${u}::uuid`), sql`, `);
  const roles = sql.join(HANDLER_ROLES.map((r) => sql`${r}`), sql`, `);
  // One statement for both (PGlite pays per statement).
  await tx.execute(sql`
    WITH inbox AS (
      INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
      SELECT DISTINCT g.user_id, ${msg.kind}, ${title}, ${body}, ${msg.entityType}, ${msg.entityId}::uuid, ${now}::timestamptz
      FROM role_grants g JOIN users u ON u.id = g.user_id
      WHERE g.org_unit_id IN (${units}) AND g.role IN (${roles}) AND u.disabled_at IS NULL
      RETURNING 1)
    INSERT INTO notification_outbox (config_id, title, body, status, next_attempt_at, created_at)
    SELECT c.id, ${title}, ${body}, 'pending', ${now}::timestamptz, ${now}::timestamptz
    FROM notifier_configs c WHERE c.org_unit_id IN (${units}) AND c.disabled_at IS NULL`);
}

/** The columns of notifyMany's message rows (db/recordset.ts), as the former VALUES list typed them. */
const MESSAGE_COLUMNS: readonly RecordsetColumn[] = [
  { key: "unitId", name: "unit_id", type: "uuid" },
  { key: "kind", name: "kind", type: "text" },
  { key: "title", name: "title", type: "text" },
  { key: "body", name: "body", type: "text" },
  { key: "entityType", name: "entity_type", type: "text" },
  { key: "entityId", name: "entity_id", type: "uuid" },
];
const MESSAGE_TYPES = sql.raw(MESSAGE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(", "));

/**
 * Many notifications (one unit each) in one statement: the batched intake's new-appeal notices.
 * The messages travel as one JSON parameter rather than six parameters each, whose building by
 * Drizzle cost more CPU than the statement for a batch of 100 reports.
 */
export async function notifyMany(tx: Db, clock: Clock, list: readonly { unitId: string; msg: NotificationMessage }[]): Promise<void> {
  if (list.length === 0) return;
  const now = clock.now();
  const messages = list.map(({ unitId, msg }) => {
    const title = translate("zh-CN", msg.titleKey, msg.params);
    const body = msg.bodyKey ? translate("zh-CN", msg.bodyKey, msg.params) : title;
    return { unitId, kind: msg.kind, title, body, entityType: msg.entityType, entityId: msg.entityId };
  });
  const roles = sql.join(HANDLER_ROLES.map((r) => sql`${r}`), sql`, `);
  await tx.execute(sql`
    WITH m AS (SELECT * FROM json_to_recordset(${recordsetJson(MESSAGE_COLUMNS, messages)}::json) AS r(${MESSAGE_TYPES})),
    inbox AS (
      INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
      SELECT DISTINCT g.user_id, m.kind, m.title, m.body, m.entity_type, m.entity_id, ${now}::timestamptz
      FROM m JOIN role_grants g ON g.org_unit_id = m.unit_id JOIN users u ON u.id = g.user_id
      WHERE g.role IN (${roles}) AND u.disabled_at IS NULL
      RETURNING 1)
    INSERT INTO notification_outbox (config_id, title, body, status, next_attempt_at, created_at)
    SELECT c.id, m.title, m.body, 'pending', ${now}::timestamptz, ${now}::timestamptz
    FROM m JOIN notifier_configs c ON c.org_unit_id = m.unit_id WHERE c.disabled_at IS NULL`);
}
