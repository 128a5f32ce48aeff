import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { inScope } from "../../authz/scope-sql.js";
import type { AppealScale, AppealStatus, DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../common/appeals.js";
import type { AppealEntity } from "./appeal-machine.js";
import type { DeadlineRule } from "./deadlines.js";
import type { ScaleRule } from "./signboard/signboard-promises.js";

interface EntityRow {
  id: string;
  status: AppealStatus;
  path: string;
  tracking_code: string;
  grid_id: string | null;
  handling_unit_id: string;
  handling_level: HandlingLevel;
  handling_path: string;
  category_id: string;
  category_name: string;
  scale: string;
  description: string;
  reopens: number;
  escalations: number;
  accepted_at: Date | string | null;
  updated_at: Date | string;
  extension_days: number | string;
  pending_extension_id: string | null;
}

const toDate = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));

/** Loads an appeal as the workflow sees it, with the deadline rules of its current level. */
export async function loadEntity(db: Db, id: string, lock: boolean): Promise<AppealEntity | null> {
  const rows = await queryRows<EntityRow>(
    db,
    sql`SELECT a.id, a.status, a.path, a.tracking_code, a.grid_id, a.handling_unit_id, a.handling_level, a.handling_path,
               a.category_id, c.name AS category_name, a.scale, a.description, a.reopens, a.escalations, a.accepted_at, a.updated_at,
               (SELECT coalesce(sum(working_days), 0) FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'approved') AS extension_days,
               (SELECT e.id FROM appeal_extensions e WHERE e.appeal_id = a.id AND e.status = 'pending' LIMIT 1) AS pending_extension_id
        FROM appeals a JOIN appeal_categories c ON c.id = a.category_id
        WHERE a.id = ${id} ${lock ? sql`FOR UPDATE OF a` : sql``}`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    path: r.path,
    trackingCode: r.tracking_code,
    gridId: r.grid_id,
    handlingUnitId: r.handling_unit_id,
    handlingLevel: r.handling_level,
    handlingPath: r.handling_path,
    categoryName: r.category_name,
    scale: r.scale,
    description: r.description,
    reopens: r.reopens,
    escalations: r.escalations,
    acceptedAt: r.accepted_at === null ? null : toDate(r.accepted_at),
    enteredAt: toDate(r.updated_at),
    extensionDays: Number(r.extension_days),
    pendingExtensionId: r.pending_extension_id,
    rules: await rulesFor(db, r.category_id, r.scale, r.handling_level),
  };
}

/** The most specific rule per stage: this category before any, this level before any. */
export async function rulesFor(db: Db, categoryId: string, scale: string, level: HandlingLevel): Promise<Partial<Record<DeadlineStage, DeadlineRule>>> {
  const rows = await queryRows<{ stage: DeadlineStage; unit: DeadlineUnit; amount: string | number; yellow_percent: number }>(
    db,
    sql`SELECT DISTINCT ON (stage) stage, unit, amount, yellow_percent FROM appeal_deadline_rules
        WHERE scale = ${scale} AND (category_id = ${categoryId} OR category_id IS NULL) AND (level = ${level} OR level IS NULL)
        ORDER BY stage, (category_id IS NULL), (level IS NULL)`,
  );
  const out: Partial<Record<DeadlineStage, DeadlineRule>> = {};
  for (const r of rows) out[r.stage] = { unit: r.unit, amount: Number(r.amount), yellowPercent: r.yellow_percent };
  return out;
}

