import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { whistleSummons } from "../../../db/schema/index.js";
import { actorId } from "../../../platform/actor.js";
import { AppError } from "../../../platform/errors.js";
import { translate } from "../../../../common/i18n/index.js";
import type { SummonsEvent, SummonsStatus } from "../../../../common/whistle.js";
import type { Workflow } from "../../../workflow/apply.js";
import { notifyUnits } from "../notify.js";
import { SUMMONS_TRANSITIONS, summonsTimers, type SummonsEntity, type SummonsInput } from "./summons-machine.js";
import { loadSummons, notifyDepartments, refreshWhistleStatus } from "./whistle.repo.js";
import { checkInsMoved, recomputeDoneBy } from "./whistle-recompute.js";

export type SummonsWorkflow = Workflow<SummonsStatus, SummonsEvent, SummonsEntity, SummonsInput>;

const zh = (key: string, params: Record<string, string | number>) => translate("zh-CN", key, params);

/** The town's parent (the district): told when a department misses its check-in. */
async function parentOf(tx: Db, unitId: string): Promise<string | null> {
  const [r] = await queryRows<{ parent_id: string | null }>(tx, sql`SELECT parent_id FROM org_units WHERE id = ${unitId}`);
  return r?.parent_id ?? null;
}

/**
 * The 报到 workflow of one summoned department over the shared helper: the row's timestamps
 * follow the events, the whistle's status is derived again in the same transaction, and the
 * town (and on a missed check-in the district above it) hears of every step.
 */
export function summonsWorkflow(): SummonsWorkflow {
  return {
    name: "whistleSummons",
    entityType: "whistleSummons",
    transitions: SUMMONS_TRANSITIONS,
    load: (tx, id, lock) => loadSummons(tx, id, lock),
    async save(tx, s, to, ctx) {
      const now = ctx.now;
      const by = actorId(ctx.actor);
      const set: Partial<typeof whistleSummons.$inferInsert> = { status: to, updatedAt: now };
      if (ctx.event === "checkIn") Object.assign(set, { checkedInAt: now, checkedInBy: by });
      if (ctx.event === "report") Object.assign(set, { reportedAt: now, reportedBy: by, report: ctx.input.note ?? null });
      if (ctx.event === "rate") {
        Object.assign(set, { rating: ctx.input.data?.rating ?? null, ratingComment: ctx.input.note ?? null, ratedAt: now, ratedBy: by });
      }
      await tx.update(whistleSummons).set(set).where(eq(whistleSummons.id, s.id));
      await refreshWhistleStatus(tx, s.whistleId, now);
      const params = { title: s.title, department: s.departmentName };
      const msg = (kind: string) => ({ kind: `whistle.${kind}`, titleKey: `notify.whistle.${kind}`, params, entityType: "whistle", entityId: s.whistleId });
      if (ctx.event === "miss") {
        const district = await parentOf(tx, s.townId);
        await notifyUnits(tx, { now: () => now }, district ? [s.townId, district] : [s.townId], msg("missed"));
        await notifyDepartments(tx, now, [s.departmentId], {
          kind: "whistle.missed", title: zh("notify.whistle.missed", params), body: zh("notify.whistle.missed", params), entityType: "whistle", entityId: s.whistleId,
        });
      } else if (ctx.event === "checkIn" || ctx.event === "report") {
        await notifyUnits(tx, { now: () => now }, [s.townId], msg(ctx.event === "checkIn" ? "checkedIn" : "reported"));
      } else if (ctx.event === "cancel" || ctx.event === "rate") {
        const kind = ctx.event === "cancel" ? "cancelled" : "rated";
        await notifyDepartments(tx, now, [s.departmentId], {
          kind: `whistle.${kind}`, title: zh(`notify.whistle.${kind}`, params), body: zh(`notify.whistle.${kind}`, params), entityType: "whistle", entityId: s.whistleId,
        });
      }
      const saved = await loadSummons(tx, s.id, false);
      if (!saved) throw new AppError("NOT_FOUND");
      return saved;
    },
    timers: (s, enteredAt) => summonsTimers(s, enteredAt),
    deadlinesMoved: checkInsMoved,
    recomputeStored: recomputeDoneBy,
    async onNotify(tx, s, level, now) {
      const params = { title: s.title, department: s.departmentName };
      const key = level === "red" ? "notify.whistle.doneOverdue" : "notify.whistle.checkInSoon";
      await notifyDepartments(tx, now, [s.departmentId], { kind: `whistle.${level}`, title: zh(key, params), body: zh(key, params), entityType: "whistle", entityId: s.whistleId });
      if (level === "red") {
        await notifyUnits(tx, { now: () => now }, [s.townId], { kind: "whistle.red", titleKey: key, params, entityType: "whistle", entityId: s.whistleId });
      }
    },
    auditView: (s) => ({ whistleId: s.whistleId, departmentId: s.departmentId, lead: s.lead }),
  };
}
