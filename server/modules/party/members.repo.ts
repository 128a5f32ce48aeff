import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { inScope } from "../../authz/scope-sql.js";
import { pgArray } from "./bulk-sql.js";
import type { IdType } from "../../../common/idcard.js";
import type { Education, MemberGender, MemberStatus } from "../../../common/party.js";

/** A member row with its organisation's name and scope path (never decrypted here). */
export interface MemberRow {
  id: string;
  partyOrgId: string;
  partyOrgName: string;
  orgUnitId: string;
  orgUnitName: string;
  path: string;
  name: string;
  gender: MemberGender;
  birthDate: string;
  idType: IdType;
  idNumberCipher: string | null;
  idNumberHash: string | null;
  idMasked: string | null;
  phoneCipher: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  education: Education | null;
  joinedOn: string;
  status: MemberStatus;
  probationEndsOn: string | null;
  mobileMember: boolean;
  mobileWorkplace: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = sql`m.id, m.party_org_id AS "partyOrgId", po.name AS "partyOrgName", ou.id AS "orgUnitId", ou.name AS "orgUnitName",
  ou.path, m.name, m.gender, m.birth_date::text AS "birthDate", m.id_type AS "idType",
  m.id_number_cipher AS "idNumberCipher", m.id_number_hash AS "idNumberHash", m.id_masked AS "idMasked",
  m.phone_cipher AS "phoneCipher", m.phone_hash AS "phoneHash", m.phone_masked AS "phoneMasked",
  m.education, m.joined_on::text AS "joinedOn", m.status, m.probation_ends_on::text AS "probationEndsOn",
  m.mobile_member AS "mobileMember", m.mobile_workplace AS "mobileWorkplace", m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;
const FROM = sql`FROM members m JOIN party_orgs po ON po.id = m.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id`;

function withDates(r: MemberRow): MemberRow {
  return { ...r, createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) };
}

export async function findMemberRow(db: Db, id: string): Promise<MemberRow | null> {
  const [row] = await queryRows<MemberRow>(db, sql`SELECT ${COLUMNS} ${FROM} WHERE m.id = ${id}`);
  return row ? withDates(row) : null;
}

export async function findMemberRows(db: Db, ids: readonly string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<MemberRow>(db, sql`SELECT ${COLUMNS} ${FROM} WHERE m.id = ANY(${pgArray(ids, "uuid")})`);
  return rows.map(withDates);
}

export interface MemberFilter {
  scopePaths: string[];
  partyOrgId?: string;
  underPath?: string;
  /** Name fragment. */
  name?: string;
  /** Keyed hashes of an ID number or phone typed into the search box. */
  hashes?: string[];
  status?: MemberStatus;
  mobileMember?: boolean;
  page: number;
  pageSize: number;
}

function where(f: MemberFilter): SQL {
  const conds: SQL[] = [inScope(sql`ou.path`, f.scopePaths)];
  if (f.partyOrgId) conds.push(sql`m.party_org_id = ${f.partyOrgId}`);
  if (f.underPath) conds.push(sql`ou.path LIKE ${`${f.underPath}%`}`);
  if (f.status) conds.push(sql`m.status = ${f.status}`);
  if (f.mobileMember !== undefined) conds.push(sql`m.mobile_member = ${f.mobileMember}`);
  const search: SQL[] = [];
  if (f.name) search.push(sql`m.name ILIKE ${`%${f.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  for (const h of f.hashes ?? []) search.push(sql`m.id_number_hash = ${h}`, sql`m.phone_hash = ${h}`);
  if (search.length) conds.push(sql`(${sql.join(search, sql` OR `)})`);
  return sql.join(conds, sql` AND `);
}

export async function listMembers(db: Db, f: MemberFilter): Promise<{ rows: MemberRow[]; total: number }> {
  const w = where(f);
  const [count] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n ${FROM} WHERE ${w}`);
  const rows = await queryRows<MemberRow>(
    db,
    sql`SELECT ${COLUMNS} ${FROM} WHERE ${w} ORDER BY ou.path, po.name, m.name, m.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
  );
  return { rows: rows.map(withDates), total: Number(count?.n ?? 0) };
}

/** Every member matching a filter, in roster order (exports); no paging. */
export async function allMembers(db: Db, f: Omit<MemberFilter, "page" | "pageSize">): Promise<MemberRow[]> {
  const rows = await queryRows<MemberRow>(db, sql`SELECT ${COLUMNS} ${FROM} WHERE ${where({ ...f, page: 1, pageSize: 1 })} ORDER BY ou.path, po.name, m.name, m.id`);
  return rows.map(withDates);
}

/** Current members of one organisation by name (the attendance grid). */
export async function rosterOf(db: Db, partyOrgId: string): Promise<{ id: string; name: string; status: MemberStatus; mobileMember: boolean }[]> {
  return queryRows(
    db,
    sql`SELECT id, name, status, mobile_member AS "mobileMember" FROM members WHERE party_org_id = ${partyOrgId} ORDER BY name, id`,
  );
}

/** Members already registered under any of these ID hashes, with the organisation holding them. */
export async function findByIdHashes(
  db: Db,
  hashes: readonly string[],
): Promise<{ hash: string; memberId: string; partyOrgId: string; partyOrgName: string; path: string }[]> {
  if (hashes.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT m.id_number_hash AS hash, m.id AS "memberId", m.party_org_id AS "partyOrgId", po.name AS "partyOrgName", ou.path
      ${FROM} WHERE m.id_number_hash = ANY(${pgArray(hashes, "text")})`,
  );
}

export interface TransferRow {
  id: string;
  fromPartyOrgId: string;
  fromPartyOrgName: string;
  toPartyOrgId: string;
  toPartyOrgName: string;
  transferredOn: string;
  reason: string;
}

export async function transfersOf(db: Db, memberId: string): Promise<TransferRow[]> {
  return queryRows(
    db,
    sql`SELECT t.id, t.from_party_org_id AS "fromPartyOrgId", f.name AS "fromPartyOrgName", t.to_party_org_id AS "toPartyOrgId",
        o.name AS "toPartyOrgName", t.transferred_on::text AS "transferredOn", t.reason
      FROM member_transfers t JOIN party_orgs f ON f.id = t.from_party_org_id JOIN party_orgs o ON o.id = t.to_party_org_id
      WHERE t.member_id = ${memberId} ORDER BY t.transferred_on, t.created_at`,
  );
}
