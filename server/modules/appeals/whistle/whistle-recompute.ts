/**
 * 吹哨报到 deadlines after a calendar change (server/workflow/recompute.ts). A summons' default
 * check-in time has a pending `miss` timer while summoned, so it follows that timer; its done-by
 * has no timer until the department checks in, so it is recomputed here from the stored rule
 * (`done_rule`, from the blow), together with the whistle's own done-by. Times the town set
 * (no rule) and summons already reported, rated or cancelled are left alone; so is a checked-in
 * summons whose red warning already fired.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import type { WorkingTimeOptions } from "../../../platform/calendar/working-time.js";
import type { IsoDate } from "../../../platform/calendar/zoned-time.js";
import type { DueMove } from "../../../workflow/apply.js";
import { planRecompute, searchWindow, type MovedTimer, type PendingTimer, type TimerBasisRule } from "../../../workflow/timer-basis.js";

/** The check-in times of summons whose `miss` timer moved; returns the summons changed. */
export async function checkInsMoved(tx: Db, moved: readonly MovedTimer[]): Promise<DueMove[]> {
  const rows = moved.filter((m) => m.state === "summoned").map((m) => ({ id: m.entityId, old_due: m.oldDue.toISOString(), new_due: m.newDue.toISOString() }));
  if (rows.length === 0) return [];
  const updated = await queryRows<MovedRow>(
    tx,
    sql`UPDATE whistle_summons s SET check_in_due_at = v.new_due
        FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(id uuid, old_due timestamptz, new_due timestamptz)
        WHERE s.id = v.id AND s.status = 'summoned' AND s.check_in_due_at = v.old_due RETURNING s.id, s.path, v.old_due, v.new_due`,
  );
  return updated.map((u) => dueMove("whistleSummons", "checkInDueAt", u));
}

interface MovedRow {
  id: string;
  path: string;
  old_due: Date | string;
  new_due: Date | string;
}

function dueMove(entityType: string, field: string, u: MovedRow): DueMove {
  return { entityType, entityId: u.id, orgPath: u.path, field, from: new Date(u.old_due), to: new Date(u.new_due) };
}

interface DoneRow {
  id: string;
  whistle_id: string;
  created_at: Date | string;
  done_due_at: Date | string;
  done_rule: TimerBasisRule | string;
}

/** Recomputes the default done-by times touching `dates` (summons and whistles); returns what changed. */
export async function recomputeDoneBy(tx: Db, dates: ReadonlySet<IsoDate>, calendar: WorkingTimeOptions): Promise<DueMove[]> {
  const window = searchWindow(dates);
  if (!window) return [];
  const rows = await queryRows<DoneRow>(
    tx,
    sql`SELECT s.id, s.whistle_id, s.created_at, s.done_due_at, s.done_rule FROM whistle_summons s
        WHERE s.done_rule IS NOT NULL AND s.done_due_at >= ${window.from} AND s.created_at < ${window.to}
          AND (s.status IN ('summoned', 'overdue')
               OR (s.status = 'checkedIn' AND EXISTS (SELECT 1 FROM workflow_timers t WHERE t.workflow = 'whistleSummons'
                     AND t.entity_id = s.id AND t.state = 'checkedIn' AND t.fired_at IS NULL)))`,
  );
  // The done-by is a deadline like a timer's: the same pure rules decide whether and where it moves.
  const pending: PendingTimer[] = rows.map((r) => ({
    id: r.id,
    workflow: "whistleSummons",
    entityId: r.whistle_id,
    state: "",
    dueAt: new Date(r.done_due_at),
    basisStart: new Date(r.created_at),
    basisEnd: new Date(r.done_due_at),
    rule: typeof r.done_rule === "string" ? (JSON.parse(r.done_rule) as TimerBasisRule) : r.done_rule,
  }));
  const moved = planRecompute(pending, dates, calendar);
  if (moved.length === 0) return [];
  const values = JSON.stringify(moved.map((m) => ({ id: m.id, whistle_id: m.entityId, old_due: m.oldDue.toISOString(), new_due: m.newDue.toISOString() })));
  const summons = await queryRows<MovedRow>(
    tx,
    sql`UPDATE whistle_summons s SET done_due_at = v.new_due
        FROM json_to_recordset(${values}::json) AS v(id uuid, whistle_id uuid, old_due timestamptz, new_due timestamptz)
        WHERE s.id = v.id AND s.done_due_at = v.old_due RETURNING s.id, s.path, v.old_due, v.new_due`,
  );
  const whistles = await queryRows<MovedRow>(
    tx,
    sql`UPDATE whistles w SET done_due_at = v.new_due
        FROM (SELECT DISTINCT whistle_id, old_due, new_due FROM json_to_recordset(${values}::json)
              AS r(id uuid, whistle_id uuid, old_due timestamptz, new_due timestamptz)) AS v
        WHERE w.id = v.whistle_id AND w.done_due_at = v.old_due RETURNING w.id, w.path, v.old_due, v.new_due`,
  );
  return [...summons.map((u) => dueMove("whistleSummons", "doneDueAt", u)), ...whistles.map((u) => dueMove("whistle", "doneDueAt", u))];
}
