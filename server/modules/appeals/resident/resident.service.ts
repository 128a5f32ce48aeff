import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../../db/client.js";
import { appeals, appealCategories } from "../../../db/schema/index.js";
import { systemActor } from "../../../platform/actor.js";
import { AppError, fieldError } from "../../../platform/errors.js";
import { applyEvent, historyOf } from "../../../workflow/apply.js";
import { translate } from "../../../../common/i18n/index.js";
import { DESCRIPTION_MAX, MAX_PHOTOS, TRACKING_CODE } from "../../../../common/appeals.js";
import type { AppealsDeps } from "../appeals-deps.js";
import type { AppealWorkflow } from "../appeal-workflow.js";
import * as gridsRepo from "../grids.repo.js";
import { tokenIsCurrent } from "../signboards.service.js";
import { type IntakeGrid, type IntakeResult, type StoredAttachment } from "../intake.service.js";
import type { IntakeQueue } from "../intake-batch.js";
import { acceptPhoto, acceptVoice } from "./upload-errors.js";
import { verifiedTokenCache, type TokenCheck } from "./token-cache.js";
import { batchedLoader } from "../../../platform/batched-loader.js";
import type { FormModel, TrackModel } from "./pages.js";

const zh = (key: string, params?: Record<string, string | number>) => translate("zh-CN", key, params);

/** The grid a signboard link names, if its token is the current print's; else a coded error. */
export async function gridForToken(deps: AppealsDeps, code: string, token: string): Promise<gridsRepo.GridRow> {
  const grid = /^\d{15}$/.test(code) ? await gridsRepo.findGridByCode(deps.db, code) : null;
  return checkToken(deps, grid, token);
}

type IntakeGridRow = gridsRepo.IntakeGridRow;

/**
 * Remembers grids for the report POST (the hot path) for `ttlMs`, so a burst of reports does not
 * queue a lookup each behind the filing transaction. A rotated token or a retired grid therefore
 * takes up to `ttlMs` to stop working for reports (the form page itself always reads afresh).
 * Misses are looked up together (batchedLoader): with a few thousand grids nearly every report
 * misses, and one statement per report was most of what PGlite ran at 400 reports a second.
 */
export function intakeGridCache(ttlMs = 10_000) {
  // The pending lookup is cached too, so a burst that misses together shares one query.
  const cache = new Map<string, { grid: Promise<IntakeGridRow | null>; at: number }>();
  const verify = verifiedTokenCache();
  let load: ((code: string) => Promise<IntakeGridRow | undefined>) | null = null;
  return async (deps: AppealsDeps, code: string, token: string): Promise<IntakeGridRow> => {
    const now = deps.clock.now().getTime();
    let hit = cache.get(code);
    if (!hit || now - hit.at > ttlMs || now < hit.at) {
      // Made on first use: the routes register one cache per app, so `deps` is the same each call.
      load ??= batchedLoader((codes: string[]) => gridsRepo.findIntakeGrids(deps.db, codes));
      const grid = /^\d{15}$/.test(code) ? load(code).then((g) => g ?? null) : Promise.resolve(null);
      hit = { grid, at: now };
      if (cache.size > 10_000) cache.clear();
      cache.set(code, hit);
      grid.catch(() => cache.delete(code));
    }
    return checkToken(deps, await hit.grid, token, verify);
  };
}

function checkToken<G extends { code: string; signboard_version: number }>(deps: AppealsDeps, grid: G | null, token: string, verify: TokenCheck = tokenIsCurrent): G {
  if (!grid) throw new AppError("NOT_FOUND", { message: { key: "signboard.badGrid" } });
  if (!verify(deps.secret, grid.code, grid.signboard_version, token)) throw new AppError("FORBIDDEN", { message: { key: "signboard.badToken" } });
  return grid;
}

