import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { inScope } from "../../authz/scope-sql.js";
import type { OrgLevel } from "../../../common/roles.js";
import type { PartyOrgKind } from "../../../common/party.js";

/** A party organisation with what its views and checks need from its org unit and members. */
export interface PartyOrgRow {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitLevel: OrgLevel;
  divisionCode: string | null;
  /** The org unit's path: the scope of everything in this organisation. */
  path: string;
  kind: PartyOrgKind;
  name: string;
  parentId: string | null;
  parentName: string | null;
  secretaryId: string | null;
  secretaryName: string | null;
  foundedOn: string | null;
  termStart: string | null;
  termEnd: string | null;
  memberCount: number;
  probationaryCount: number;
  mobileCount: number;
}

interface RawRow extends Omit<PartyOrgRow, "memberCount" | "probationaryCount" | "mobileCount"> {
  memberCount: number | string;
  probationaryCount: number | string;
  mobileCount: number | string;
}

const SELECT = sql`SELECT po.id, po.org_unit_id AS "orgUnitId", ou.name AS "orgUnitName", ou.level AS "orgUnitLevel",
    ou.division_code AS "divisionCode", ou.path, po.kind, po.name, po.parent_id AS "parentId", pp.name AS "parentName",
    po.secretary_id AS "secretaryId", sec.name AS "secretaryName",
    po.founded_on::text AS "foundedOn", po.term_start::text AS "termStart", po.term_end::text AS "termEnd",
    coalesce(mc.n, 0) AS "memberCount", coalesce(mc.probationary, 0) AS "probationaryCount", coalesce(mc.mobile, 0) AS "mobileCount"
  FROM party_orgs po
  JOIN org_units ou ON ou.id = po.org_unit_id
  LEFT JOIN party_orgs pp ON pp.id = po.parent_id
  LEFT JOIN members sec ON sec.id = po.secretary_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE m.status = 'probationary') AS probationary, count(*) FILTER (WHERE m.mobile_member) AS mobile
    FROM members m WHERE m.party_org_id = po.id
  ) mc ON true`;

function toRow(r: RawRow): PartyOrgRow {
  return { ...r, memberCount: Number(r.memberCount), probationaryCount: Number(r.probationaryCount), mobileCount: Number(r.mobileCount) };
}

export async function findPartyOrg(db: Db, id: string): Promise<PartyOrgRow | null> {
  const [row] = await queryRows<RawRow>(db, sql`${SELECT} WHERE po.id = ${id} AND po.dissolved_at IS NULL`);
  return row ? toRow(row) : null;
}

export interface PartyOrgFilter {
  scopePaths: string[];
  underPath?: string;
  q?: string;
  kind?: PartyOrgKind;
  page: number;
  pageSize: number;
}

function filterSql(f: Omit<PartyOrgFilter, "page" | "pageSize">): SQL {
  const conds: SQL[] = [sql`po.dissolved_at IS NULL`, inScope(sql`ou.path`, f.scopePaths)];
  if (f.underPath) conds.push(sql`ou.path LIKE ${`${f.underPath}%`}`);
  if (f.kind) conds.push(sql`po.kind = ${f.kind}`);
  if (f.q) {
    const text = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(sql`(po.name ILIKE ${text} OR ou.name ILIKE ${text} OR ou.division_code LIKE ${`${f.q}%`})`);
  }
  return sql.join(conds, sql` AND `);
}

/** Organisations in scope, upper levels first, paged. */
export async function listPartyOrgs(db: Db, f: PartyOrgFilter): Promise<{ rows: PartyOrgRow[]; total: number }> {
  const where = filterSql(f);
  const [count] = await queryRows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE ${where}`,
  );
  const rows = await queryRows<RawRow>(
    db,
    sql`${SELECT} WHERE ${where} ORDER BY ou.depth, ou.division_code, po.name LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
  );
  return { rows: rows.map(toRow), total: Number(count?.n ?? 0) };
}

export async function childrenOf(db: Db, id: string): Promise<{ id: string; name: string; kind: PartyOrgKind; memberCount: number }[]> {
  const rows = await queryRows<{ id: string; name: string; kind: PartyOrgKind; memberCount: number | string }>(
    db,
    sql`SELECT po.id, po.name, po.kind, (SELECT count(*) FROM members m WHERE m.party_org_id = po.id) AS "memberCount"
      FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
      WHERE po.parent_id = ${id} AND po.dissolved_at IS NULL ORDER BY ou.division_code, po.name`,
  );
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

/** Whether `candidateId` is `id` itself or below it (re-parenting must not make a cycle). */
export async function isSelfOrDescendant(db: Db, id: string, candidateId: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`WITH RECURSIVE below AS (
        SELECT id FROM party_orgs WHERE id = ${id}
        UNION SELECT po.id FROM party_orgs po JOIN below b ON po.parent_id = b.id)
      SELECT EXISTS (SELECT 1 FROM below WHERE id = ${candidateId}) AS found`,
  );
  return row?.found === true;
}

/** The committee attached to the nearest ancestor unit: the default parent of a new organisation. */
export async function nearestCommittee(db: Db, unitPath: string, unitId: string): Promise<string | null> {
  const ancestorIds = unitPath.split("/").filter((p) => p && p !== unitId);
  if (ancestorIds.length === 0) return null;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`SELECT po.id FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
      WHERE po.org_unit_id IN (${sql.join(ancestorIds.map((a) => sql`${a}::uuid`), sql`, `)})
        AND po.kind IN ('committee', 'generalBranch') AND po.dissolved_at IS NULL
      ORDER BY ou.depth DESC, po.kind, po.name LIMIT 1`,
  );
  return row?.id ?? null;
}

export async function nameTaken(db: Db, orgUnitId: string, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM party_orgs WHERE org_unit_id = ${orgUnitId} AND name = ${name} ${exceptId ? sql`AND id <> ${exceptId}` : sql``} LIMIT 1`,
  );
  return Boolean(row);
}

/** Every organisation under a path (name → ids), for resolving the party org column of an import. */
export async function partyOrgsUnder(db: Db, path: string): Promise<{ id: string; name: string; path: string; kind: PartyOrgKind }[]> {
  return queryRows(
    db,
    sql`SELECT po.id, po.name, ou.path, po.kind FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
      WHERE ou.path LIKE ${`${path}%`} AND po.dissolved_at IS NULL`,
  );
}
