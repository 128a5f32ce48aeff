import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { ratingAssessments } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { authorize, can, covers, scopePaths, visiblePaths } from "../../authz/policy.js";
import { applyEvent, historyOf } from "../../workflow/apply.js";
import { availableEvents } from "../../workflow/machine.js";
import type { AssessmentDetail, AssessmentView } from "../../../common/contract/rating.contract.js";
import { SCORING_ROLES_BY_STATUS, type AssessmentEvent } from "../../../common/rating.js";
import type { Permission } from "../../../common/roles.js";
import * as orgRepo from "../org/org.repo.js";
import { ASSESSMENT_TRANSITIONS, type AssessmentEntity } from "./assessment-machine.js";
import { assessmentWorkflow, ASSESSMENT_WORKFLOW, loadAssessmentEntity } from "./assessment.workflow.js";
import * as repo from "./assessments.repo.js";
import { compute, type Facts } from "./engine/index.js";
import { problemsError } from "./problems-error.js";
import { computeVillages } from "./rate-villages.js";
import type { RatingDeps } from "./rating-deps.js";
import { writeResults } from "./results.repo.js";
import { loadScheme, schemeOf } from "./schemes.service.js";
import { findScheme } from "./schemes.repo.js";

/** The permission behind each evaluator role of the fortress scheme. */
const ROLE_PERMISSION: Record<string, Permission> = { self: "rating.selfAssess", town: "rating.review", survey: "rating.review", district: "rating.approve" };

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function entityOf(r: repo.AssessmentRow): AssessmentEntity {
  return { id: r.id, status: r.status, path: r.path, schemeId: r.scheme_id, orgUnitId: r.org_unit_id, publicityDays: 0, publicityEndsAt: r.publicity_ends_at ? new Date(r.publicity_ends_at) : null, objectedAt: r.objected_at ? new Date(r.objected_at) : null };
}

function scoreAs(actor: Actor, r: { status: repo.AssessmentRow["status"]; path: string }): string[] {
  return (SCORING_ROLES_BY_STATUS[r.status] ?? []).filter((role) => {
    const p = ROLE_PERMISSION[role];
    return p !== undefined && actor.kind === "user" && can(actor, p, r);
  });
}

function toView(actor: Actor, r: repo.AssessmentRow): AssessmentView {
  return {
    id: r.id, schemeId: r.scheme_id, schemeName: r.scheme_name, year: r.year, orgUnitId: r.org_unit_id, villageName: r.village_name, townName: r.town_name,
    status: r.status, category: r.category, publicityEndsAt: iso(r.publicity_ends_at), total: r.total === null ? null : Number(r.total), grade: r.grade,
    updatedAt: iso(r.updated_at) ?? "",
    abilities: { events: availableEvents(ASSESSMENT_TRANSITIONS, entityOf(r), actor).filter((e) => e !== "finalize"), scoreAs: scoreAs(actor, r) },
  };
}

/** The full view of one assessment (no access check: callers have checked it). */
export async function assessmentDetailOf(db: Db, actor: Actor, id: string): Promise<AssessmentDetail> {
  const r = await repo.findAssessment(db, id);
  if (!r) throw new AppError("NOT_FOUND");
  const history = await historyOf(db, ASSESSMENT_WORKFLOW, id);
  return {
    ...toView(actor, r),
    manualScores: r.manual_scores, vetoHits: r.veto_hits, evidence: r.evidence, evidenceFiles: await repo.evidenceFiles(db, id),
    notes: { self: r.self_note, town: r.town_note, district: r.district_note },
    objection: r.objection_reason
      ? { reason: r.objection_reason, at: iso(r.objected_at) ?? "", answer: r.objection_answer, upheld: r.objection_upheld, answeredAt: iso(r.answered_at) }
      : null,
    history: history.map((h) => ({ from: h.fromState, to: h.toState, event: h.event, actorName: h.actorName, at: h.at.toISOString(), note: h.note })),
  };
}

async function loadVisible(db: Db, actor: Actor, id: string): Promise<repo.AssessmentRow> {
  const r = await repo.findAssessment(db, id);
  if (!r) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.read", r);
  return r;
}

export async function getAssessment(deps: RatingDeps, actor: Actor, id: string): Promise<AssessmentDetail> {
  await loadVisible(deps.db, actor, id);
  return assessmentDetailOf(deps.db, actor, id);
}

