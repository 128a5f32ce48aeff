import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { appealExtensions, appeals, workflowHistory } from "../../db/schema/index.js";
import { actorId } from "../../platform/actor.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { covers, scopePaths } from "../../authz/policy.js";
import type { AppealEvent, AppealStatus, HandlingLevel } from "../../../common/appeals.js";
import { DUE_RECOMPUTED_EVENT, HANDLING_LEVELS } from "../../../common/appeals.js";
import { SYSTEM_ACTOR_PREFIX } from "../../../common/system-actors.js";
import type { ApplyContext, Workflow } from "../../workflow/apply.js";
import type { TimerSpec } from "../../workflow/machine.js";
import { APPEAL_TRANSITIONS, type AppealEntity, type AppealInput } from "./appeal-machine.js";
import { currentDeadline, nextLevel, yellowAt } from "./deadlines.js";
import * as repo from "./appeals.repo.js";
import { notifyUnits } from "./notify.js";

export type AppealWorkflow = Workflow<AppealStatus, AppealEvent, AppealEntity, AppealInput>;

function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Where the appeal goes on escalate/transfer: the new handling unit, or null to stay. */
async function newHandler(tx: Db, e: AppealEntity, ctx: ApplyContext<AppealStatus, AppealEvent, AppealInput>) {
  if (ctx.event === "escalate") {
    const level = nextLevel(e.handlingLevel);
    if (!level) throw new AppError("INVALID_TRANSITION", { message: { key: "appeal.topLevel" } });
    const unit = await repo.unitAtLevel(tx, e.path, level);
    if (!unit) throw new AppError("INVALID_TRANSITION", { message: { key: "appeal.topLevel" } });
    return { ...unit, level };
  }
  if (ctx.event === "transfer") {
    const unitId = ctx.input.data?.unitId ?? "";
    const [unit] = await queryRows<{ id: string; path: string; name: string; level: string }>(
      tx,
      sql`SELECT id, path, name, level FROM org_units WHERE id = ${unitId} AND revoked_at IS NULL`,
    );
    if (!unit || !(HANDLING_LEVELS as readonly string[]).includes(unit.level)) throw fieldError("unitId", "appeal.unitRequired");
    if (!covers(scopePaths(ctx.actor, "appeal.handle"), unit.path)) throw fieldError("unitId", "appeal.unitOutOfScope");
    return { id: unit.id, path: unit.path, name: unit.name, level: unit.level as HandlingLevel };
  }
  return null;
}

