import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import type { SummonsStatus, WhistleKind, WhistleStatus } from "../../../../common/whistle.js";
import type { SummonsEntity } from "./summons-machine.js";
import { whistleStatusOf } from "./whistle-rules.js";
import type { TimerBasisRule } from "../../../workflow/timer-basis.js";

interface EntityRow {
  id: string;
  status: SummonsStatus;
  path: string;
  whistle_id: string;
  town_id: string;
  kind: WhistleKind;
  title: string;
  department_id: string;
  department_name: string;
  department_unit_id: string;
  lead: boolean;
  created_at: Date | string;
  check_in_due_at: Date | string;
  done_due_at: Date | string;
  check_in_rule: TimerBasisRule | string | null;
  done_rule: TimerBasisRule | string | null;
}

const rule = (r: TimerBasisRule | string | null): TimerBasisRule | null => (typeof r === "string" ? (JSON.parse(r) as TimerBasisRule) : r);

/** One summons as the workflow sees it; `lock` takes the row for the event (FOR UPDATE OF s). */
export async function loadSummons(db: Db, id: string, lock: boolean): Promise<SummonsEntity | null> {
  const [r] = await queryRows<EntityRow>(
    db,
    sql`SELECT s.id, s.status, s.path, s.whistle_id, w.town_id, w.kind, w.title, s.department_id, d.name AS department_name,
               d.org_unit_id AS department_unit_id, s.lead, s.created_at, s.check_in_due_at, s.done_due_at, s.check_in_rule, s.done_rule
        FROM whistle_summons s JOIN whistles w ON w.id = s.whistle_id JOIN departments d ON d.id = s.department_id
        WHERE s.id = ${id} ${lock ? sql`FOR UPDATE OF s` : sql``}`,
  );
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    path: r.path,
    whistleId: r.whistle_id,
    townId: r.town_id,
    kind: r.kind,
    title: r.title,
    departmentId: r.department_id,
    departmentName: r.department_name,
    departmentUnitId: r.department_unit_id,
    lead: r.lead,
    createdAt: new Date(r.created_at),
    checkInDueAt: new Date(r.check_in_due_at),
    doneDueAt: new Date(r.done_due_at),
    checkInRule: rule(r.check_in_rule),
    doneRule: rule(r.done_rule),
  };
}

/** Recomputes the whistle's status from its summons (after every summons event, same transaction). */
export async function refreshWhistleStatus(tx: Db, whistleId: string, now: Date): Promise<WhistleStatus> {
  const rows = await queryRows<{ status: SummonsStatus }>(tx, sql`SELECT status FROM whistle_summons WHERE whistle_id = ${whistleId}`);
  const status = whistleStatusOf(rows.map((r) => r.status));
  const closed = status === "closed" || status === "cancelled";
  await tx.execute(sql`UPDATE whistles SET status = ${status}, updated_at = ${now},
    closed_at = ${closed ? now : null} WHERE id = ${whistleId}`);
  return status;
}

export interface WhistleRow {
  id: string;
  town_id: string;
  town_name: string;
  path: string;
  appeal_id: string | null;
  tracking_code: string | null;
  kind: WhistleKind;
  title: string;
  description: string;
  status: WhistleStatus;
  blown_by_name: string | null;
  done_due_at: Date | string;
  created_at: Date | string;
  closed_at: Date | string | null;
  summons_count: number | string;
  checked_in_count: number | string;
  overdue_count: number | string;
}

const SELECT_WHISTLE = sql`
  SELECT w.id, w.town_id, t.name AS town_name, w.path, w.appeal_id, a.tracking_code, w.kind, w.title, w.description, w.status,
         u.display_name AS blown_by_name, w.done_due_at, w.created_at, w.closed_at,
         (SELECT count(*) FROM whistle_summons s WHERE s.whistle_id = w.id AND s.status <> 'cancelled') AS summons_count,
         (SELECT count(*) FROM whistle_summons s WHERE s.whistle_id = w.id AND s.checked_in_at IS NOT NULL) AS checked_in_count,
         (SELECT count(*) FROM whistle_summons s WHERE s.whistle_id = w.id AND s.status = 'overdue') AS overdue_count
  FROM whistles w JOIN org_units t ON t.id = w.town_id
  LEFT JOIN appeals a ON a.id = w.appeal_id LEFT JOIN users u ON u.id = w.blown_by`;

