import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { auditLog } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { outermost, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import { roleHasPermission } from "../../../common/roles.js";
import type { AuditEntry } from "../../../common/contract/audit.contract.js";

export interface AuditQuery {
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * Audit records about the actor's subtree, newest first. Records tied to no org unit (sign-ins,
 * imports) are shown to city-level auditors only.
 */
export async function listAudit(deps: { db: Db }, actor: Actor, q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  const scope = outermost(scopePaths(actor, "audit.read"));
  const cityLevel =
    actor.kind === "system" ||
    actor.grants.some((g) => roleHasPermission(g.role, "audit.read") && (g.scopeLevel === "city" || g.scopeLevel === "province"));
  const scoped = inScope(auditLog.orgPath, scope);
  const conds: SQL[] = [cityLevel ? (sql`(${scoped} OR ${auditLog.orgPath} IS NULL)` as SQL) : scoped];
  if (q.action) conds.push(sql`${auditLog.action} LIKE ${`${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.actor) conds.push(eq(auditLog.actorName, q.actor));
  // Dates are business days in China: 2026-03-01 means from 00:00 Beijing time.
  if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  const where = and(...conds);
  const [count] = await queryRows<{ n: number | string }>(deps.db, sql`SELECT count(*) AS n FROM audit_log WHERE ${where}`);
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const items = rows.map((r) => ({
    id: r.seq.toString(),
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    orgUnitId: r.orgPath ? (r.orgPath.split("/").filter(Boolean).pop() ?? null) : null,
    before: r.before,
    after: r.after,
  }));
  return { items, total: Number(count?.n ?? 0) };
}
