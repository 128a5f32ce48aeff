import { desc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows, type Db } from "../../db/client.js";
import { allocationLines, allocationPlans, orgUnits } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { authorize, can, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import { XLSX_CONTENT_TYPE, type FileDownload } from "../../../common/contract/endpoint.js";
import type { AllocationParams, PlanDetail, PlanView } from "../../../common/contract/allocation.contract.js";
import type { ProjectPriority } from "../../../common/rating.js";
import * as orgRepo from "../org/org.repo.js";
import { allocate, type AllocationSubject } from "./allocation.js";
import type { RatingDeps } from "./rating-deps.js";
import { loadScheme } from "./schemes.service.js";

type PlanRow = typeof allocationPlans.$inferSelect & { orgUnitName: string; lineCount: number };

async function findPlan(db: Db, id: string, lock = false): Promise<PlanRow | null> {
  const [r] = await queryRows<{ id: string }>(db, sql`SELECT id FROM allocation_plans WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`);
  if (!r) return null;
  const [p] = await db.select().from(allocationPlans).where(eq(allocationPlans.id, id));
  if (!p) return null;
  const [meta] = await queryRows<{ name: string; n: string | number }>(
    db,
    sql`SELECT ou.name, (SELECT count(*) FROM allocation_lines l WHERE l.plan_id = ${id}) AS n FROM org_units ou WHERE ou.id = ${p.orgUnitId}`,
  );
  return { ...p, orgUnitName: meta?.name ?? "", lineCount: Number(meta?.n ?? 0) };
}

function toView(actor: Actor, p: PlanRow): PlanView {
  const manage = can(actor, "allocation.manage", p);
  return {
    id: p.id, name: p.name, year: p.year, schemeId: p.schemeId, orgUnitId: p.orgUnitId, orgUnitName: p.orgUnitName, status: p.status, poolFen: p.poolFen,
    params: p.params as AllocationParams, approvedAt: p.approvedAt?.toISOString() ?? null, lineCount: p.lineCount,
    abilities: { edit: manage && p.status === "draft", approve: manage && p.status === "draft" },
  };
}

interface LineSql {
  org_unit_id: string; village: string; town: string | null; grade: string | null; stars: number | null; total: string | number | null; category: string | null;
  rectify: boolean; priority: ProjectPriority; amount_fen: string | number; earmark_fen: string | number; explanation: PlanDetail["lines"][number]["explanation"];
}

async function detail(db: Db, actor: Actor, id: string): Promise<PlanDetail> {
  const p = await findPlan(db, id);
  if (!p) throw new AppError("NOT_FOUND");
  const lines = await queryRows<LineSql>(
    db,
    sql`SELECT l.org_unit_id, ou.name AS village, t.name AS town, l.grade, l.stars, l.total, l.category, l.rectify, l.priority, l.amount_fen, l.earmark_fen, l.explanation
        FROM allocation_lines l JOIN org_units ou ON ou.id = l.org_unit_id LEFT JOIN org_units t ON t.id = ou.parent_id
        WHERE l.plan_id = ${id} ORDER BY ou.path`,
  );
  const byStars = new Map<number | null, { stars: number | null; villages: number; amountFen: number }>();
  for (const l of lines) {
    const b = byStars.get(l.stars) ?? { stars: l.stars, villages: 0, amountFen: 0 };
    b.villages++;
    b.amountFen += Number(l.amount_fen);
    byStars.set(l.stars, b);
  }
  return {
    ...toView(actor, p),
    lines: lines.map((l) => ({
      orgUnitId: l.org_unit_id, village: l.village, town: l.town ?? "", grade: l.grade, stars: l.stars, total: l.total === null ? null : Number(l.total),
      category: l.category, rectify: l.rectify, priority: l.priority, amountFen: Number(l.amount_fen), earmarkFen: Number(l.earmark_fen), explanation: l.explanation,
    })),
    byStars: [...byStars.values()].sort((a, b) => (b.stars ?? -1) - (a.stars ?? -1)),
  };
}

const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** Recomputes a plan's lines from the scheme's results under its unit (one read, one bulk write). */
async function preview(tx: Db, plan: { id: string; schemeId: string; path: string; poolFen: number; params: AllocationParams }): Promise<void> {
  const rows = await queryRows<{ subject_id: string; grade: string | null; stars: number | null; total: string | number; category: string | null }>(
    tx,
    sql`SELECT subject_id, grade, stars, total, category FROM rating_results WHERE scheme_id = ${plan.schemeId} AND subject_kind = 'orgUnit' AND path LIKE ${`${plan.path}%`} ORDER BY path`,
  );
  if (rows.length === 0) throw new AppError("VALIDATION", { fields: { schemeId: { key: "allocation.noResults" } } });
  const subjects: AllocationSubject[] = rows.map((r) => ({ id: r.subject_id, grade: r.grade, stars: r.stars === null ? null : Number(r.stars), category: r.category }));
  const out = allocate(subjects, { poolFen: plan.poolFen, ...plan.params });
  if (!out.ok) throw new AppError("VALIDATION", { fields: { [out.field]: { key: out.key, params: out.params } } });
  await tx.delete(allocationLines).where(eq(allocationLines.planId, plan.id));
  const byId = new Map(rows.map((r) => [r.subject_id, r]));
  const values = out.lines.map((l) => {
    const r = byId.get(l.id);
    const main = l.amountFen - l.earmarkFen;
    const text = `${r?.grade ?? "—"}(${Number(r?.total ?? 0)} 分)系数 ${l.multiplier}，按系数分得 ${yuan(main)} 元` +
      (l.bound === "min" ? "(按每村最低额补足)" : l.bound === "max" ? "(按每村最高额封顶)" : "") +
      (l.earmarkFen > 0 ? `；整顿专项 ${yuan(l.earmarkFen)} 元` : "");
    return {
      planId: plan.id, orgUnitId: l.id, grade: r?.grade ?? null, stars: r?.stars ?? null, total: r ? Number(r.total) : null, category: r?.category ?? null,
      rectify: l.rectify, priority: l.priority, amountFen: l.amountFen, earmarkFen: l.earmarkFen,
      explanation: { weight: l.multiplier, multiplier: l.multiplier, bound: l.bound, text },
    };
  });
  for (let i = 0; i < values.length; i += 1000) await tx.insert(allocationLines).values(values.slice(i, i + 1000));
}

async function loadPlan(db: Db, actor: Actor, id: string, lock = false): Promise<PlanRow> {
  const p = await findPlan(db, id, lock);
  if (!p) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", p);
  return p;
}

/** The plans in the actor's read scope, newest first, in one query (unit name and line count joined). */
export async function listPlans(deps: RatingDeps, actor: Actor, q: { year?: number | undefined }) {
  const rows = await deps.db
    .select({ p: allocationPlans, orgUnitName: orgUnits.name, lineCount: sql<string | number>`(SELECT count(*) FROM allocation_lines l WHERE l.plan_id = ${allocationPlans.id})` })
    .from(allocationPlans)
    .innerJoin(orgUnits, eq(orgUnits.id, allocationPlans.orgUnitId))
    .where(sql`${inScope(sql`${allocationPlans.path}`, scopePaths(actor, "rating.read"))} ${q.year ? sql`AND ${allocationPlans.year} = ${q.year}` : sql``}`)
    .orderBy(desc(allocationPlans.createdAt))
    .limit(200);
  return { items: rows.map((r) => toView(actor, { ...r.p, orgUnitName: r.orgUnitName, lineCount: Number(r.lineCount) })) };
}

/** A draft plan for a pool from a scheme's results under a unit, previewed at once. */
export async function createPlan(deps: RatingDeps, actor: Actor, body: { name: string; schemeId: string; orgUnitId: string; poolFen: number; params: AllocationParams }): Promise<PlanDetail> {
  const scheme = await loadScheme(deps, actor, body.schemeId);
  const unit = await orgRepo.findById(deps.db, body.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "allocation.manage", unit);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [p] = await tx
      .insert(allocationPlans)
      .values({ name: body.name, year: scheme.year + 1, schemeId: scheme.id, orgUnitId: unit.id, path: unit.path, status: "draft", poolFen: body.poolFen, params: body.params, createdBy: actor.kind === "user" ? actor.userId : null, createdAt: now, updatedAt: now })
      .returning({ id: allocationPlans.id });
    if (!p) throw new Error("plan insert returned nothing");
    await preview(tx, { id: p.id, schemeId: scheme.id, path: unit.path, poolFen: body.poolFen, params: body.params });
    await writeAudit(tx, actor, deps.clock, [{ action: "allocation.create", entityType: "allocationPlan", entityId: p.id, orgPath: unit.path, after: { poolFen: body.poolFen, params: body.params } }]);
    return detail(tx, actor, p.id);
  });
}