export async function formModel(deps: AppealsDeps, grid: gridsRepo.GridRow, token: string): Promise<FormModel> {
  const cats = await deps.db.select().from(appealCategories).where(sql`${appealCategories.disabledAt} IS NULL`).orderBy(appealCategories.sort);
  return {
    gridCode: grid.code,
    gridName: grid.name,
    villageName: grid.village_name,
    townName: grid.town_name,
    token,
    idempotencyKey: randomUUID(),
    categories: cats.map((c) => ({ id: c.id, name: c.name, scaleLabel: zh(`scale.${c.scale}`) })),
  };
}

/** What the multipart form carried, files already buffered (each at most the part limit). */
export interface SubmittedForm {
  fields: Record<string, string>;
  photos: Uint8Array[];
  voice: Uint8Array | null;
}

/**
 * A resident's report: honeypot, per-grid limit, field checks, uploads checked by content and
 * cleaned of GPS metadata (unless the resident opted in), stored, then one transaction files it.
 */
export async function submitReport(deps: AppealsDeps, queue: IntakeQueue, grid: IntakeGrid, form: SubmittedForm, limits: { perGridPerHour: number; device?: string }): Promise<IntakeResult> {
  const f = form.fields;
  if (f.website) throw new AppError("VALIDATION", { message: { key: "intake.spam" } });
  const key = f.key && /^[A-Za-z0-9-]{8,64}$/.test(f.key) ? f.key : undefined;
  const now = deps.clock.now();
  const description = (f.description ?? "").trim();
  if (description.length < 2 || description.length > DESCRIPTION_MAX) throw fieldError("description", "error.VALIDATION");
  if (!f.category || !/^[0-9a-f-]{36}$/i.test(f.category)) throw fieldError("categoryId", "appeal.categoryUnknown");
  const lat = f.lat ? Number(f.lat) : NaN;
  const lng = f.lng ? Number(f.lng) : NaN;
  const location = Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
  if (form.photos.length > MAX_PHOTOS) throw fieldError("photo", "upload.tooMany", { max: MAX_PHOTOS });
  const keepLocation = f.keepLocation === "1";
  const attachments: { kind: "photo" | "voice"; bytes: Uint8Array; type: string }[] = [];
  for (const p of form.photos) attachments.push({ kind: "photo", ...acceptPhoto(p, keepLocation) });
  if (form.voice) attachments.push({ kind: "voice", ...acceptVoice(form.voice) });
  // Files land before the transaction (a failed insert must never leave a reference to a
  // missing file); whatever is stored for a submit that is then refused — a limit, a repeated
  // idempotency key (the first submit's files are the ones attached), a check in the filing
  // transaction — is removed again, so no file outlives its report.
  const stored: StoredAttachment[] = [];
  try {
    for (const a of attachments) {
      const fileKey = `appeals/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
      const { size, sha256 } = await deps.files.put(fileKey, a.bytes);
      stored.push({ kind: a.kind, fileKey, mimeType: a.type, size, sha256, keepsLocation: a.kind === "photo" && keepLocation });
    }
    const r = await queue.file(
      systemActor("resident"),
      {
        grid,
        channel: "resident",
        categoryId: f.category,
        description,
        locationText: f.locationText?.trim().slice(0, 200) || undefined,
        location,
        phone: f.phone?.trim() || undefined,
        consent: f.consent === "1",
        idempotencyKey: key,
        attachments: stored,
      },
      limits,
    );
    if (r.duplicate) await removeStored(deps, stored);
    return r;
  } catch (err) {
    await removeStored(deps, stored);
    throw err;
  }
}

/** Best effort: a file that cannot be removed now must not turn the resident's answer into a 500. */
async function removeStored(deps: AppealsDeps, stored: readonly StoredAttachment[]): Promise<void> {
  await Promise.allSettled(stored.map((s) => deps.files.remove(s.fileKey)));
}

const STEP_LABEL: Record<string, string> = {
  accept: "已受理，承办人员将与您联系",
  start: "正在办理",
  resolve: "已办结",
  confirm: "您已确认办结",
  autoClose: "办结后未反馈，自动完结",
  reopen: "已申请重办",
  return: "重新办理",
  escalate: "已上报上级",
  dispatch: "已召集相关部门协同办理",
  reject: "不予受理",
  transfer: "已转交承办单位",
  extend: "经批准延长办理时限",
};
const PUBLIC_NOTES = new Set(["resolve", "reject"]);

function when(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
}

interface TrackRow {
  id: string;
  tracking_code: string;
  status: string;
  category_name: string;
  description: string;
  created_at: Date | string;
  handling_level: string;
  handling_name: string;
  due_at: Date | string | null;
  resolution: string | null;
  reject_reason: string | null;
  satisfaction: number | null;
  reopens: number;
}

/** The public progress page of one appeal: statuses and times, never officials' names or phones. */
export async function trackModel(deps: AppealsDeps, code: string, isNew: boolean): Promise<TrackModel> {
  const upper = code.toUpperCase();
  if (!TRACKING_CODE.test(upper)) throw new AppError("NOT_FOUND", { message: { key: "error.NOT_FOUND" } });
  const [a] = await queryRows<TrackRow>(
    deps.db,
    sql`SELECT a.id, a.tracking_code, a.status, c.name AS category_name, a.description, a.created_at, a.handling_level, u.name AS handling_name,
               a.due_at, a.resolution, a.reject_reason, a.satisfaction, a.reopens
        FROM appeals a JOIN appeal_categories c ON c.id = a.category_id JOIN org_units u ON u.id = a.handling_unit_id
        WHERE a.tracking_code = ${upper}`,
  );
  if (!a) throw new AppError("NOT_FOUND", { message: { key: "error.NOT_FOUND" } });
  const history = await historyOf(deps.db, "appeal", a.id);
  const tz = deps.timeZone;
  const open = !["resolved", "closed", "rejected"].includes(a.status);
  return {
    code: a.tracking_code,
    statusLabel: zh(`status.${a.status}`),
    categoryName: a.category_name,
    description: a.description,
    createdAt: when(new Date(a.created_at), tz),
    handlingLabel: `${a.handling_name}（${zh(`level.${a.handling_level}`)}）`,
    dueAt: open && a.due_at ? when(new Date(a.due_at), tz) : null,
    resolution: a.resolution,
    rejectReason: a.reject_reason,
    steps: [
      { at: when(new Date(a.created_at), tz), label: "已提交", note: null },
      ...history.map((h) => ({ at: when(h.at, tz), label: STEP_LABEL[h.event] ?? h.event, note: PUBLIC_NOTES.has(h.event) ? h.note : null })),
    ],
    canRate: a.status === "resolved",
    canReopen: (a.status === "resolved" || a.status === "closed") && a.reopens < 1,
    satisfaction: a.satisfaction,
    isNew,
  };
}

/** The resident confirms (with a 1–5 rating) or asks to reopen once; both are workflow events. */
export async function residentFeedback(deps: AppealsDeps, wf: AppealWorkflow, code: string, fields: Record<string, string>): Promise<void> {
  const upper = code.toUpperCase();
  const [a] = TRACKING_CODE.test(upper) ? await deps.db.select({ id: appeals.id }).from(appeals).where(eq(appeals.trackingCode, upper)) : [];
  if (!a) throw new AppError("NOT_FOUND");
  const actor = systemActor("resident");
  if (fields.action === "confirm") {
    const score = Number(fields.satisfaction);
    if (!Number.isInteger(score) || score < 1 || score > 5) throw fieldError("satisfaction", "appeal.badSatisfaction");
    const feedback = (fields.feedback ?? "").trim().slice(0, 500) || null;
    await deps.db.transaction(async (tx) => {
      await applyEvent(deps, wf, a.id, "confirm", actor, { note: `满意度 ${score}` }, tx);
      await tx.update(appeals).set({ satisfaction: score, feedback }).where(eq(appeals.id, a.id));
    });
    return;
  }
  if (fields.action === "reopen") {
    const reason = (fields.reason ?? "").trim().slice(0, 500);
    if (reason.length < 2) throw fieldError("reason", "appeal.reasonRequired");
    await applyEvent(deps, wf, a.id, "reopen", actor, { note: reason });
    return;
  }
  throw fieldError("action", "error.VALIDATION");
}