/** Opens the assessment of every 涉农 village under a unit for a published scheme, in one INSERT … SELECT. */
export async function openAssessments(deps: RatingDeps, actor: Actor, schemeId: string, orgUnitId: string): Promise<{ created: number; existing: number }> {
  const scheme = await loadScheme(deps, actor, schemeId);
  if (scheme.status !== "published") throw new AppError("VALIDATION", { fields: { schemeId: { key: "rating.scheme.notPublished" } } });
  if (scheme.subjectLevel !== "village") throw new AppError("VALIDATION", { fields: { schemeId: { key: "rating.scheme.wrongProgramme", params: { programme: "fortress" } } } });
  const unit = await orgRepo.findById(deps.db, orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "rating.approve", unit);
  if (!unit.path.startsWith(scheme.path)) throw new AppError("NOT_FOUND");
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const inserted = await queryRows<{ id: string }>(tx, sql`INSERT INTO rating_assessments (scheme_id, org_unit_id, path, status, created_at, updated_at)
      SELECT ${schemeId}::uuid, ou.id, ou.path, 'selfAssess', ${now}::timestamptz, ${now}::timestamptz FROM org_units ou
      WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.path LIKE ${`${unit.path}%`}
      ON CONFLICT (scheme_id, org_unit_id) DO NOTHING RETURNING id`);
    const created = inserted.length;
    const [all] = await queryRows<{ n: number | string }>(tx, sql`SELECT count(*) AS n FROM rating_assessments WHERE scheme_id = ${schemeId} AND path LIKE ${`${unit.path}%`}`);
    const total = Number(all?.n ?? 0);
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.openAssessments", entityType: "ratingScheme", entityId: schemeId, orgPath: unit.path, after: { created } }]);
    return { created, existing: total - created };
  });
}

export async function listAssessments(
  deps: RatingDeps,
  actor: Actor,
  f: { schemeId?: string | undefined; status?: string | undefined; orgUnitId?: string | undefined; awaitingMe?: "true" | "false" | undefined; page: number; pageSize: number },
): Promise<{ items: AssessmentView[]; total: number }> {
  let underPath: string | undefined;
  if (f.orgUnitId) {
    const unit = await orgRepo.findById(deps.db, f.orgUnitId);
    if (!unit) throw new AppError("NOT_FOUND");
    authorize(actor, "rating.read", unit);
    underPath = unit.path;
  }
  const awaiting = f.awaitingMe === "true" ? repo.awaitingSql((p) => scopePaths(actor, p)) : null;
  const { rows, total } = await repo.listAssessments(deps.db, { readScope: scopePaths(actor, "rating.read"), awaiting, schemeId: f.schemeId, status: f.status, underPath, page: f.page, pageSize: f.pageSize });
  return { items: rows.map((r) => toView(actor, r)), total };
}

export async function workQueue(deps: RatingDeps, actor: Actor) {
  const rows = await repo.queueCounts(deps.db, scopePaths(actor, "rating.read"), repo.awaitingSql((p) => scopePaths(actor, p)));
  return { items: rows.map((r) => ({ schemeId: r.scheme_id, schemeName: r.scheme_name, status: r.status, count: Number(r.n) })) };
}

/**
 * Stores the scores of the role the current state collects. The engine checks them against the
 * scheme (unknown indicator, role not allowed, score above the indicator's max …) and each problem
 * comes back under `scores.<indicator>`.
 */
