import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { AssessmentStatus } from "../../../common/rating.js";
import type { Permission } from "../../../common/roles.js";
import { inScope } from "../../authz/scope-sql.js";

export interface AssessmentRow {
  id: string;
  scheme_id: string;
  scheme_name: string;
  year: number;
  org_unit_id: string;
  village_name: string;
  town_name: string;
  path: string;
  status: AssessmentStatus;
  category: string | null;
  publicity_ends_at: Date | string | null;
  total: string | number | null;
  grade: string | null;
  updated_at: Date | string;
  manual_scores: Record<string, Record<string, number>>;
  veto_hits: string[];
  evidence: Record<string, string[]>;
  self_note: string | null;
  town_note: string | null;
  district_note: string | null;
  objection_reason: string | null;
  objected_at: Date | string | null;
  objection_answer: string | null;
  objection_upheld: boolean | null;
  answered_at: Date | string | null;
}

const SELECT = sql`SELECT a.id, a.scheme_id, s.name AS scheme_name, s.year, a.org_unit_id, ou.name AS village_name, coalesce(town.name, '') AS town_name,
    a.path, a.status, vc.category, a.publicity_ends_at, r.total, r.grade, a.updated_at, a.manual_scores, a.veto_hits, a.evidence,
    a.self_note, a.town_note, a.district_note, a.objection_reason, a.objected_at, a.objection_answer, a.objection_upheld, a.answered_at
  FROM rating_assessments a
  JOIN rating_schemes s ON s.id = a.scheme_id
  JOIN org_units ou ON ou.id = a.org_unit_id
  LEFT JOIN org_units town ON town.id = ou.parent_id
  LEFT JOIN village_categories vc ON vc.org_unit_id = a.org_unit_id AND vc.year = s.year
  LEFT JOIN rating_results r ON r.scheme_id = a.scheme_id AND r.subject_id = a.org_unit_id`;

export async function findAssessment(db: Db, id: string): Promise<AssessmentRow | null> {
  const [row] = await queryRows<AssessmentRow>(db, sql`${SELECT} WHERE a.id = ${id}`);
  return row ?? null;
}

/** The statuses each permission acts on: the work queue ("what awaits me"). */
export const QUEUE: readonly { status: AssessmentStatus; permission: Permission }[] = [
  { status: "selfAssess", permission: "rating.selfAssess" },
  { status: "townReview", permission: "rating.review" },
  { status: "objection", permission: "rating.review" },
  { status: "districtApproval", permission: "rating.approve" },
];

export function awaitingSql(scopes: (p: Permission) => string[]): SQL {
  const parts = QUEUE.map((q) => sql`(a.status = ${q.status} AND ${inScope(sql`a.path`, scopes(q.permission))})`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

export async function listAssessments(
  db: Db,
  f: { readScope: readonly string[]; awaiting: SQL | null; schemeId?: string | undefined; status?: string | undefined; underPath?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: AssessmentRow[]; total: number }> {
  const conds: SQL[] = [inScope(sql`a.path`, f.readScope)];
  if (f.awaiting) conds.push(f.awaiting);
  if (f.schemeId) conds.push(sql`a.scheme_id = ${f.schemeId}`);
  if (f.status) conds.push(sql`a.status = ${f.status}`);
  if (f.underPath) conds.push(sql`a.path LIKE ${`${f.underPath}%`}`);
  const where = sql.join(conds, sql` AND `);
  const rows = await queryRows<AssessmentRow>(db, sql`${SELECT} WHERE ${where} ORDER BY a.path LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`);
  const [c] = await queryRows<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM rating_assessments a WHERE ${where}`);
  return { rows, total: Number(c?.n ?? 0) };
}

export async function queueCounts(db: Db, readScope: readonly string[], awaiting: SQL) {
  return queryRows<{ scheme_id: string; scheme_name: string; status: AssessmentStatus; n: string | number }>(
    db,
    sql`SELECT a.scheme_id, s.name AS scheme_name, a.status, count(*) AS n FROM rating_assessments a JOIN rating_schemes s ON s.id = a.scheme_id
        WHERE ${inScope(sql`a.path`, readScope)} AND ${awaiting} GROUP BY a.scheme_id, s.name, a.status ORDER BY s.name, a.status`,
  );
}

export interface EvidenceFileView {
  id: string;
  indicator: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

/** The uploaded evidence files of one assessment, oldest first (shown per indicator). */
export async function evidenceFiles(db: Db, assessmentId: string): Promise<EvidenceFileView[]> {
  const rows = await queryRows<{ id: string; indicator: string; fileName: string; contentType: string; sizeBytes: number | string; createdAt: Date | string }>(
    db,
    sql`SELECT id, indicator, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", created_at AS "createdAt"
      FROM rating_evidence_files WHERE assessment_id = ${assessmentId} ORDER BY created_at, id`,
  );
  return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes), createdAt: new Date(r.createdAt).toISOString() }));
}