/** The rules for every category of a scale (no category), any level or grid level: what signboards print. */
export async function scaleRules(db: Db): Promise<ScaleRule[]> {
  const rows = await queryRows<{ scale: AppealScale; level: HandlingLevel | null; stage: DeadlineStage; unit: DeadlineUnit; amount: string | number }>(
    db,
    sql`SELECT scale, level, stage, unit, amount FROM appeal_deadline_rules WHERE category_id IS NULL AND (level IS NULL OR level = 'grid')`,
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** The ancestor of `path` (or the unit itself) at a handling level. */
export async function unitAtLevel(db: Db, path: string, level: HandlingLevel): Promise<{ id: string; path: string; name: string } | null> {
  const ids = path.split("/").filter(Boolean);
  if (ids.length === 0) return null;
  const rows = await queryRows<{ id: string; path: string; name: string }>(
    db,
    sql`SELECT id, path, name FROM org_units WHERE id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND level = ${level}`,
  );
  return rows[0] ?? null;
}

export interface SummaryRow {
  id: string;
  tracking_code: string;
  status: AppealStatus;
  channel: string;
  category_name: string;
  scale: string;
  grid_id: string | null;
  grid_name: string | null;
  village_name: string | null;
  handling_unit_id: string;
  handling_unit_name: string;
  handling_level: HandlingLevel;
  handling_path: string;
  path: string;
  description: string;
  phone_masked: string | null;
  phone_cipher: string | null;
  due_at: Date | string | null;
  warning: "yellow" | "red" | null;
  escalations: number;
  created_at: Date | string;
  location_text: string | null;
  lng: number | null;
  lat: number | null;
  resolution: string | null;
  reject_reason: string | null;
  satisfaction: number | null;
  feedback: string | null;
  reopens: number;
}

const SELECT_SUMMARY = sql`
  SELECT a.id, a.tracking_code, a.status, a.channel, c.name AS category_name, a.scale, a.grid_id,
         gu.name AS grid_name, vu.name AS village_name, a.handling_unit_id, hu.name AS handling_unit_name,
         a.handling_level, a.handling_path, a.path, a.description, a.phone_masked, a.phone_cipher, a.due_at, a.warning,
         a.escalations, a.created_at, a.location_text, a.lng, a.lat, a.resolution, a.reject_reason,
         a.satisfaction, a.feedback, a.reopens
  FROM appeals a
  JOIN appeal_categories c ON c.id = a.category_id
  JOIN org_units hu ON hu.id = a.handling_unit_id
  LEFT JOIN org_units gu ON gu.id = a.grid_id
  LEFT JOIN org_units vu ON vu.id = gu.parent_id`;

export async function findSummary(db: Db, where: SQL): Promise<SummaryRow | null> {
  const rows = await queryRows<SummaryRow>(db, sql`${SELECT_SUMMARY} WHERE ${where}`);
  return rows[0] ?? null;
}

export interface ListFilter {
  scopePaths: string[];
  /** Only appeals handled at these units ("mine"). */
  handlingUnitIds?: string[] | undefined;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
  status?: AppealStatus | undefined;
  open?: boolean | undefined;
  underPath?: string | undefined;
  limit: number;
  offset: number;
}

const OPEN_SQL = sql`a.status NOT IN ('resolved', 'closed', 'rejected')`;

export async function listSummaries(db: Db, f: ListFilter): Promise<{ rows: SummaryRow[]; total: number }> {
  const conds: SQL[] = [inScope(sql`a.path`, f.scopePaths)];
  if (f.handlingUnitIds) {
    conds.push(f.handlingUnitIds.length ? sql`a.handling_unit_id IN (${sql.join(f.handlingUnitIds.map((u) => sql`${u}::uuid`), sql`, `)})` : sql`false`);
  }
  if (f.dueBefore) conds.push(sql`a.due_at < ${f.dueBefore}`, OPEN_SQL);
  if (f.dueAfter) conds.push(sql`a.due_at >= ${f.dueAfter}`);
  if (f.status) conds.push(sql`a.status = ${f.status}`);
  if (f.open === true) conds.push(OPEN_SQL);
  if (f.open === false) conds.push(sql`NOT (${OPEN_SQL})`);
  if (f.underPath) conds.push(sql`a.path LIKE ${`${f.underPath}%`}`);
  const where = sql.join(conds, sql` AND `);
  const order = f.dueBefore ? sql`a.due_at ASC, a.id` : sql`a.created_at DESC, a.id`;
  const rows = await queryRows<SummaryRow>(db, sql`${SELECT_SUMMARY} WHERE ${where} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}`);
  const [count] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM appeals a WHERE ${where}`);
  return { rows, total: Number(count?.n ?? 0) };
}
