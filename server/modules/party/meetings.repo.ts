import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { inScope } from "../../authz/scope-sql.js";
import type { AttendanceStatus, MeetingType } from "../../../common/party.js";
import { pgArray } from "./bulk-sql.js";
import { rosterDigest, type Sheet } from "./attendance-sheet.js";

export interface MeetingRow {
  id: string;
  partyOrgId: string;
  partyOrgName: string;
  path: string;
  type: MeetingType;
  heldOn: string;
  topic: string;
  minutes: string;
  rosterId: string | null;
  memberIds: string[] | null;
  attendance: string | null;
  excuseReasons: (string | null)[] | null;
  presentCount: number;
  excusedCount: number;
  absentCount: number;
  attachmentCount: number;
}

const SELECT = sql`SELECT mt.id, mt.party_org_id AS "partyOrgId", po.name AS "partyOrgName", ou.path, mt.type, mt.held_on::text AS "heldOn",
    mt.topic, mt.minutes, mt.roster_id AS "rosterId", r.member_ids::text[] AS "memberIds", mt.attendance, mt.excuse_reasons AS "excuseReasons",
    mt.present_count AS "presentCount", mt.excused_count AS "excusedCount", mt.absent_count AS "absentCount",
    (SELECT count(*)::int FROM meeting_attachments a WHERE a.meeting_id = mt.id) AS "attachmentCount"
  FROM meetings mt JOIN party_orgs po ON po.id = mt.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
  LEFT JOIN attendance_rosters r ON r.id = mt.roster_id`;

export async function findMeeting(db: Db, id: string): Promise<MeetingRow | null> {
  const [row] = await queryRows<MeetingRow>(db, sql`${SELECT} WHERE mt.id = ${id}`);
  return row ?? null;
}

export interface MeetingFilter {
  scopePaths: string[];
  partyOrgId?: string;
  underPath?: string;
  year?: number;
  type?: MeetingType;
  page: number;
  pageSize: number;
}

export async function listMeetings(db: Db, f: MeetingFilter): Promise<{ rows: MeetingRow[]; total: number }> {
  const conds: SQL[] = [inScope(sql`ou.path`, f.scopePaths)];
  if (f.partyOrgId) conds.push(sql`mt.party_org_id = ${f.partyOrgId}`);
  if (f.underPath) conds.push(sql`ou.path LIKE ${`${f.underPath}%`}`);
  if (f.year) conds.push(sql`mt.held_on >= ${`${f.year}-01-01`}::date AND mt.held_on < ${`${f.year + 1}-01-01`}::date`);
  if (f.type) conds.push(sql`mt.type = ${f.type}`);
  const where = sql.join(conds, sql` AND `);
  const [count] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM meetings mt JOIN party_orgs po ON po.id = mt.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id WHERE ${where}`,
  );
  const rows = await queryRows<MeetingRow>(
    db,
    sql`${SELECT} WHERE ${where} ORDER BY mt.held_on DESC, mt.created_at DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Type and date of an organisation's meetings in one year (the compliance view). */
export async function heldIn(db: Db, partyOrgId: string, year: number): Promise<{ type: MeetingType; heldOn: string }[]> {
  return queryRows(
    db,
    sql`SELECT type, held_on::text AS "heldOn" FROM meetings
      WHERE party_org_id = ${partyOrgId} AND held_on >= ${`${year}-01-01`}::date AND held_on < ${`${year + 1}-01-01`}::date`,
  );
}

/** The roster with these (sorted) ids, created on first use; rosters are shared by content. */
export async function ensureRoster(db: Db, sortedIds: readonly string[]): Promise<string> {
  const digest = rosterDigest(sortedIds);
  await db.execute(sql`INSERT INTO attendance_rosters (digest, member_ids) VALUES (${digest}, ${pgArray(sortedIds, "uuid")}) ON CONFLICT (digest) DO NOTHING`);
  const [row] = await queryRows<{ id: string }>(db, sql`SELECT id FROM attendance_rosters WHERE digest = ${digest}`);
  if (!row) throw new Error("roster vanished");
  return row.id;
}

/** Sets (or, with null, clears) a meeting's attendance sheet. */
export async function writeSheet(db: Db, meetingId: string, sheet: Sheet | null, now: Date): Promise<void> {
  if (!sheet) {
    await db.execute(sql`UPDATE meetings SET roster_id = NULL, attendance = NULL, excuse_reasons = NULL,
      present_count = 0, excused_count = 0, absent_count = 0, updated_at = ${now} WHERE id = ${meetingId}`);
    return;
  }
  const rosterId = await ensureRoster(db, sheet.memberIds);
  const reasons = sheet.excuseReasons.some((r) => r !== null) ? sheet.excuseReasons : null;
  const reasonsSql = reasons
    ? sql`${`{${reasons.map((r) => (r === null ? "NULL" : `"${r.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`}::text[]`
    : sql`NULL`;
  await db.execute(sql`UPDATE meetings SET roster_id = ${rosterId}, attendance = ${sheet.attendance}, excuse_reasons = ${reasonsSql},
    present_count = ${sheet.presentCount}, excused_count = ${sheet.excusedCount}, absent_count = ${sheet.absentCount}, updated_at = ${now}
    WHERE id = ${meetingId}`);
}

export interface MemberAttendanceRow {
  meetingId: string;
  partyOrgName: string;
  type: MeetingType;
  heldOn: string;
  topic: string;
  code: string;
  reason: string | null;
}

/** One member's entries on every sheet of a year, newest first. */
export async function attendanceOfMember(db: Db, memberId: string, year: number): Promise<MemberAttendanceRow[]> {
  return queryRows(
    db,
    sql`SELECT mt.id AS "meetingId", po.name AS "partyOrgName", mt.type, mt.held_on::text AS "heldOn", mt.topic,
        substr(mt.attendance, u.pos::int, 1) AS code, mt.excuse_reasons[u.pos] AS reason
      FROM attendance_rosters r
      CROSS JOIN LATERAL unnest(r.member_ids) WITH ORDINALITY AS u(member_id, pos)
      JOIN meetings mt ON mt.roster_id = r.id
      JOIN party_orgs po ON po.id = mt.party_org_id
      WHERE r.member_ids @> ARRAY[${memberId}::uuid] AND u.member_id = ${memberId}
        AND mt.held_on >= ${`${year}-01-01`}::date AND mt.held_on < ${`${year + 1}-01-01`}::date
      ORDER BY mt.held_on DESC, mt.created_at DESC`,
  );
}

export const STATUS_BY_CODE: Record<string, AttendanceStatus> = { P: "present", E: "excused", A: "absent" };
