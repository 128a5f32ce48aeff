import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { whistles, whistleSummons } from "../../../db/schema/index.js";
import { authorize, scopePaths } from "../../../authz/policy.js";
import { inScope } from "../../../authz/scope-sql.js";
import { actorId, type Actor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import { AppError, fieldError } from "../../../platform/errors.js";
import { applyEvent, startTimers } from "../../../workflow/apply.js";
import { availableEvents } from "../../../workflow/machine.js";
import { translate } from "../../../../common/i18n/index.js";
import { roleHasPermission } from "../../../../common/roles.js";
import type { SummonsEvent, WhistleKind } from "../../../../common/whistle.js";
import type { EndpointBody, EndpointQuery } from "../../../../common/contract/endpoint.js";
import type { whistle as contract } from "../../../../common/contract/index.js";
import type { Summons, WhistleDetail, WhistleSummary } from "../../../../common/contract/whistle.contract.js";
import type { AppealsDeps } from "../appeals-deps.js";
import type { AppealWorkflow } from "../appeal-workflow.js";
import * as appealsRepo from "../appeals.repo.js";
import { SUMMONS_TRANSITIONS } from "./summons-machine.js";
import type { SummonsWorkflow } from "./whistle-workflow.js";
import * as repo from "./whistle.repo.js";
import { defaultDeadlineRules, defaultDeadlines, localStamp } from "./whistle-rules.js";

const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

function toSummary(r: repo.WhistleRow): WhistleSummary {
  return {
    id: r.id,
    townId: r.town_id,
    townName: r.town_name,
    appealId: r.appeal_id,
    trackingCode: r.tracking_code,
    kind: r.kind,
    title: r.title,
    status: r.status,
    blownByName: r.blown_by_name,
    summonsCount: Number(r.summons_count),
    checkedInCount: Number(r.checked_in_count),
    overdueCount: Number(r.overdue_count),
    doneDueAt: iso(r.done_due_at),
    createdAt: iso(r.created_at),
    closedAt: isoOrNull(r.closed_at),
  };
}

function toSummons(r: repo.SummonsRow, events: SummonsEvent[]): Summons {
  const onTime = (at: Date | string | null, due: Date | string) => (at === null ? null : new Date(at).getTime() <= new Date(due).getTime());
  return {
    id: r.id,
    whistleId: r.whistle_id,
    whistleTitle: r.whistle_title,
    whistleKind: r.whistle_kind,
    townName: r.town_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    lead: r.lead,
    status: r.status,
    checkInDueAt: iso(r.check_in_due_at),
    doneDueAt: iso(r.done_due_at),
    checkedInAt: isoOrNull(r.checked_in_at),
    checkedInOnTime: onTime(r.checked_in_at, r.check_in_due_at),
    reportedAt: isoOrNull(r.reported_at),
    doneOnTime: onTime(r.reported_at, r.done_due_at),
    report: r.report,
    rating: r.rating,
    ratingComment: r.rating_comment,
    createdAt: iso(r.created_at),
    events,
  };
}

async function eventsFor(db: Db, actor: Actor, summonsId: string): Promise<SummonsEvent[]> {
  const e = await repo.loadSummons(db, summonsId, false);
  return e ? availableEvents(SUMMONS_TRANSITIONS, e, actor).filter((ev) => ev !== "miss") : [];
}

/** One whistle with its summons; NOT_FOUND outside the actor's scope. */
export async function whistleDetail(db: Db, actor: Actor, id: string): Promise<WhistleDetail> {
  const w = await repo.findWhistle(db, id);
  if (!w) throw new AppError("NOT_FOUND");
  authorize(actor, "appeal.read", w);
  const rows = await repo.summonsOf(db, id);
  const items = await Promise.all(rows.map(async (r) => toSummons(r, await eventsFor(db, actor, r.id))));
  return { ...toSummary(w), description: w.description, summons: items };
}

export interface Town {
  id: string;
  path: string;
  name: string;
}

export async function townOf(tx: Db, where: ReturnType<typeof sql>): Promise<Town | null> {
  const [t] = await queryRows<Town>(tx, sql`SELECT id, path, name FROM org_units WHERE level = 'town' AND revoked_at IS NULL AND ${where}`);
  return t ?? null;
}

export interface BlowInput {
  town: Town;
  appealId: string | null;
  kind: WhistleKind;
  title: string;
  description: string;
  departmentIds: readonly string[];
  leadDepartmentId: string;
  checkInDueAt?: Date | undefined;
  doneDueAt?: Date | undefined;
}

/**
 * Writes a whistle, one summons per department with its timers, the audit record and the
 * departments' notifications, in the caller's transaction. Shared by the town's endpoint and
 * the system's automatic whistle for 紧急 appeals.
 */
export async function blowCore(tx: Db, deps: Pick<AppealsDeps, "clock" | "timeZone">, wf: SummonsWorkflow, actor: Actor, input: BlowInput): Promise<string> {
  const now = deps.clock.now();
  const ids = [...new Set(input.departmentIds)];
  const depts = await repo.summonableDepartments(tx, input.town.path, ids);
  if (depts.length !== ids.length) throw fieldError("departmentIds", "whistle.departmentUnknown");
  if (!ids.includes(input.leadDepartmentId)) throw fieldError("leadDepartmentId", "whistle.leadNotSummoned");
  const defaults = defaultDeadlines(input.kind, now, deps.timeZone);
  const rules = defaultDeadlineRules(input.kind, deps.timeZone);
  // A default keeps its rule (a calendar change recomputes it); a time the town chose stays as chosen.
  const checkInRule = input.checkInDueAt ? null : rules.checkIn;
  const doneRule = input.doneDueAt ? null : rules.done;
  const checkInDueAt = input.checkInDueAt ?? defaults.checkInDueAt;
  const doneDueAt = input.doneDueAt ?? defaults.doneDueAt;
  if (checkInDueAt.getTime() <= now.getTime()) throw fieldError("checkInDueAt", "whistle.deadlinePast");
  if (doneDueAt.getTime() < checkInDueAt.getTime()) throw fieldError("doneDueAt", "whistle.doneBeforeCheckIn");
  const [w] = await tx
    .insert(whistles)
    .values({
      townId: input.town.id,
      path: input.town.path,
      appealId: input.appealId,
      kind: input.kind,
      title: input.title,
      description: input.description,
      status: "blown",
      blownBy: actorId(actor),
      doneDueAt,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: whistles.id });
  if (!w) throw new AppError("INTERNAL");
  const rows = await tx
    .insert(whistleSummons)
    .values(depts.map((d) => ({ whistleId: w.id, departmentId: d.id, path: input.town.path, lead: d.id === input.leadDepartmentId, status: "summoned" as const, checkInDueAt, doneDueAt, checkInRule, doneRule, createdAt: now, updatedAt: now })))
    .returning({ id: whistleSummons.id });
  for (const r of rows) {
    const entity = await repo.loadSummons(tx, r.id, false);
    if (entity) await startTimers(tx, wf, entity, now);
  }
  await writeAudit(tx, actor, deps.clock, [
    {
      action: "whistle.blow",
      entityType: "whistle",
      entityId: w.id,
      orgPath: input.town.path,
      after: { kind: input.kind, appealId: input.appealId, departments: ids, lead: input.leadDepartmentId, checkInDueAt: checkInDueAt.toISOString() },
    },
  ]);
  const params = { title: input.title, town: input.town.name, due: localStamp(checkInDueAt, deps.timeZone) };
  const text = translate("zh-CN", "notify.whistle.summoned", params);
  await repo.notifyDepartments(tx, now, ids, { kind: "whistle.summoned", title: text, body: input.description.slice(0, 200), entityType: "whistle", entityId: w.id });
  return w.id;
}

const DISPATCHABLE = new Set(["accepted", "inProgress", "escalated"]);

/** 吹哨 by a town: on an appeal (which moves to `dispatched` when it can) or on a standalone problem. */
export async function blowWhistle(
  deps: AppealsDeps,
  wf: SummonsWorkflow,
  appealWf: AppealWorkflow,
  actor: Actor,
  body: EndpointBody<typeof contract.blowWhistle>,
): Promise<WhistleDetail> {
  const id = await deps.db.transaction(async (tx) => {
    let town: Town | null;
    let appeal: appealsRepo.SummaryRow | null = null;
    if (body.appealId) {
      appeal = await appealsRepo.findSummary(tx, sql`a.id = ${body.appealId}`);
      if (!appeal) throw fieldError("appealId", "whistle.appealUnknown");
      authorize(actor, "appeal.read", appeal);
      if (["resolved", "closed", "rejected"].includes(appeal.status)) throw fieldError("appealId", "whistle.appealClosed");
      const path = appeal.path;
      town = await townOf(tx, sql`${path} LIKE path || '%'`);
      if (body.townId && town?.id !== body.townId) throw fieldError("townId", "whistle.townMismatch");
    } else {
      if (!body.townId) throw fieldError("townId", "whistle.townRequired");
      town = await townOf(tx, sql`id = ${body.townId}`);
    }
    if (!town) throw fieldError("townId", "whistle.townRequired");
    authorize(actor, "appeal.dispatch", town);
    const wid = await blowCore(tx, deps, wf, actor, {
      town,
      appealId: appeal?.id ?? null,
      kind: body.kind,
      title: body.title,
      description: body.description,
      departmentIds: body.departmentIds,
      leadDepartmentId: body.leadDepartmentId,
      checkInDueAt: body.checkInDueAt ? new Date(body.checkInDueAt) : undefined,
      doneDueAt: body.doneDueAt ? new Date(body.doneDueAt) : undefined,
    });
    if (appeal && DISPATCHABLE.has(appeal.status)) {
      await applyEvent(deps, appealWf, appeal.id, "dispatch", actor, { note: body.title }, tx);
    }
    return wid;
  });
  return whistleDetail(deps.db, actor, id);
}

export async function listWhistles(deps: AppealsDeps, actor: Actor, q: EndpointQuery<typeof contract.listWhistles>): Promise<{ items: WhistleSummary[]; total: number }> {
  const conds = [inScope(sql`w.path`, scopePaths(actor, "appeal.read"))];
  if (q.status) conds.push(sql`w.status = ${q.status}`);
  if (q.appealId) conds.push(sql`w.appeal_id = ${q.appealId}`);
  if (q.underId) conds.push(sql`w.path LIKE (SELECT path FROM org_units WHERE id = ${q.underId}) || '%'`);
  const { rows, total } = await repo.listWhistles(deps.db, sql.join(conds, sql` AND `), q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(toSummary), total };
}

/** The department view: summons of every department the user is staff of, inside its scope. */
export async function mySummons(deps: AppealsDeps, actor: Actor, q: EndpointQuery<typeof contract.mySummons>): Promise<{ items: Summons[]; total: number }> {
  if (actor.kind !== "user") return { items: [], total: 0 };
  const depts = actor.grants.filter((g) => g.departmentId && roleHasPermission(g.role, "dispatch.respond")).map((g) => g.departmentId as string);
  if (depts.length === 0) return { items: [], total: 0 };
  const conds = [sql`s.department_id IN (${sql.join(depts.map((d) => sql`${d}::uuid`), sql`, `)})`, inScope(sql`s.path`, scopePaths(actor, "dispatch.respond"))];
  if (q.status) conds.push(sql`s.status = ${q.status}`);
  const { rows, total } = await repo.listSummons(deps.db, sql.join(conds, sql` AND `), q.pageSize, (q.page - 1) * q.pageSize);
  const items = await Promise.all(rows.map(async (r) => toSummons(r, await eventsFor(deps.db, actor, r.id))));
  return { items, total };
}

export async function fireSummonsEvent(
  deps: AppealsDeps,
  wf: SummonsWorkflow,
  actor: Actor,
  id: string,
  body: EndpointBody<typeof contract.fireSummonsEvent>,
): Promise<WhistleDetail> {
  const s = await repo.loadSummons(deps.db, id, false);
  if (!s) throw new AppError("NOT_FOUND");
  authorize(actor, "appeal.read", s);
  const data = { ...(body.rating !== undefined ? { rating: body.rating } : {}), ...(body.reason ? { reason: body.reason } : {}) };
  await applyEvent(deps, wf, id, body.event, actor, { note: body.note ?? body.reason, data });
  return whistleDetail(deps.db, actor, s.whistleId);
}
