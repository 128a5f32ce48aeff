import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import type { RateCounts } from "./rates.js";

export interface UnitCountsRow {
  unit_id: string;
  name: string;
  level: string;
  path: string;
  appeals: number | string;
  responded_on_time: number | string;
  resolved: number | string;
  rated: number | string;
  satisfied: number | string;
}

export function countsOf(r: Pick<UnitCountsRow, "appeals" | "responded_on_time" | "resolved" | "rated" | "satisfied">): RateCounts {
  return {
    appeals: Number(r.appeals),
    respondedOnTime: Number(r.responded_on_time),
    resolved: Number(r.resolved),
    rated: Number(r.rated),
    satisfied: Number(r.satisfied),
  };
}

/**
 * The three rates' counts per org unit, over the appeals filed in [start, end) in each unit's
 * area (the appeal's grid path lies under the unit). Set-based: counts per path are spread to
 * every ancestor through the materialised path (≤ 6 segments), so the cost is linear in
 * appeals whatever the number of units. Rejected appeals are left out (not ours is
 * not a failure to respond). "On time": the first `accept` came no later than the first accept
 * deadline the workflow set (the escalate or red timer of the `submitted` state).
 */
export async function unitCounts(db: Db, opts: UnitCountsQuery): Promise<UnitCountsRow[]> {
  // PostgreSQL prices the per-appeal lookups high enough to JIT-compile the plan, which then
  // costs more than the query (bench/appeal-rates.bench.ts): run it without JIT.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return queryRows<UnitCountsRow>(tx, unitCountsSql(opts));
  });
}

export interface UnitCountsQuery {
  appealScope: SQL;
  unitFilter: SQL;
  start: Date;
  end: Date;
}

/**
 * The statement behind {@link unitCounts}: facts per appeal (two index lookups each: first
 * accept, first accept deadline), then counts per path (≤ one per grid), and only then the
 * fan-out to ancestors, so the join to org_units sees a few thousand paths, not every appeal.
 * (Joining pre-aggregated history instead made PostgreSQL misestimate by 10⁴ and spend most
 * of the time compiling JIT code.)
 */
export function unitCountsSql(opts: UnitCountsQuery): SQL {
  return sql`WITH a AS MATERIALIZED (
          SELECT a.path, a.status, a.satisfaction,
            (SELECT min(h.at) FROM workflow_history h WHERE h.workflow = 'appeal' AND h.entity_id = a.id AND h.event = 'accept') AS first_accept,
            (SELECT min(t.due_at) FROM workflow_timers t WHERE t.workflow = 'appeal' AND t.entity_id = a.id AND t.state = 'submitted'
               AND (t.kind = 'event' OR t.level = 'red')) AS accept_due
          FROM appeals a
          WHERE a.status <> 'rejected' AND a.created_at >= ${opts.start} AND a.created_at < ${opts.end} AND ${opts.appealScope}
        ),
        p AS MATERIALIZED (
          SELECT a.path,
            count(*) AS appeals,
            count(*) FILTER (WHERE a.first_accept IS NOT NULL AND (a.accept_due IS NULL OR a.first_accept <= a.accept_due)) AS responded_on_time,
            count(*) FILTER (WHERE a.status IN ('resolved', 'closed')) AS resolved,
            count(a.satisfaction) AS rated,
            count(*) FILTER (WHERE a.satisfaction >= 4) AS satisfied
          FROM a GROUP BY a.path
        )
        SELECT u.id AS unit_id, u.name, u.level, u.path,
          sum(p.appeals) AS appeals, sum(p.responded_on_time) AS responded_on_time, sum(p.resolved) AS resolved,
          sum(p.rated) AS rated, sum(p.satisfied) AS satisfied
        FROM p
        CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from p.path), '/')) AS seg(id)
        JOIN org_units u ON u.id = seg.id::uuid
        WHERE ${opts.unitFilter}
        GROUP BY u.id, u.name, u.level, u.path`;
}

export interface DepartmentCountsRow extends Omit<UnitCountsRow, "level" | "path"> {
  unit_name: string;
}

/**
 * The same counts for departments over their summons: summoned (not called off), checked in on
 * time, reported back, rated by the town, rated 4–5.
 */
export async function departmentCounts(db: Db, opts: { summonsScope: SQL; start: Date; end: Date }): Promise<DepartmentCountsRow[]> {
  return queryRows<DepartmentCountsRow>(
    db,
    sql`SELECT d.id AS unit_id, d.name, u.name AS unit_name,
          count(*) AS appeals,
          count(*) FILTER (WHERE s.checked_in_at <= s.check_in_due_at) AS responded_on_time,
          count(s.reported_at) AS resolved,
          count(s.rating) AS rated,
          count(*) FILTER (WHERE s.rating >= 4) AS satisfied
        FROM whistle_summons s JOIN departments d ON d.id = s.department_id JOIN org_units u ON u.id = d.org_unit_id
        WHERE s.status <> 'cancelled' AND s.created_at >= ${opts.start} AND s.created_at < ${opts.end} AND ${opts.summonsScope}
        GROUP BY d.id, d.name, u.name`,
  );
}
