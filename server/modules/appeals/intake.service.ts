import { randomInt } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { appealAttachments, appealCategories, appeals } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { startTimers } from "../../workflow/apply.js";
import { TRACKING_ALPHABET, type AppealChannel, type HandlingLevel } from "../../../common/appeals.js";
import { APPEAL_PHONE_CONTEXT, protectPhone, type AppealsDeps } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import type { AppealEntity } from "./appeal-machine.js";
import * as repo from "./appeals.repo.js";
import type { GridRow } from "./grids.repo.js";
import { currentDeadline } from "./deadlines.js";
import { notifyUnits } from "./notify.js";
import { autoWhistleForAppeal } from "./whistle/whistle-auto.js";
import { summonsWorkflow } from "./whistle/whistle-workflow.js";

/** A tracking code residents can read out by phone: 10 characters, ~49 bits, no look-alikes. */
export function newTrackingCode(): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return s;
}

/** A file already written to the FileStore, to be attached to the new appeal. */
export interface StoredAttachment {
  kind: "photo" | "voice";
  fileKey: string;
  mimeType: string;
  size: number;
  sha256: string;
  keepsLocation: boolean;
}

/** What filing needs of the grid (the residents' page loads only this). */
export type IntakeGrid = Pick<GridRow, "id" | "code" | "path" | "village_id" | "village_path" | "worker_count">;

export interface IntakeInput {
  /** null for an Open311 request no grid centre is near: it is filed at `unit` (a town, or the district as 兜底). */
  grid: IntakeGrid | null;
  unit?: { id: string; path: string; level: HandlingLevel } | undefined;
  channel: AppealChannel;
  categoryId: string;
  description: string;
  locationText?: string | undefined;
  location?: { lng: number; lat: number } | undefined;
  phone?: string | undefined;
  consent?: boolean | undefined;
  idempotencyKey?: string | undefined;
  filedBy?: string | null | undefined;
  attachments?: StoredAttachment[] | undefined;
}

export interface IntakeResult {
  id: string;
  trackingCode: string;
  /** True when the idempotency key had already created this appeal (a retried submit). */
  duplicate: boolean;
}

/**
 * Files an appeal (residents' page, 代办, 主动发现, Open311): one transaction with its timers,
 * attachments, audit record and the notification of the grid's handlers. A grid without
 * workers starts at its village, so nobody waits on an empty rung. A repeated idempotency key
 * returns the first appeal instead of creating a second.
 */
export async function fileAppealCore(deps: AppealsDeps, wf: AppealWorkflow, actor: Actor, input: IntakeInput): Promise<IntakeResult> {
  const phone = input.phone ? protectPhone(deps.pii, input.phone, APPEAL_PHONE_CONTEXT) : null;
  if (phone && !input.consent) throw fieldError("consent", "appeal.consentRequired");
  return deps.db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const [dup] = await tx.select({ id: appeals.id, trackingCode: appeals.trackingCode }).from(appeals).where(eq(appeals.idempotencyKey, input.idempotencyKey));
      if (dup) return { ...dup, duplicate: true };
    }
    const [category] = await tx
      .select()
      .from(appealCategories)
      .where(and(eq(appealCategories.id, input.categoryId), isNull(appealCategories.disabledAt)));
    if (!category) throw fieldError("categoryId", "appeal.categoryUnknown");
    const handler = input.grid ? firstHandler(input.grid) : input.unit;
    if (!handler) throw fieldError("gridId", "appeal.gridUnknown");
    const gridId = input.grid?.id ?? null;
    const origin = input.grid?.path ?? handler.path;
    const now = deps.clock.now();
    const rules = await repo.rulesFor(tx, category.id, category.scale, handler.level);
    const deadline = currentDeadline({ status: "submitted", enteredAt: now, acceptedAt: null, rules, extensionDays: 0 }, deps.timeZone);
    const [row] = await tx
      .insert(appeals)
      .values({
        trackingCode: newTrackingCode(),
        gridId,
        path: origin,
        handlingUnitId: handler.id,
        handlingLevel: handler.level,
        handlingPath: handler.path,
        categoryId: category.id,
        scale: category.scale,
        status: "submitted",
        channel: input.channel,
        description: input.description,
        locationText: input.locationText ?? null,
        lng: input.location?.lng ?? null,
        lat: input.location?.lat ?? null,
        ...(phone ? { ...phone, consentAt: now } : {}),
        filedBy: input.filedBy ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        stage: deadline?.stage ?? null,
        dueAt: deadline?.dueAt ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: appeals.idempotencyKey })
      .returning({ id: appeals.id, trackingCode: appeals.trackingCode });
    if (!row) {
      // Two submits with one key raced: the other transaction won; answer with its appeal.
      const [dup] = await tx.select({ id: appeals.id, trackingCode: appeals.trackingCode }).from(appeals).where(eq(appeals.idempotencyKey, input.idempotencyKey ?? ""));
      if (!dup) throw new AppError("CONFLICT");
      return { ...dup, duplicate: true };
    }
    if (input.attachments?.length) {
      await tx.insert(appealAttachments).values(input.attachments.map((a) => ({ ...a, appealId: row.id, createdAt: now })));
    }
    const entity: AppealEntity = {
      id: row.id,
      status: "submitted",
      path: origin,
      trackingCode: row.trackingCode,
      gridId,
      handlingUnitId: handler.id,
      handlingLevel: handler.level,
      handlingPath: handler.path,
      categoryName: category.name,
      scale: category.scale,
      description: input.description,
      reopens: 0,
      escalations: 0,
      acceptedAt: null,
      enteredAt: now,
      extensionDays: 0,
      pendingExtensionId: null,
      rules,
    };
    await startTimers(tx, wf, entity, now);
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "appeal.file",
        entityType: "appeal",
        entityId: row.id,
        orgPath: origin,
        after: { channel: input.channel, category: category.code, gridCode: input.grid?.code ?? null, handlingLevel: handler.level, photos: input.attachments?.length ?? 0, phone: phone ? phone.phoneMasked : null },
      },
    ]);
    await notifyUnits(tx, deps.clock, [handler.id], {
      kind: "appeal.new",
      titleKey: "notify.new.title",
      bodyKey: "notify.escalated.body",
      params: { code: row.trackingCode, category: category.name, text: input.description.slice(0, 60) },
      entityType: "appeal",
      entityId: row.id,
    });
    // 紧急: the system blows the whistle to the town's configured departments (PRACTICE §6.6).
    if (category.scale === "urgent") await autoWhistleForAppeal(tx, deps, summonsWorkflow(), { id: row.id, path: origin, trackingCode: row.trackingCode, categoryName: category.name, description: input.description });
    return { ...row, duplicate: false };
  });
}

function firstHandler(grid: IntakeGrid): { id: string; path: string; level: HandlingLevel } {
  if (Number(grid.worker_count) > 0) return { id: grid.id, path: grid.path, level: "grid" };
  return { id: grid.village_id, path: grid.village_path, level: "village" };
}

/** Appeals filed on one grid since `since` (the per-grid intake limit, shared by every process). */
export async function recentOnGrid(db: Db, gridId: string, since: Date): Promise<number> {
  const [r] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM appeals WHERE grid_id = ${gridId} AND created_at >= ${since}`);
  return Number(r?.n ?? 0);
}