export async function getPlan(deps: RatingDeps, actor: Actor, id: string): Promise<PlanDetail> {
  await loadPlan(deps.db, actor, id);
  return detail(deps.db, actor, id);
}

export async function updatePlan(deps: RatingDeps, actor: Actor, id: string, body: { name?: string | undefined; poolFen?: number | undefined; params?: AllocationParams | undefined }): Promise<PlanDetail> {
  return deps.db.transaction(async (tx) => {
    const p = await loadPlan(tx, actor, id, true);
    authorize(actor, "allocation.manage", p);
    if (p.status !== "draft") throw new AppError("INVALID_TRANSITION", { message: { key: "allocation.approved" } });
    const next = { name: body.name ?? p.name, poolFen: body.poolFen ?? p.poolFen, params: body.params ?? (p.params as AllocationParams) };
    await tx.update(allocationPlans).set({ ...next, updatedAt: deps.clock.now() }).where(eq(allocationPlans.id, id));
    await preview(tx, { id, schemeId: p.schemeId, path: p.path, poolFen: next.poolFen, params: next.params });
    await writeAudit(tx, actor, deps.clock, [{ action: "allocation.update", entityType: "allocationPlan", entityId: id, orgPath: p.path, before: { poolFen: p.poolFen, params: p.params }, after: { poolFen: next.poolFen, params: next.params } }]);
    return detail(tx, actor, id);
  });
}

