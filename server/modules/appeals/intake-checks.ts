/**
 * The pure decisions of filing an appeal, shared by every channel (residents' page, 代办,
 * 主动发现, Open311) through the one filing path in intake.service.ts: who handles it first,
 * whether a phone needs consent, whether a grid's hourly limit is spent, what the audit says.
 * No I/O here, so each rule is unit-tested on its own (intake-checks.test.ts).
 */
import { AppError, fieldError } from "../../platform/errors.js";
import type { AppealChannel, HandlingLevel } from "../../../common/appeals.js";

export interface Handler {
  id: string;
  path: string;
  level: HandlingLevel;
}

/** What the first-handler rule needs of a grid. */
export interface HandlerGrid {
  id: string;
  path: string;
  village_id: string;
  village_path: string;
  worker_count: number | string;
}

/**
 * Who handles a new appeal first: its grid when the grid has workers, else the grid's village
 * (nobody waits on an empty rung); a grid-less Open311 request goes to the unit its key names.
 * Null when there is neither (the caller answers `appeal.gridUnknown`).
 */
export function firstHandler(grid: HandlerGrid | null, unit?: Handler): Handler | null {
  if (grid) return Number(grid.worker_count) > 0 ? { id: grid.id, path: grid.path, level: "grid" } : { id: grid.village_id, path: grid.village_path, level: "village" };
  return unit ?? null;
}

/** A phone is kept only with the resident's consent (PIPL); null when the report may go on. */
export function consentProblem(hasPhone: boolean, consent: boolean | undefined): AppError | null {
  return hasPhone && !consent ? fieldError("consent", "appeal.consentRequired") : null;
}

/** The coded 429 of every intake limit (per device, per grid), zh-CN / en in common/i18n. */
export function rateLimited(): AppError {
  return new AppError("RATE_LIMITED", { message: { key: "intake.rateLimited" } });
}

/**
 * The per-grid hourly limit inside one batch: `used` holds each grid's count of the last hour
 * (from the database) and is bumped for each report let through, so a burst on one grid cannot
 * all pass on the same stale count. False when the report must be refused.
 */
export function takeGridSlot(used: Map<string, number>, gridId: string, perHour: number): boolean {
  const n = used.get(gridId) ?? 0;
  if (n >= perHour) return false;
  used.set(gridId, n + 1);
  return true;
}

/** The audit record's `after` of a filing: never the phone number itself, only its mask. */
export function fileAuditAfter(a: {
  channel: AppealChannel;
  categoryCode: string;
  gridCode: string | null;
  handlingLevel: HandlingLevel;
  photos: number;
  phoneMasked: string | null;
}): Record<string, unknown> {
  return { channel: a.channel, category: a.categoryCode, gridCode: a.gridCode, handlingLevel: a.handlingLevel, photos: a.photos, phone: a.phoneMasked };
}