/** The appeal workflow over the shared helper; deadlines are read in `timeZone`. */
export function appealWorkflow(opts: { timeZone: string }): AppealWorkflow {
  const tz = opts.timeZone;
  const wf: AppealWorkflow = {
    name: "appeal",
    entityType: "appeal",
    transitions: APPEAL_TRANSITIONS,
    load: (tx, id, lock) => repo.loadEntity(tx, id, lock),
    async save(tx, e, to, ctx) {
      const now = ctx.now;
      const moved = await newHandler(tx, e, ctx);
      const reason = ctx.input.data?.reason ?? null;
      const set: Partial<typeof appeals.$inferInsert> = { status: to, updatedAt: now, warning: null };
      if (ctx.event === "accept") set.acceptedAt = now;
      if (ctx.event === "resolve") Object.assign(set, { resolvedAt: now, resolution: ctx.input.note ?? null });
      if (ctx.event === "confirm" || ctx.event === "autoClose") set.closedAt = now;
      if (ctx.event === "reopen") Object.assign(set, { reopens: e.reopens + 1, resolvedAt: null, closedAt: null, acceptedAt: null });
      if (ctx.event === "return") set.resolvedAt = null;
      if (ctx.event === "reject") Object.assign(set, { rejectReason: reason, closedAt: now });
      if (moved) {
        Object.assign(set, { handlingUnitId: moved.id, handlingLevel: moved.level, handlingPath: moved.path, acceptedAt: null });
        if (ctx.event === "escalate") set.escalations = e.escalations + 1;
        // Handed over to another unit: the appeal now belongs to that unit's subtree (who sees it,
        // and the ladder it climbs from there); the first grid no longer follows it.
        if (ctx.event === "transfer") set.path = moved.path;
      }
      if (ctx.event === "extend" && e.pendingExtensionId) {
        await tx
          .update(appealExtensions)
          .set({ status: "approved", decidedBy: actorId(ctx.actor), decidedAt: now })
          .where(and(eq(appealExtensions.id, e.pendingExtensionId), eq(appealExtensions.status, "pending")));
      }
      await tx.update(appeals).set(set).where(eq(appeals.id, e.id));
      const saved = await repo.loadEntity(tx, e.id, false);
      if (!saved) throw new AppError("NOT_FOUND");
      const deadline = currentDeadline(saved, tz);
      await tx.update(appeals).set({ stage: deadline?.stage ?? null, dueAt: deadline?.dueAt ?? null }).where(eq(appeals.id, e.id));
      if (moved) {
        await notifyUnits(tx, { now: () => now }, [moved.id], {
          kind: ctx.event === "escalate" ? "appeal.escalated" : "appeal.transferred",
          titleKey: ctx.event === "escalate" ? "notify.escalated.title" : "notify.new.title",
          bodyKey: "notify.escalated.body",
          params: { code: e.trackingCode, unit: moved.name, category: e.categoryName, text: excerpt(e.description) },
          entityType: "appeal",
          entityId: e.id,
        });
      }
      return saved;
    },
    timers(e, enteredAt): TimerSpec<AppealEvent>[] {
      const d = currentDeadline({ ...e, enteredAt }, tz);
      if (!d) return [];
      const basis = { start: d.start, end: d.dueAt, rule: d.basis };
      if (d.stage === "verify") return [{ kind: "event", event: "autoClose", dueAt: d.dueAt, basis }];
      const yellow = { start: d.start, end: d.dueAt, rule: { ...d.basis, sharePercent: d.rule.yellowPercent } };
      const out: TimerSpec<AppealEvent>[] = [{ kind: "notify", level: "yellow", dueAt: yellowAt(d.rule, d.start, d.dueAt), basis: yellow }];
      out.push(
        nextLevel(e.handlingLevel) ? { kind: "event", event: "escalate", dueAt: d.dueAt, basis } : { kind: "notify", level: "red", dueAt: d.dueAt, basis },
      );
      return out;
    },
    async deadlinesMoved(tx, moved, now) {
      // The queue shows and filters by appeals.due_at: follow the step's deadline timer, only
      // while the appeal is still in that step with the due time the timer had (an event that
      // committed meanwhile has set its own). Each moved appeal's timeline says so (a history row
      // by system:calendar, no state change), so its handlers see why the deadline changed.
      if (moved.length === 0) return [];
      const rows = moved.map((m) => ({ id: m.entityId, state: m.state, old_due: m.oldDue.toISOString(), new_due: m.newDue.toISOString() }));
      const updated = await queryRows<{ id: string; path: string; state: string; old_due: Date | string; new_due: Date | string }>(
        tx,
        sql`UPDATE appeals a SET due_at = v.new_due
            FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(id uuid, state text, old_due timestamptz, new_due timestamptz)
            WHERE a.id = v.id AND a.status = v.state AND a.due_at = v.old_due
            RETURNING a.id, a.path, v.state, v.old_due, v.new_due`,
      );
      if (updated.length === 0) return [];
      const moves = updated.map((u) => ({ entityType: "appeal", entityId: u.id, orgPath: u.path, field: "dueAt", from: new Date(u.old_due), to: new Date(u.new_due) }));
      await tx.insert(workflowHistory).values(
        moves.map((m, i) => ({
          workflow: "appeal",
          entityId: m.entityId,
          fromState: updated[i]?.state ?? "",
          toState: updated[i]?.state ?? "",
          event: DUE_RECOMPUTED_EVENT,
          actorName: `${SYSTEM_ACTOR_PREFIX}calendar`,
          at: now,
          data: { dueFrom: m.from.toISOString(), dueTo: m.to.toISOString() },
        })),
      );
      return moves;
    },
    async onNotify(tx, e, level, now) {
      await tx.update(appeals).set({ warning: level === "red" ? "red" : "yellow" }).where(eq(appeals.id, e.id));
      const units = [e.handlingUnitId];
      if (level === "red") {
        // Overdue at the top of the ladder: the handlers' own superiors hear of it too.
        const parent = e.handlingPath.split("/").filter(Boolean).slice(-2, -1)[0];
        if (parent) units.push(parent);
      }
      await notifyUnits(tx, { now: () => now }, units, {
        kind: `appeal.${level}`,
        titleKey: `notify.warning.${level === "red" ? "red" : "yellow"}`,
        bodyKey: "notify.escalated.body",
        params: { code: e.trackingCode, category: e.categoryName, text: excerpt(e.description) },
        entityType: "appeal",
        entityId: e.id,
      });
    },
    auditView: (e) => ({ handlingUnitId: e.handlingUnitId, handlingLevel: e.handlingLevel }),
  };
  return wf;
}
