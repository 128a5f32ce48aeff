/**
 * Gives the pending appeal timers written before migration 0041 the basis a calendar change needs
 * to recompute them. The deadlines open on the day of the upgrade are the very ones that cross
 * into a year whose holidays are not entered yet, so leaving them without a basis would leave them
 * counted Monday–Friday. A basis is attached only where the appeal's workflow, asked again for the
 * timers of the step it is in (same start, today's rules and calendar), reproduces the stored due
 * time to the millisecond: then that rule and start are provably the ones used. A timer whose rule
 * or calendar changed since stays without one (and is never recomputed). Idempotent; runs at
 * start-up in every process (the UPDATE only fills a basis that is still missing).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { AppealWorkflow } from "./appeal-workflow.js";
import type { TimerBasis } from "../../workflow/timer-basis.js";

interface Pending {
  id: string;
  entity_id: string;
  kind: string;
  what: string;
  due_at: Date | string;
  created_at: Date | string;
}

/** Attaches a reproducible basis to pending appeal timers that lack one; returns the counts. */
export async function backfillAppealTimerBasis(db: Db, wf: AppealWorkflow): Promise<{ examined: number; attached: number }> {
  const pending = await queryRows<Pending>(
    db,
    sql`SELECT t.id, t.entity_id, t.kind, coalesce(t.event, t.level) AS what, t.due_at, t.created_at
        FROM workflow_timers t JOIN appeals a ON a.id = t.entity_id AND a.status = t.state
        WHERE t.workflow = ${wf.name} AND t.fired_at IS NULL AND t.basis_rule IS NULL`,
  );
  const attach: { id: string; basis_start: string; basis_end: string; basis_rule: TimerBasis["rule"] }[] = [];
  const loaded = new Map<string, Awaited<ReturnType<AppealWorkflow["load"]>>>();
  for (const t of pending) {
    // One load per appeal (its rules depend on level and category); a one-off after the upgrade.
    let entity = loaded.get(t.entity_id);
    if (entity === undefined) {
      entity = await wf.load(db, t.entity_id, false);
      loaded.set(t.entity_id, entity);
    }
    if (!entity) continue;
    const due = new Date(t.due_at).getTime();
    const spec = (wf.timers?.(entity, new Date(t.created_at)) ?? []).find(
      (s) => s.kind === t.kind && (s.kind === "event" ? s.event : s.level) === t.what && s.dueAt.getTime() === due,
    );
    if (spec?.basis) attach.push({ id: t.id, basis_start: spec.basis.start.toISOString(), basis_end: spec.basis.end.toISOString(), basis_rule: spec.basis.rule });
  }
  if (attach.length > 0) {
    await db.execute(
      sql`UPDATE workflow_timers t SET basis_start = v.basis_start, basis_end = v.basis_end, basis_rule = v.basis_rule
          FROM json_to_recordset(${JSON.stringify(attach)}::json) AS v(id uuid, basis_start timestamptz, basis_end timestamptz, basis_rule jsonb)
          WHERE t.id = v.id AND t.basis_rule IS NULL`,
    );
  }
  return { examined: pending.length, attached: attach.length };
}
