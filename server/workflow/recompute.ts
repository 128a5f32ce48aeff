/**
 * Recomputes the pending deadline timers a calendar change moves (the rules: timer-basis.ts), in
 * the caller's transaction. One read of the candidate timers, the rules in JS (the working-day
 * walk cannot be written in SQL), one UPDATE … FROM for all moved timers, and one call per
 * workflow for the entities' displayed due times (and for deadlines stored with no timer behind them).
 *
 * Locking: candidates are taken `FOR UPDATE SKIP LOCKED`, in id order. A timer locked by someone
 * else is either being fired by a sweeper (it is due now, so firing it stands) or being cancelled
 * by an event (it will not fire); waiting instead could deadlock with a sweeper that holds the
 * timer and waits for the audit lock. Callers take `lockCalendarWrites` first and write their
 * audit records after this, so the audit lock is the last one taken.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import type { WorkingTimeOptions } from "../platform/calendar/working-time.js";
import type { IsoDate } from "../platform/calendar/zoned-time.js";
import type { AnyWorkflow, DueMove } from "./apply.js";
import { planRecompute, searchWindow, type PendingTimer, type TimerBasisRule } from "./timer-basis.js";

export interface RecomputeResult {
  /** Pending timers with a basis whose span may touch the changed dates. */
  examined: number;
  /** Timers whose due time changed. */
  timers: number;
  /** Entities whose own displayed due time followed (appeals.due_at). */
  deadlines: number;
  /** Those due times, entity by entity (audited by the caller: due-moves.ts dueMoveAudits). */
  moves: DueMove[];
}


/**
 * Serialises calendar writes and recomputes across processes: each reads the calendar after the
 * previous one committed, so a timer touching two changes made at once sees both.
 */
export async function lockCalendarWrites(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('zhenxing.calendar'))`);
}

interface TimerRow {
  id: string;
  workflow: string;
  entity_id: string;
  state: string;
  due_at: Date | string;
  basis_start: Date | string;
  basis_end: Date | string;
  basis_rule: TimerBasisRule | string;
}

/**
 * Moves the pending timers whose span touches `dates`, counted with `calendar` — the calendar as
 * this transaction sees it after the change, never the process cache (which another process's
 * write has not reached yet, and which this process reloads only after the commit).
 */
export async function recomputeTimers(
  tx: Db,
  workflows: readonly AnyWorkflow[],
  dates: ReadonlySet<IsoDate>,
  calendar: WorkingTimeOptions,
  now: Date,
): Promise<RecomputeResult> {
  const window = searchWindow(dates);
  if (!window) return { examined: 0, timers: 0, deadlines: 0, moves: [] };
  const rows = await queryRows<TimerRow>(
    tx,
    sql`SELECT id, workflow, entity_id, state, due_at, basis_start, basis_end, basis_rule FROM workflow_timers
        WHERE fired_at IS NULL AND basis_rule IS NOT NULL AND basis_end >= ${window.from} AND basis_start < ${window.to}
        ORDER BY id FOR UPDATE SKIP LOCKED`,
  );
  const pending: PendingTimer[] = rows.map((r) => ({
    id: r.id,
    workflow: r.workflow,
    entityId: r.entity_id,
    state: r.state,
    dueAt: new Date(r.due_at),
    basisStart: new Date(r.basis_start),
    basisEnd: new Date(r.basis_end),
    rule: typeof r.basis_rule === "string" ? (JSON.parse(r.basis_rule) as TimerBasisRule) : r.basis_rule,
  }));
  const moved = planRecompute(pending, dates, calendar);
  const moves: DueMove[] = [];
  for (const wf of workflows) if (wf.recomputeStored) moves.push(...(await wf.recomputeStored(tx, dates, calendar)));
  if (moved.length === 0) return { examined: rows.length, timers: 0, deadlines: moves.length, moves };
  const values = moved.map((m) => ({ id: m.id, due_at: m.newDue.toISOString(), basis_end: m.newEnd.toISOString() }));
  await tx.execute(
    sql`UPDATE workflow_timers t SET due_at = v.due_at, basis_end = v.basis_end
        FROM json_to_recordset(${JSON.stringify(values)}::json) AS v(id uuid, due_at timestamptz, basis_end timestamptz)
        WHERE t.id = v.id`,
  );
  for (const wf of workflows) {
    const mine = moved.filter((m) => m.workflow === wf.name && m.isDeadline);
    if (mine.length > 0 && wf.deadlinesMoved) moves.push(...(await wf.deadlinesMoved(tx, mine, now)));
  }
  return { examined: rows.length, timers: moved.length, deadlines: moves.length, moves };
}
