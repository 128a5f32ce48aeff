import { randomInt, randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { appealAttachments, appeals } from "../../db/schema/index.js";
import { actorName, type Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { startTimersMany } from "../../workflow/apply.js";
import { TRACKING_ALPHABET, type AppealChannel, type HandlingLevel } from "../../../common/appeals.js";
import { APPEAL_PHONE_CONTEXT, protectPhone, type AppealsDeps, type ProtectedPhone } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import type { AppealEntity } from "./appeal-machine.js";
import type { GridRow } from "./grids.repo.js";
import { currentDeadline } from "./deadlines.js";
import { consentProblem, fileAuditAfter, firstHandler, rateLimited, takeGridSlot } from "./intake-checks.js";
import type { DeviceLimit } from "../../platform/rate-buckets.js";
import { batchLookups, rulesKey, type Rules } from "./intake-lookups.js";
import { gridTally, type LedgerTicket } from "./intake-ledger.js";
import { notifyMany } from "./notify.js";
import { insertAppeals } from "./intake-insert.js";
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

/** An intake that has its grid (everything but Open311's gridless requests). */
export type GridIntakeInput = IntakeInput & { grid: IntakeGrid };

export interface IntakeResult {
  id: string;
  trackingCode: string;
  /** True when the idempotency key had already created this appeal (a retried submit). */
  duplicate: boolean;
}

/** One report for `fileMany`: who files it, what, and the per-grid hourly limit if it applies. */
export interface IntakeItem {
  actor: Actor;
  input: IntakeInput;
  /** The residents' page's per-grid limit, counted inside the filing transaction. */
  perGridPerHour?: number | undefined;
  /** The residents' device key (cookie, else address): its bucket is taken from in the same transaction. */
  device?: string | undefined;
}

/**
 * Files an appeal (代办, 主动发现, Open311): `fileMany` with one item; its refusal is thrown.
 */
export async function fileAppealCore(deps: AppealsDeps, wf: AppealWorkflow, actor: Actor, input: IntakeInput): Promise<IntakeResult> {
  const [r] = await fileMany(deps, wf, [{ actor, input }]);
  if (!r) throw new AppError("INTERNAL");
  if (r instanceof AppError) throw r;
  return r;
}

interface Fresh {
  item: IntakeItem;
  phone: ProtectedPhone | null;
  categoryCode: string;
  entity: AppealEntity;
  row: typeof appeals.$inferInsert;
}

/**
 * The one filing path: one transaction with the appeals, their attachments, timers, audit
 * records and the notification of their first handlers — the same handful of statements
 * (multi-row inserts, one audit append per actor) for 1 or 100 reports. Each report gets its own
 * answer, in order: its appeal, or the coded error that refused it (bad phone, no consent,
 * unknown category, grid limit spent). A repeated idempotency key — an earlier submit, the same
 * key twice in the batch, or another process's concurrent insert — answers with the first appeal.
 * With `ticket`, the grid counts include the appeals other batches in flight are filing (intake-ledger.ts).
 */
export async function fileMany(deps: AppealsDeps, wf: AppealWorkflow, items: readonly IntakeItem[], deviceLimit?: DeviceLimit, ticket?: LedgerTicket): Promise<(IntakeResult | AppError)[]> {
  const results: (IntakeResult | AppError | undefined)[] = new Array(items.length);
  const phones = items.map((item, i) => {
    try {
      const phone = item.input.phone ? protectPhone(deps.pii, item.input.phone, APPEAL_PHONE_CONTEXT) : null;
      const problem = consentProblem(phone !== null, item.input.consent);
      if (problem) results[i] = problem;
      return phone;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results[i] = err;
      return null;
    }
  });
  const live = items.map((_, i) => i).filter((i) => results[i] === undefined);
  if (live.length === 0) return results as (IntakeResult | AppError)[];
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const liveItems = live.map((i) => items[i] as IntakeItem);
    // Device tokens, grid counts, known keys, categories and deadline rules: one statement.
    const pairs = new Map<string, { categoryId: string; level: HandlingLevel }>();
    for (const item of liveItems) {
      const h = firstHandler(item.input.grid, item.input.unit);
      if (h) pairs.set(rulesKey(item.input.categoryId, h.level), { categoryId: item.input.categoryId, level: h.level });
    }
    ticket?.lookupStarting();
    const found = await batchLookups(tx, {
      wanted: deviceWanted(liveItems, deviceLimit),
      limit: deviceLimit,
      gridIds: [...new Set(liveItems.filter((i) => i.perGridPerHour !== undefined && i.input.grid).map((i) => i.input.grid?.id as string))],
      keys: [...new Set(liveItems.map((i) => i.input.idempotencyKey).filter((k): k is string => !!k))],
      categoryIds: [...new Set(liveItems.map((i) => i.input.categoryId))],
      pairs: [...pairs.values()],
      now,
    });
    const tokens = found.tokens;
    const used = found.used;
    // From here to ticket.reserve nothing awaits: the decisions and the reservation are one step.
    for (const [g, n] of ticket?.othersReserved() ?? []) used.set(g, (used.get(g) ?? 0) + n);
    const byKey = new Map<string, IntakeResult>([...found.known].map(([k, a]) => [k, { ...a, duplicate: true }]));
    const catById = found.categories;
    // Every report of a batch is filed at the same `now`, so reports with the same rules share one
    // deadline: working-time arithmetic once per (category, level), not once per report.
    const rulesCache = new Map<string, { rules: Rules; deadline: ReturnType<typeof currentDeadline> }>();
    const fresh = new Map<number, Fresh>();
    for (const i of live) {
      const item = items[i] as IntakeItem;
      const { input } = item;
      const key = input.idempotencyKey;
      if (deviceLimit && item.device !== undefined) {
        const left = tokens.get(item.device) ?? 0;
        if (left <= 0) {
          results[i] = rateLimited();
          continue;
        }
        tokens.set(item.device, left - 1);
      }
      const known = key ? byKey.get(key) : undefined;
      if (known) {
        results[i] = known;
        continue;
      }
      if (item.perGridPerHour !== undefined && input.grid && !takeGridSlot(used, input.grid.id, item.perGridPerHour)) {
        results[i] = rateLimited();
        continue;
      }
      const cat = catById.get(input.categoryId);
      if (!cat) {
        results[i] = fieldError("categoryId", "appeal.categoryUnknown");
        continue;
      }
      const handler = firstHandler(input.grid, input.unit);
      if (!handler) {
        results[i] = fieldError("gridId", "appeal.gridUnknown");
        continue;
      }
      const rk = rulesKey(cat.id, handler.level);
      let cached = rulesCache.get(rk);
      if (!cached) {
        const r = found.rules.get(rk) ?? {};
        cached = { rules: r, deadline: currentDeadline({ status: "submitted", enteredAt: now, acceptedAt: null, rules: r, extensionDays: 0 }, deps.timeZone) };
        rulesCache.set(rk, cached);
      }
      const { rules, deadline } = cached;
      const phone = phones[i] ?? null;
      const id = randomUUID();
      const trackingCode = newTrackingCode();
      const origin = input.grid?.path ?? handler.path;
      const gridId = input.grid?.id ?? null;
      fresh.set(i, {
        item,
        phone,
        categoryCode: cat.code,
        entity: {
          id, status: "submitted", path: origin, trackingCode, gridId, handlingUnitId: handler.id, handlingLevel: handler.level,
          handlingPath: handler.path, categoryName: cat.name, scale: cat.scale, description: input.description, reopens: 0,
          escalations: 0, acceptedAt: null, enteredAt: now, extensionDays: 0, pendingExtensionId: null, rules,
        },
        row: {
          id, trackingCode, gridId, path: origin, handlingUnitId: handler.id, handlingLevel: handler.level, handlingPath: handler.path,
          categoryId: cat.id, scale: cat.scale, status: "submitted", channel: input.channel, description: input.description,
          locationText: input.locationText ?? null, lng: input.location?.lng ?? null, lat: input.location?.lat ?? null,
          ...(phone ? { ...phone, consentAt: now } : {}), filedBy: input.filedBy ?? null,
          idempotencyKey: key ?? null, stage: deadline?.stage ?? null, dueAt: deadline?.dueAt ?? null, createdAt: now, updatedAt: now,
        },
      });
      results[i] = { id, trackingCode, duplicate: false };
      // The same key twice in one batch (a retry that overtook its own first answer): one appeal.
      if (key) byKey.set(key, { id, trackingCode, duplicate: true });
    }
    ticket?.reserve(gridTally([...fresh.values()].map((f) => f.row.gridId)));
    if (fresh.size) {
      const inserted = await insertAppeals(tx, [...fresh.values()].map((f) => f.row));
      if (inserted.length !== fresh.size) {
        // Another process committed some of these keys meanwhile: answer with its appeals.
        const ids = new Set(inserted.map((r) => r.id));
        const lost = [...fresh.entries()].filter(([, f]) => !ids.has(f.entity.id));
        const theirs = await knownKeys(tx, lost.map(([, f]) => f.row.idempotencyKey ?? ""));
        for (const [i, f] of lost) {
          fresh.delete(i);
          results[i] = theirs.get(f.row.idempotencyKey ?? "") ?? new AppError("CONFLICT");
        }
      }
      await afterInsert(tx, deps, wf, [...fresh.values()], now);
    }
    return results.map((r) => r ?? new AppError("INTERNAL"));
  });
}

