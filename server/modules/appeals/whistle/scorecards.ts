import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { scopePaths } from "../../../authz/policy.js";
import { inScope } from "../../../authz/scope-sql.js";
import type { Actor } from "../../../platform/actor.js";
import { AppError } from "../../../platform/errors.js";
import { addDays, fromLocal } from "../../../platform/calendar/zoned-time.js";
import type { Scorecard } from "../../../../common/contract/whistle.contract.js";
import { average, ratio } from "../rates/rates.js";

/** A period of local dates [from, to] as instants [start, end). */
export function periodBounds(from: string | undefined, to: string | undefined, timeZone: string): { start: Date | null; end: Date | null } {
  return {
    start: from ? fromLocal(from, 0, timeZone) : null,
    end: to ? fromLocal(addDays(to, 1), 0, timeZone) : null,
  };
}

export interface ScorecardCounts {
  department_id: string;
  department_name: string;
  unit_name: string;
  summoned: number | string;
  checked_in: number | string;
  checked_in_on_time: number | string;
  reported: number | string;
  done_on_time: number | string;
  rated: number | string;
  rating_sum: number | string | null;
}

/** The counts per department, one grouped query over the summons of the towns in `scope`. */
export async function scorecardCounts(db: Db, scope: SQL, start: Date | null, end: Date | null): Promise<ScorecardCounts[]> {
  return queryRows<ScorecardCounts>(
    db,
    sql`SELECT d.id AS department_id, d.name AS department_name, u.name AS unit_name,
          count(*) FILTER (WHERE s.status <> 'cancelled') AS summoned,
          count(s.checked_in_at) AS checked_in,
          count(*) FILTER (WHERE s.checked_in_at <= s.check_in_due_at) AS checked_in_on_time,
          count(s.reported_at) AS reported,
          count(*) FILTER (WHERE s.reported_at <= s.done_due_at) AS done_on_time,
          count(s.rating) AS rated,
          sum(s.rating) AS rating_sum
        FROM whistle_summons s JOIN departments d ON d.id = s.department_id JOIN org_units u ON u.id = d.org_unit_id
        WHERE ${scope} ${start ? sql`AND s.created_at >= ${start}` : sql``} ${end ? sql`AND s.created_at < ${end}` : sql``}
        GROUP BY d.id, d.name, u.name
        ORDER BY u.name, d.name`,
  );
}

/** Turns counts into a scorecard (pure). On-time rates are over the summons not called off. */
export function toScorecard(r: ScorecardCounts): Scorecard {
  const n = (v: number | string | null) => Number(v ?? 0);
  return {
    departmentId: r.department_id,
    departmentName: r.department_name,
    unitName: r.unit_name,
    summoned: n(r.summoned),
    checkedIn: n(r.checked_in),
    checkedInOnTime: n(r.checked_in_on_time),
    reported: n(r.reported),
    doneOnTime: n(r.done_on_time),
    rated: n(r.rated),
    averageRating: average(n(r.rating_sum), n(r.rated)),
    checkInOnTimeRate: ratio(Math.min(n(r.checked_in_on_time), n(r.summoned)), n(r.summoned)),
    doneOnTimeRate: ratio(Math.min(n(r.done_on_time), n(r.summoned)), n(r.summoned)),
  };
}

/** Department scorecards over the whistles of the towns the actor may see (the town's 考核权). */
export async function departmentScorecards(
  db: Db,
  timeZone: string,
  actor: Actor,
  q: { underId?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<{ items: Scorecard[] }> {
  const conds = [inScope(sql`s.path`, scopePaths(actor, "rates.read"))];
  if (q.underId) {
    const [u] = await queryRows<{ path: string }>(db, sql`SELECT path FROM org_units WHERE id = ${q.underId}`);
    if (!u) throw new AppError("NOT_FOUND");
    conds.push(sql`s.path LIKE ${`${u.path}%`}`);
  }
  const { start, end } = periodBounds(q.from, q.to, timeZone);
  const rows = await scorecardCounts(db, sql.join(conds, sql` AND `), start, end);
  return { items: rows.map(toScorecard) };
}