export async function listWhistles(db: Db, where: SQL, limit: number, offset: number): Promise<{ rows: WhistleRow[]; total: number }> {
  const rows = await queryRows<WhistleRow>(db, sql`${SELECT_WHISTLE} WHERE ${where} ORDER BY w.created_at DESC, w.id LIMIT ${limit} OFFSET ${offset}`);
  const [n] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM whistles w WHERE ${where}`);
  return { rows, total: Number(n?.n ?? 0) };
}

export async function findWhistle(db: Db, id: string): Promise<WhistleRow | null> {
  const [r] = await queryRows<WhistleRow>(db, sql`${SELECT_WHISTLE} WHERE w.id = ${id}`);
  return r ?? null;
}

export interface SummonsRow {
  id: string;
  whistle_id: string;
  whistle_title: string;
  whistle_kind: WhistleKind;
  town_name: string;
  department_id: string;
  department_name: string;
  lead: boolean;
  status: SummonsStatus;
  check_in_due_at: Date | string;
  done_due_at: Date | string;
  checked_in_at: Date | string | null;
  reported_at: Date | string | null;
  report: string | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: Date | string;
}

const SELECT_SUMMONS = sql`
  SELECT s.id, s.whistle_id, w.title AS whistle_title, w.kind AS whistle_kind, t.name AS town_name, s.department_id, d.name AS department_name,
         s.lead, s.status, s.check_in_due_at, s.done_due_at, s.checked_in_at, s.reported_at, s.report, s.rating, s.rating_comment, s.created_at
  FROM whistle_summons s JOIN whistles w ON w.id = s.whistle_id JOIN departments d ON d.id = s.department_id JOIN org_units t ON t.id = w.town_id`;

export async function summonsOf(db: Db, whistleId: string): Promise<SummonsRow[]> {
  return queryRows<SummonsRow>(db, sql`${SELECT_SUMMONS} WHERE s.whistle_id = ${whistleId} ORDER BY s.lead DESC, d.name, s.id`);
}

export async function listSummons(db: Db, where: SQL, limit: number, offset: number): Promise<{ rows: SummonsRow[]; total: number }> {
  const rows = await queryRows<SummonsRow>(db, sql`${SELECT_SUMMONS} WHERE ${where} ORDER BY s.created_at DESC, s.id LIMIT ${limit} OFFSET ${offset}`);
  const [n] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM whistle_summons s WHERE ${where}`);
  return { rows, total: Number(n?.n ?? 0) };
}

export interface SummonableRow {
  id: string;
  name: string;
  org_unit_id: string;
  org_unit_name: string;
  level: "province" | "city" | "district" | "town";
}

/**
 * Departments a town may summon: its own and those of the units above it (the district's
 * bureaus). One query for both the whistle's check (`ids` given: which of these are allowed) and
 * the town's pick list (`ids` omitted: all of them), so the two cannot disagree.
 */
export async function summonableDepartments(db: Db, townPath: string, ids?: readonly string[]): Promise<SummonableRow[]> {
  if (ids && ids.length === 0) return [];
  const only = ids ? sql`AND d.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})` : sql``;
  return queryRows(
    db,
    sql`SELECT d.id, d.name, d.org_unit_id, u.name AS org_unit_name, u.level FROM departments d JOIN org_units u ON u.id = d.org_unit_id
        WHERE d.disabled_at IS NULL AND ${townPath} LIKE u.path || '%' ${only}
        ORDER BY length(u.path) DESC, d.name, d.id`,
  );
}

/**
 * Notifies the staff of some departments (users holding a grant that names the department): one
 * inbox row each, in the caller's transaction.
 */
export async function notifyDepartments(
  tx: Db,
  now: Date,
  departmentIds: readonly string[],
  msg: { kind: string; title: string; body: string; entityType: string; entityId: string },
): Promise<void> {
  if (departmentIds.length === 0) return;
  const list = sql.join(departmentIds.map((d) => sql`${d}::uuid`), sql`, `);
  await tx.execute(sql`
    INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
    SELECT DISTINCT g.user_id, ${msg.kind}, ${msg.title}, ${msg.body}, ${msg.entityType}, ${msg.entityId}::uuid, ${now}::timestamptz
    FROM role_grants g JOIN users u ON u.id = g.user_id
    WHERE g.department_id IN (${list}) AND g.role = 'departmentStaff' AND u.disabled_at IS NULL`);
}