/** Tokens wanted per device for this batch (its reports in order get them; the rest a 429). */
function deviceWanted(items: IntakeItem[], limit: DeviceLimit | undefined): Map<string, number> {
  const wanted = new Map<string, number>();
  if (!limit) return wanted;
  for (const i of items) if (i.device !== undefined) wanted.set(i.device, (wanted.get(i.device) ?? 0) + 1);
  return wanted;
}

async function knownKeys(tx: Db, keys: string[]): Promise<Map<string, IntakeResult>> {
  if (!keys.length) return new Map();
  const rows = await tx.select({ id: appeals.id, trackingCode: appeals.trackingCode, key: appeals.idempotencyKey }).from(appeals).where(inArray(appeals.idempotencyKey, keys));
  return new Map(rows.map((k) => [k.key ?? "", { id: k.id, trackingCode: k.trackingCode, duplicate: true }]));
}

/** What every new appeal gets in its filing transaction: files, timers, audit, notices, 紧急 whistle. */
async function afterInsert(tx: Db, deps: AppealsDeps, wf: AppealWorkflow, fresh: Fresh[], now: Date): Promise<void> {
  if (!fresh.length) return;
  const files = fresh.flatMap((f) => (f.item.input.attachments ?? []).map((a) => ({ ...a, appealId: f.entity.id, createdAt: now })));
  if (files.length) await tx.insert(appealAttachments).values(files);
  // A batch's appeals share their rules object per (category, level) and were all filed at
  // `now` in state submitted, so equal rules mean equal timers (fileMany's rulesCache).
  await startTimersMany(tx, wf, fresh.map((f) => f.entity), now, (e) => e.rules);
  const byActor = new Map<string, Fresh[]>();
  for (const f of fresh) {
    const name = actorName(f.item.actor);
    const group = byActor.get(name);
    if (group) group.push(f);
    else byActor.set(name, [f]);
  }
  for (const group of byActor.values()) {
    await writeAudit(
      tx,
      (group[0] as Fresh).item.actor,
      deps.clock,
      group.map((f) => ({
        action: "appeal.file",
        entityType: "appeal",
        entityId: f.entity.id,
        orgPath: f.entity.path,
        after: fileAuditAfter({
          channel: f.item.input.channel,
          categoryCode: f.categoryCode,
          gridCode: f.item.input.grid?.code ?? null,
          handlingLevel: f.entity.handlingLevel,
          photos: f.item.input.attachments?.length ?? 0,
          phoneMasked: f.phone?.phoneMasked ?? null,
        }),
      })),
    );
  }
  await notifyMany(
    tx,
    deps.clock,
    fresh.map((f) => ({
      unitId: f.entity.handlingUnitId,
      msg: {
        kind: "appeal.new",
        titleKey: "notify.new.title",
        bodyKey: "notify.escalated.body",
        params: { code: f.entity.trackingCode, category: f.entity.categoryName, text: f.entity.description.slice(0, 60) },
        entityType: "appeal",
        entityId: f.entity.id,
      },
    })),
  );
  // 紧急: the system blows the whistle to the town's configured departments (PRACTICE §6.6).
  for (const f of fresh) {
    if (f.entity.scale !== "urgent") continue;
    await autoWhistleForAppeal(tx, deps, summonsWorkflow(), { id: f.entity.id, path: f.entity.path, trackingCode: f.entity.trackingCode, categoryName: f.entity.categoryName, description: f.entity.description });
  }
}
