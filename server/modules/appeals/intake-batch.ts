/**
 * Group commit for residents' reports. PGlite has one connection and every statement costs
 * ~150 µs, and on PostgreSQL the audit chain's lock serialises writers anyway; so reports that
 * arrive while a transaction is running wait and are filed together in the next one — the same
 * handful of statements (multi-row inserts, one audit append) for 1 or 100 appeals. A lone report
 * goes at once. If a batch fails (an unknown category, a key raced by another process), each of
 * its reports is filed alone so every resident gets their own answer.
 */
import { and, inArray, isNull, sql } from "drizzle-orm";
import { queryRows } from "../../db/client.js";
import { appealAttachments, appealCategories, appeals } from "../../db/schema/index.js";
import { actorName, type Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { startTimersMany } from "../../workflow/apply.js";
import type { AppealScale, HandlingLevel } from "../../../common/appeals.js";
import { APPEAL_PHONE_CONTEXT, protectPhone, type AppealsDeps, type ProtectedPhone } from "./appeals-deps.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import type { AppealEntity } from "./appeal-machine.js";
import * as repo from "./appeals.repo.js";
import { currentDeadline, type DeadlineRule } from "./deadlines.js";
import { fileAppealCore, newTrackingCode, recentOnGrid, type IntakeGrid, type IntakeInput, type IntakeResult } from "./intake.service.js";
import { notifyMany } from "./notify.js";
import type { DeadlineStage } from "../../../common/appeals.js";

interface Item {
  actor: Actor;
  input: IntakeInput;
  phone: ProtectedPhone | null;
  /** The per-grid hourly limit, checked inside the batch (one grouped count for all its grids). */
  perGridPerHour: number | undefined;
  resolve: (r: IntakeResult) => void;
  reject: (err: unknown) => void;
}

function handlerOf(grid: IntakeGrid): { id: string; path: string; level: HandlingLevel } {
  return Number(grid.worker_count) > 0 ? { id: grid.id, path: grid.path, level: "grid" } : { id: grid.village_id, path: grid.village_path, level: "village" };
}

function rateLimited(): AppError {
  return new AppError("RATE_LIMITED", { message: { key: "intake.rateLimited" } });
}

async function fileBatch(deps: AppealsDeps, wf: AppealWorkflow, items: Item[]): Promise<(IntakeResult | AppError)[]> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const gridIds = [...new Set(items.filter((i) => i.perGridPerHour !== undefined).map((i) => i.input.grid.id))];
    const recent = new Map<string, number>();
    if (gridIds.length) {
      const since = new Date(now.getTime() - 3600_000);
      const counts = await queryRows<{ grid_id: string; n: number | string }>(
        tx,
        sql`SELECT grid_id, count(*) AS n FROM appeals WHERE grid_id IN (${sql.join(gridIds.map((g) => sql`${g}::uuid`), sql`, `)}) AND created_at >= ${since} GROUP BY grid_id`,
      );
      for (const c of counts) recent.set(c.grid_id, Number(c.n));
    }
    const keys = items.map((i) => i.input.idempotencyKey).filter((k): k is string => !!k);
    const known = keys.length
      ? await tx.select({ id: appeals.id, trackingCode: appeals.trackingCode, key: appeals.idempotencyKey }).from(appeals).where(inArray(appeals.idempotencyKey, keys))
      : [];
    const byKey = new Map<string, IntakeResult>(known.map((k) => [k.key ?? "", { id: k.id, trackingCode: k.trackingCode, duplicate: true }]));
    const catIds = [...new Set(items.map((i) => i.input.categoryId))];
    const cats = await tx.select().from(appealCategories).where(and(inArray(appealCategories.id, catIds), isNull(appealCategories.disabledAt)));
    const catById = new Map(cats.map((c) => [c.id, c]));
    const rulesCache = new Map<string, Partial<Record<DeadlineStage, DeadlineRule>>>();
    const fresh: { item: Item; entity: AppealEntity; row: typeof appeals.$inferInsert }[] = [];
    const results: (IntakeResult | AppError)[] = [];
    for (const item of items) {
      const key = item.input.idempotencyKey;
      if (key && byKey.has(key)) {
        results.push(byKey.get(key) as IntakeResult);
        continue;
      }
      if (item.perGridPerHour !== undefined) {
        const used = recent.get(item.input.grid.id) ?? 0;
        if (used >= item.perGridPerHour) {
          results.push(rateLimited());
          continue;
        }
        recent.set(item.input.grid.id, used + 1);
      }
      const cat = catById.get(item.input.categoryId);
      if (!cat) throw fieldError("categoryId", "appeal.categoryUnknown");
      const handler = handlerOf(item.input.grid);
      const rk = `${cat.id}|${handler.level}`;
      let rules = rulesCache.get(rk);
      if (!rules) {
        rules = await repo.rulesFor(tx, cat.id, cat.scale, handler.level);
        rulesCache.set(rk, rules);
      }
      const id = crypto.randomUUID();
      const trackingCode = newTrackingCode();
      const deadline = currentDeadline({ status: "submitted", enteredAt: now, acceptedAt: null, rules, extensionDays: 0 }, deps.timeZone);
      const g = item.input.grid;
      fresh.push({
        item,
        entity: {
          id, status: "submitted", path: g.path, trackingCode, gridId: g.id, handlingUnitId: handler.id, handlingLevel: handler.level,
          handlingPath: handler.path, categoryName: cat.name, scale: cat.scale, description: item.input.description, reopens: 0,
          escalations: 0, acceptedAt: null, enteredAt: now, extensionDays: 0, pendingExtensionId: null, rules,
        },
        row: {
          id, trackingCode, gridId: g.id, path: g.path, handlingUnitId: handler.id, handlingLevel: handler.level, handlingPath: handler.path,
          categoryId: cat.id, scale: cat.scale as AppealScale, status: "submitted", channel: item.input.channel, description: item.input.description,
          locationText: item.input.locationText ?? null, lng: item.input.location?.lng ?? null, lat: item.input.location?.lat ?? null,
          ...(item.phone ? { ...item.phone, consentAt: now } : {}), filedBy: item.input.filedBy ?? null,
          idempotencyKey: key ?? null, stage: deadline?.stage ?? null, dueAt: deadline?.dueAt ?? null, createdAt: now, updatedAt: now,
        },
      });
      const result: IntakeResult = { id, trackingCode, duplicate: false };
      // The same key twice in one batch (a retry that overtook its own first answer): one appeal.
      if (key) byKey.set(key, { ...result, duplicate: true });
      results.push(result);
    }
    if (fresh.length) {
      const inserted = await tx.insert(appeals).values(fresh.map((f) => f.row)).onConflictDoNothing({ target: appeals.idempotencyKey }).returning({ id: appeals.id });
      if (inserted.length !== fresh.length) throw new AppError("CONFLICT"); // raced by another process: file one by one
      const files = fresh.flatMap((f) => (f.item.input.attachments ?? []).map((a) => ({ ...a, appealId: f.entity.id, createdAt: now })));
      if (files.length) await tx.insert(appealAttachments).values(files);
      await startTimersMany(tx, wf, fresh.map((f) => f.entity), now);
      const byActor = new Map<string, typeof fresh>();
      for (const f of fresh) byActor.set(actorName(f.item.actor), [...(byActor.get(actorName(f.item.actor)) ?? []), f]);
      for (const group of byActor.values()) {
        await writeAudit(
          tx,
          group[0]?.item.actor as Actor,
          deps.clock,
          group.map((f) => ({
            action: "appeal.file",
            entityType: "appeal",
            entityId: f.entity.id,
            orgPath: f.entity.path,
            after: {
              channel: f.item.input.channel,
              category: catById.get(f.row.categoryId)?.code ?? null,
              gridCode: f.item.input.grid.code,
              handlingLevel: f.entity.handlingLevel,
              photos: f.item.input.attachments?.length ?? 0,
              phone: f.item.phone?.phoneMasked ?? null,
            },
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
    }
    return results;
  });
}

const YIELDS = 2;

/** The per-process queue: `file()` resolves with the report's own result once its batch commits. */
export function createIntakeQueue(deps: AppealsDeps, wf: AppealWorkflow, maxBatch = 100) {
  const pending: Item[] = [];
  let running = false;
  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (pending.length) {
        // PGlite answers in microtasks, so a running transaction starves the I/O callbacks that
        // parse other requests; let them run, so the reports that arrived join this batch.
        for (let i = 0; i < YIELDS; i++) await new Promise((r) => setImmediate(r));
        const batch = pending.splice(0, maxBatch);
        try {
          const results = await fileBatch(deps, wf, batch);
          batch.forEach((b, i) => {
            const r = results[i];
            if (r instanceof AppError) b.reject(r);
            else b.resolve(r as IntakeResult);
          });
        } catch {
          for (const b of batch) {
            try {
              if (b.perGridPerHour !== undefined) {
                const since = new Date(deps.clock.now().getTime() - 3600_000);
                if ((await recentOnGrid(deps.db, b.input.grid.id, since)) >= b.perGridPerHour) throw rateLimited();
              }
              b.resolve(await fileAppealCore(deps, wf, b.actor, b.input));
            } catch (err) {
              b.reject(err);
            }
          }
        }
      }
    } finally {
      running = false;
    }
  }
  return {
    /** Validates what can fail per report (phone, consent) before queueing it. */
    file(actor: Actor, input: IntakeInput, perGridPerHour?: number): Promise<IntakeResult> {
      const phone = input.phone ? protectPhone(deps.pii, input.phone, APPEAL_PHONE_CONTEXT) : null;
      if (phone && !input.consent) return Promise.reject(fieldError("consent", "appeal.consentRequired"));
      return new Promise<IntakeResult>((resolve, reject) => {
        pending.push({ actor, input, phone, perGridPerHour, resolve, reject });
        void drain();
      });
    },
  };
}

export type IntakeQueue = ReturnType<typeof createIntakeQueue>;