export async function saveScores(
  deps: RatingDeps,
  actor: Actor,
  id: string,
  body: { role: string; scores: Record<string, number>; vetoHits?: string[] | undefined; evidence?: Record<string, string[]> | undefined; note?: string | undefined },
): Promise<AssessmentDetail> {
  return deps.db.transaction(async (tx) => {
    const e = await loadAssessmentEntity(tx, id, true);
    if (!e || actor.kind !== "user" || !covers(visiblePaths(actor), e.path)) throw new AppError("NOT_FOUND");
    const row = await loadVisible(tx, actor, id);
    const roles = SCORING_ROLES_BY_STATUS[e.status] ?? [];
    const permission = ROLE_PERMISSION[body.role];
    if (!roles.includes(body.role) || !permission) throw new AppError("VALIDATION", { fields: { role: { key: "rating.assessment.roleNotNow", params: { role: body.role } } } });
    authorize(actor, permission, e);
    if (body.vetoHits && body.role === "self") throw new AppError("VALIDATION", { fields: { vetoHits: { key: "rating.assessment.roleNotNow", params: { role: body.role } } } });
    const schemeRow = await findScheme(tx, e.schemeId);
    if (!schemeRow) throw new AppError("NOT_FOUND");
    const scheme = schemeOf(schemeRow);
    const merged: Record<string, Record<string, number>> = structuredClone(row.manual_scores);
    for (const [ind, v] of Object.entries(body.scores)) merged[ind] = { ...(merged[ind] ?? {}), [body.role]: v };
    const vetoHits = body.vetoHits ?? row.veto_hits;
    const facts: Facts = { inputs: {}, manualScores: merged, vetoHits };
    if (row.category && scheme.categories.some((c) => c.code === row.category)) facts.categoryCode = row.category;
    const check = compute(scheme, facts, deps.clock.now());
    if (!check.ok) {
      const problems = check.problems.map((p) => ({ ...p, path: p.path.replace(/^manualScores\.(.+)\.[^.]+$/, "scores.$1").replace(/^manualScores\./, "scores.") }));
      throw problemsError(problems, "body");
    }
    const evidence = { ...row.evidence, ...(body.evidence ?? {}) };
    const noteColumn = body.role === "self" ? { selfNote: body.note } : body.role === "district" ? { districtNote: body.note } : { townNote: body.note };
    await tx
      .update(ratingAssessments)
      .set({ manualScores: merged, vetoHits, evidence, updatedAt: deps.clock.now(), ...(body.note !== undefined ? noteColumn : {}) })
      .where(eq(ratingAssessments.id, id));
    await writeAudit(tx, actor, deps.clock, [
      { action: "rating.scores", entityType: "ratingAssessment", entityId: id, orgPath: e.path, after: { role: body.role, scores: body.scores, vetoHits: body.vetoHits ?? null } },
    ]);
    return assessmentDetailOf(tx, actor, id);
  });
}

/**
 * The village submits with evidence: every manual, non-deduction indicator whose evidence is
 * required (and that the village's category rates) needs at least one uploaded file or file
 * reference, since the town scores it from that evidence. Returns the first indicator without any.
 */
function missingEvidence(scheme: ReturnType<typeof schemeOf>, r: repo.AssessmentRow, uploaded: ReadonlySet<string>): string | null {
  for (const d of scheme.dimensions) {
    for (const ind of d.indicators) {
      if (ind.evidence !== "required" || ind.source !== "manual" || ind.negative) continue;
      if (r.category && ind.categoryOverrides?.[r.category]?.enabled === false) continue;
      if ((r.evidence[ind.code] ?? []).length === 0 && !uploaded.has(ind.code)) return ind.code;
    }
  }
  return null;
}

/**
 * Fires a workflow event through the shared helper (policy, state, history, timers and audit in
 * one transaction). Entering publicity rates the village at once, so the publicised stars are the
 * ones the district approved.
 */
export async function transitionAssessment(deps: RatingDeps, actor: Actor, id: string, body: { event: AssessmentEvent; note?: string | undefined; reason?: string | undefined }): Promise<AssessmentDetail> {
  return deps.db.transaction(async (tx) => {
    if (body.event === "submit") {
      const r = await loadVisible(tx, actor, id);
      const schemeRow = await findScheme(tx, r.scheme_id);
      const uploaded = new Set((await repo.evidenceFiles(tx, id)).map((f) => f.indicator));
      const missing = schemeRow ? missingEvidence(schemeOf(schemeRow), r, uploaded) : null;
      if (missing) throw new AppError("VALIDATION", { fields: { [`evidence.${missing}`]: { key: "rating.ledger.evidenceRequired" } } });
    }
    const saved = await applyEvent({ db: tx, clock: deps.clock }, assessmentWorkflow, id, body.event, actor, { note: body.note, reason: body.reason }, tx);
    if (saved.status === "publicity") await rateOne(deps, tx, saved.schemeId, saved.orgUnitId, saved.path);
    return assessmentDetailOf(tx, actor, id);
  });
}

async function rateOne(deps: RatingDeps, tx: Db, schemeId: string, orgUnitId: string, path: string): Promise<void> {
  const row = await findScheme(tx, schemeId);
  if (!row) throw new AppError("NOT_FOUND");
  const scheme = schemeOf(row);
  const out = await computeVillages(deps, tx, { schemeId, scheme, scopePath: path, subjectIds: [orgUnitId] });
  await writeResults(tx, { schemeId, programme: scheme.programme, year: scheme.year, subjectKind: "orgUnit", jobId: null, now: deps.clock.now() }, out.rows);
}
