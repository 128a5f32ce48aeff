import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { roleHasPermission } from "../../../common/roles.js";
import { appealAttachments, appealCategories, appealExtensions } from "../../db/schema/index.js";
import { authorize, can, scopePaths } from "../../authz/policy.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { applyEvent, historyOf } from "../../workflow/apply.js";
import { availableEvents } from "../../workflow/machine.js";
import type { AppealDetail, AppealSummary } from "../../../common/contract/appeals.contract.js";
import type { FileDownload } from "../../../common/contract/endpoint.js";
import type { AppealChannel, AppealEvent, AppealScale, AppealStatus } from "../../../common/appeals.js";
import { DUE_RECOMPUTED_EVENT } from "../../../common/appeals.js";
import { APPEAL_PHONE_CONTEXT, type AppealsDeps } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import { supervises } from "./appeal-machine.js";
import * as repo from "./appeals.repo.js";
import { loadGrid } from "./grids.service.js";
import { fileAppealCore } from "./intake.service.js";

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toSummary(r: repo.SummaryRow): AppealSummary {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    status: r.status,
    channel: r.channel as AppealChannel,
    categoryName: r.category_name,
    scale: r.scale as AppealScale,
    gridId: r.grid_id,
    gridName: r.grid_name,
    villageName: r.village_name,
    handlingUnitId: r.handling_unit_id,
    handlingUnitName: r.handling_unit_name,
    handlingLevel: r.handling_level,
    description: r.description,
    phoneMasked: r.phone_masked,
    dueAt: iso(r.due_at),
    warning: r.warning,
    escalations: r.escalations,
    createdAt: iso(r.created_at) ?? "",
  };
}

/** Loads an appeal the actor may read; NOT_FOUND outside its scope (ids cannot be probed). */
export async function readable(db: Db, actor: Actor, id: string): Promise<repo.SummaryRow> {
  const row = await repo.findSummary(db, sql`a.id = ${id}`);
  if (!row) throw new AppError("NOT_FOUND");
  authorize(actor, "appeal.read", row);
  return row;
}

/** The detail screen: the appeal, its timeline, attachments, extensions and what the user may do. */
export async function appealDetail(db: Db, wf: AppealWorkflow, actor: Actor, id: string): Promise<AppealDetail> {
  const row = await readable(db, actor, id);
  const entity = await repo.loadEntity(db, id, false);
  if (!entity) throw new AppError("NOT_FOUND");
  const [history, files, extensions, town] = await Promise.all([
    historyOf(db, "appeal", id),
    db.select().from(appealAttachments).where(eq(appealAttachments.appealId, id)),
    db.select().from(appealExtensions).where(eq(appealExtensions.appealId, id)).orderBy(appealExtensions.createdAt),
    repo.unitAtLevel(db, row.path, "town"),
  ]);
  const events = availableEvents(wf.transitions, entity, actor).filter((e) => e !== "extend");
  return {
    ...toSummary(row),
    townId: town?.id ?? null,
    locationText: row.location_text,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    resolution: row.resolution,
    rejectReason: row.reject_reason,
    satisfaction: row.satisfaction,
    feedback: row.feedback,
    reopens: row.reopens,
    attachments: files.map((f) => ({ id: f.id, kind: f.kind, mimeType: f.mimeType, size: f.size })),
    extensions: extensions.map((x) => ({ id: x.id, workingDays: x.workingDays, reason: x.reason, status: x.status, createdAt: x.createdAt.toISOString() })),
    timeline: history.map((h) => ({
      at: h.at.toISOString(),
      event: h.event,
      fromState: h.fromState,
      toState: h.toState,
      actorName: h.actorName,
      actorUsername: h.actorUsername,
      note: h.note,
      dueMove: dueMoveOf(h.event, h.data),
    })),
    abilities: {
      events,
      unmask: row.phone_cipher !== null && can(actor, "appeal.handle", row),
      decideExtension: actor.kind === "user" && entity.pendingExtensionId !== null && supervises(actor, entity),
      attach: row.status !== "closed" && row.status !== "rejected" && can(actor, "appeal.handle", row),
    },
  };
}

export type QueueName = "all" | "mine" | "dueSoon" | "overdue";

