import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { notifications, notifierConfigs } from "../../db/schema/index.js";
import { authorize, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import * as orgRepo from "../org/org.repo.js";
import type { NotifierKind } from "../../../common/appeals.js";
import { NOTIFIER_SECRET_CONTEXT, NOTIFIER_URL_CONTEXT, type AppealsDeps } from "./appeals-deps.js";

function userOf(actor: Actor): string {
  if (actor.kind !== "user") throw new AppError("UNAUTHENTICATED");
  return actor.userId;
}

async function unreadCount(deps: AppealsDeps, userId: string): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(deps.db, sql`SELECT count(*) AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`);
  return Number(r?.n ?? 0);
}

/** The user's own inbox, newest first, with the unread count (the bell's badge). */
export async function listNotifications(deps: AppealsDeps, actor: Actor, q: { unread?: boolean | undefined; page: number; pageSize: number }) {
  const userId = userOf(actor);
  const where = and(eq(notifications.userId, userId), q.unread ? isNull(notifications.readAt) : undefined);
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(where);
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      entityType: n.entityType,
      entityId: n.entityId,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
    total: Number(total?.n ?? 0),
    unread: await unreadCount(deps, userId),
  };
}

/** Marks the user's own notifications read (others' ids are silently ignored). */
export async function markRead(deps: AppealsDeps, actor: Actor, body: { ids?: string[] | undefined; all?: boolean | undefined }) {
  const userId = userOf(actor);
  const now = deps.clock.now();
  if (body.all) {
    await deps.db.update(notifications).set({ readAt: now }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  } else if (body.ids?.length) {
    await deps.db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), inArray(notifications.id, body.ids)));
  }
  return { unread: await unreadCount(deps, userId) };
}

interface ConfigRow {
  id: string;
  org_unit_id: string;
  org_unit_name: string;
  kind: NotifierKind;
  name: string;
  url_cipher: string;
  secret_cipher: string | null;
  per_minute: number;
  disabled_at: Date | string | null;
}

function configView(deps: AppealsDeps, r: ConfigRow) {
  let host = "";
  try {
    host = new URL(deps.pii.decrypt(r.url_cipher, NOTIFIER_URL_CONTEXT)).host;
  } catch {
    host = "?";
  }
  return {
    id: r.id,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    kind: r.kind,
    name: r.name,
    urlHost: host,
    hasSecret: r.secret_cipher !== null,
    perMinute: r.per_minute,
    enabled: r.disabled_at === null,
  };
}

const SELECT_CONFIG = sql`SELECT c.*, u.name AS org_unit_name FROM notifier_configs c JOIN org_units u ON u.id = c.org_unit_id`;

export async function listConfigs(deps: AppealsDeps, actor: Actor, orgUnitId?: string) {
  const conds = [inScope(sql`u.path`, scopePaths(actor, "org.manage")), sql`c.disabled_at IS NULL`];
  if (orgUnitId) conds.push(sql`c.org_unit_id = ${orgUnitId}`);
  const rows = await queryRows<ConfigRow>(deps.db, sql`${SELECT_CONFIG} WHERE ${sql.join(conds, sql` AND `)} ORDER BY u.path, c.name`);
  return { items: rows.map((r) => configView(deps, r)) };
}

/** Adds a channel for a unit; the URL (it carries the robot key) and secret are stored encrypted. */
export async function createConfig(
  deps: AppealsDeps,
  actor: Actor,
  body: { orgUnitId: string; kind: NotifierKind; name: string; url: string; secret?: string | undefined; perMinute?: number | undefined },
) {
  const unit = await orgRepo.findById(deps.db, body.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "org.manage", unit);
  // Robots and webhooks carry keys in the URL: plain http would leak them.
  if (!/^https:\/\//i.test(body.url) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(body.url)) throw fieldError("url", "appeal.notifierUrl");
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notifierConfigs)
      .values({
        orgUnitId: unit.id,
        kind: body.kind,
        name: body.name,
        urlCipher: deps.pii.encrypt(body.url, NOTIFIER_URL_CONTEXT),
        secretCipher: body.secret ? deps.pii.encrypt(body.secret, NOTIFIER_SECRET_CONTEXT) : null,
        perMinute: body.perMinute ?? 20,
        createdAt: deps.clock.now(),
      })
      .returning({ id: notifierConfigs.id });
    if (!row) throw new AppError("INTERNAL");
    await writeAudit(tx, actor, deps.clock, [
      { action: "notifier.create", entityType: "notifierConfig", entityId: row.id, orgPath: unit.path, after: { kind: body.kind, name: body.name } },
    ]);
    const [view] = await queryRows<ConfigRow>(tx, sql`${SELECT_CONFIG} WHERE c.id = ${row.id}`);
    if (!view) throw new AppError("INTERNAL");
    return configView(deps, view);
  });
}

export async function deleteConfig(deps: AppealsDeps, actor: Actor, id: string) {
  return deps.db.transaction(async (tx) => {
    const [row] = await queryRows<ConfigRow & { path: string }>(tx, sql`SELECT c.*, u.name AS org_unit_name, u.path FROM notifier_configs c JOIN org_units u ON u.id = c.org_unit_id WHERE c.id = ${id} AND c.disabled_at IS NULL`);
    if (!row) throw new AppError("NOT_FOUND");
    authorize(actor, "org.manage", row);
    await tx.update(notifierConfigs).set({ disabledAt: deps.clock.now() }).where(eq(notifierConfigs.id, id));
    await writeAudit(tx, actor, deps.clock, [{ action: "notifier.disable", entityType: "notifierConfig", entityId: id, orgPath: row.path, before: { name: row.name } }]);
    return { ok: true as const };
  });
}