export async function approvePlan(deps: RatingDeps, actor: Actor, id: string): Promise<PlanDetail> {
  return deps.db.transaction(async (tx) => {
    const p = await loadPlan(tx, actor, id, true);
    authorize(actor, "allocation.manage", p);
    if (p.status !== "draft") throw new AppError("INVALID_TRANSITION", { message: { key: "allocation.approved" } });
    const now = deps.clock.now();
    await tx.update(allocationPlans).set({ status: "approved", approvedAt: now, approvedBy: actor.kind === "user" ? actor.userId : null, updatedAt: now }).where(eq(allocationPlans.id, id));
    await writeAudit(tx, actor, deps.clock, [{ action: "allocation.approve", entityType: "allocationPlan", entityId: id, orgPath: p.path, before: { status: "draft" }, after: { status: "approved" } }]);
    return detail(tx, actor, id);
  });
}

/** The plan as a workbook: one row per village with its rating, amount and explanation. */
export async function exportPlan(deps: RatingDeps, actor: Actor, id: string): Promise<FileDownload> {
  await loadPlan(deps.db, actor, id);
  const d = await detail(deps.db, actor, id);
  const wb = new ExcelJS.Workbook();
  wb.creator = "zhenxing";
  const ws = wb.addWorksheet("分配方案");
  ws.addRow([`${d.name}(${d.year} 年，${d.orgUnitName}，资金池 ${yuan(d.poolFen)} 元，${d.status === "approved" ? "已审批" : "草案"})`]);
  ws.addRow(["镇(街道)", "村(社区)", "分类", "总分", "等次", "整顿村", "项目优先级", "分配金额(元)", "其中整顿专项(元)", "说明"]);
  for (const l of d.lines) {
    ws.addRow([l.town, l.village, l.category ?? "", l.total ?? "", l.grade ?? "", l.rectify ? "是" : "否", l.priority, Number(yuan(l.amountFen)), Number(yuan(l.earmarkFen)), l.explanation.text]);
  }
  ws.addRow(["合计", "", "", "", "", "", "", Number(yuan(d.lines.reduce((a, l) => a + l.amountFen, 0))), Number(yuan(d.lines.reduce((a, l) => a + l.earmarkFen, 0))), ""]);
  ws.columns.forEach((c, i) => (c.width = [12, 14, 8, 8, 8, 8, 10, 14, 16, 60][i] ?? 12));
  const body = new Uint8Array(await wb.xlsx.writeBuffer());
  return { fileName: `allocation-${d.year}-${d.id.slice(0, 8)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