/** The work queue: everything in scope, mine (handled at my units), due within 24 h, or overdue. */
export async function listAppeals(
  deps: AppealsDeps,
  actor: Actor,
  q: { queue: QueueName; status?: AppealStatus | undefined; underId?: string | undefined; open?: boolean | undefined; page: number; pageSize: number },
): Promise<{ items: AppealSummary[]; total: number }> {
  const now = deps.clock.now();
  let underPath: string | undefined;
  if (q.underId) {
    const [u] = await queryRows<{ path: string }>(deps.db, sql`SELECT path FROM org_units WHERE id = ${q.underId}`);
    if (!u) throw new AppError("NOT_FOUND");
    authorize(actor, "appeal.read", u);
    underPath = u.path;
  }
  const mine = actor.kind === "user" ? actor.grants.filter((g) => roleHasPermission(g.role, "appeal.handle")).map((g) => g.orgUnitId) : [];
  const { rows, total } = await repo.listSummaries(deps.db, {
    scopePaths: scopePaths(actor, "appeal.read"),
    handlingUnitIds: q.queue === "mine" ? mine : undefined,
    dueBefore: q.queue === "overdue" ? now : q.queue === "dueSoon" ? new Date(now.getTime() + 24 * 3600_000) : undefined,
    dueAfter: q.queue === "dueSoon" ? now : undefined,
    status: q.status,
    open: q.queue === "mine" ? (q.open ?? true) : q.open,
    underPath,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(toSummary), total };
}

/** 代办 / 主动发现: a grid worker (or anyone handling the grid) files an appeal. */
export async function fileAppeal(
  deps: AppealsDeps,
  wf: AppealWorkflow,
  actor: Actor,
  body: {
    channel: "onBehalf" | "patrol";
    gridId: string;
    categoryId: string;
    description: string;
    locationText?: string | undefined;
    location?: { lng: number; lat: number } | undefined;
    phone?: string | undefined;
    consent?: boolean | undefined;
    idempotencyKey?: string | undefined;
  },
): Promise<AppealDetail> {
  const grid = await loadGrid(deps.db, actor, body.gridId, "grid.read");
  authorize(actor, "appeal.handle", grid);
  const r = await fileAppealCore(deps, wf, actor, { ...body, grid, filedBy: actor.kind === "user" ? actor.userId : null });
  return appealDetail(deps.db, wf, actor, r.id);
}

/** Applies a user's workflow event; the table, the actor and the guard decide. */
export async function fireEvent(
  deps: AppealsDeps,
  wf: AppealWorkflow,
  actor: Actor,
  id: string,
  body: { event: AppealEvent; note?: string | undefined; reason?: string | undefined; unitId?: string | undefined },
): Promise<AppealDetail> {
  await readable(deps.db, actor, id);
  const data = { ...(body.reason ? { reason: body.reason } : {}), ...(body.unitId ? { unitId: body.unitId } : {}) };
  await applyEvent(deps, wf, id, body.event, actor, { note: body.note ?? body.reason, data });
  return appealDetail(deps.db, wf, actor, id);
}

/** 延期: the handler asks for more working days; the level above decides. */
export async function requestExtension(
  deps: AppealsDeps,
  wf: AppealWorkflow,
  actor: Actor,
  id: string,
  body: { workingDays: number; reason: string },
): Promise<AppealDetail> {
  await deps.db.transaction(async (tx) => {
    const e = await repo.loadEntity(tx, id, true);
    if (!e) throw new AppError("NOT_FOUND");
    authorize(actor, "appeal.handle", { path: e.handlingPath });
    if (actor.kind !== "user") throw new AppError("FORBIDDEN");
    if (!["accepted", "inProgress", "returned", "dispatched"].includes(e.status)) {
      throw new AppError("INVALID_TRANSITION", { message: { key: "workflow.invalidTransition", params: { event: "event.extend", status: `status.${e.status}` } } });
    }
    if (e.pendingExtensionId) throw new AppError("CONFLICT", { message: { key: "appeal.extensionPending" } });
    const [x] = await tx
      .insert(appealExtensions)
      .values({ appealId: id, requestedBy: actor.userId, workingDays: body.workingDays, reason: body.reason, status: "pending", createdAt: deps.clock.now() })
      .returning({ id: appealExtensions.id });
    await writeAudit(tx, actor, deps.clock, [
      { action: "appeal.requestExtension", entityType: "appeal", entityId: id, orgPath: e.path, after: { extensionId: x?.id, workingDays: body.workingDays, reason: body.reason } },
    ]);
  });
  return appealDetail(deps.db, wf, actor, id);
}

/** Approve (the `extend` event: the deadline moves, timers restart) or deny a pending extension. */
export async function decideExtension(
  deps: AppealsDeps,
  wf: AppealWorkflow,
  actor: Actor,
  id: string,
  extensionId: string,
  body: { approve: boolean; note?: string | undefined },
): Promise<AppealDetail> {
  await deps.db.transaction(async (tx) => {
    const e = await repo.loadEntity(tx, id, true);
    if (!e) throw new AppError("NOT_FOUND");
    authorize(actor, "appeal.read", e);
    if (e.pendingExtensionId !== extensionId) throw new AppError("NOT_FOUND", { message: { key: "appeal.extensionNotFound" } });
    if (actor.kind !== "user" || !supervises(actor, e)) throw new AppError("FORBIDDEN", { message: { key: "appeal.extensionOwn" } });
    if (body.approve) {
      await applyEvent(deps, wf, id, "extend", actor, { note: body.note, data: { extensionId } }, tx);
      return;
    }
    await tx
      .update(appealExtensions)
      .set({ status: "denied", decidedBy: actor.userId, decidedAt: deps.clock.now() })
      .where(and(eq(appealExtensions.id, extensionId), eq(appealExtensions.status, "pending")));
    await writeAudit(tx, actor, deps.clock, [
      { action: "appeal.denyExtension", entityType: "appeal", entityId: id, orgPath: e.path, after: { extensionId, note: body.note ?? null } },
    ]);
  });
  return appealDetail(deps.db, wf, actor, id);
}

/** The reporter's full phone: needs appeal.handle over the appeal and a reason; always audited. */
export async function unmaskPhone(deps: AppealsDeps, actor: Actor, id: string, reason: string): Promise<{ phone: string | null }> {
  return deps.db.transaction(async (tx) => {
    const row = await readable(tx, actor, id);
    authorize(actor, "appeal.handle", row);
    const phone = row.phone_cipher ? deps.pii.decrypt(row.phone_cipher, APPEAL_PHONE_CONTEXT) : null;
    await writeAudit(tx, actor, deps.clock, [{ action: "appeal.unmask", entityType: "appeal", entityId: id, orgPath: row.path, after: { reason } }]);
    return { phone };
  });
}

export async function downloadAttachment(deps: AppealsDeps, actor: Actor, id: string, attachmentId: string): Promise<FileDownload> {
  await readable(deps.db, actor, id);
  const [f] = await deps.db
    .select()
    .from(appealAttachments)
    .where(and(eq(appealAttachments.id, attachmentId), eq(appealAttachments.appealId, id)));
  if (!f) throw new AppError("NOT_FOUND");
  const stream = await deps.files.get(f.fileKey);
  if (!stream) throw new AppError("NOT_FOUND");
  const ext = f.mimeType.split("/")[1] ?? "bin";
  return { fileName: `${f.kind}-${f.id}.${ext}`, contentType: f.mimeType, body: stream };
}

export async function listCategories(db: Db) {
  const rows = await db.select().from(appealCategories).where(sql`${appealCategories.disabledAt} IS NULL`).orderBy(appealCategories.sort);
  return { items: rows.map((c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, scale: c.scale })) };
}

/** The old and new due time a `recomputeDue` history row carries (appeal-workflow.ts deadlinesMoved). */
function dueMoveOf(event: string, data: unknown): { from: string; to: string } | null {
  if (event !== DUE_RECOMPUTED_EVENT || typeof data !== "object" || data === null) return null;
  const { dueFrom, dueTo } = data as { dueFrom?: unknown; dueTo?: unknown };
  return typeof dueFrom === "string" && typeof dueTo === "string" ? { from: dueFrom, to: dueTo } : null;
}
