import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { MetricDefinition, MetricProvider, MetricQuery } from "../../../platform/metrics.js";
import { fromLocal } from "../../../platform/calendar/zoned-time.js";
import { inScope } from "../../../authz/scope-sql.js";
import { ratesOf } from "./rates.js";
import { countsOf, unitCounts } from "./rates.repo.js";

const def = (name: string, unit: MetricDefinition["unit"], description: string): MetricDefinition => ({ name, label: `metric.${name}`, unit, description });

export const APPEAL_METRICS: readonly MetricDefinition[] = [
  def("appeals.responseRate", "ratio", "Appeals filed in the unit's area in the year, accepted by their first handler within the accept deadline, over appeals filed (rejected ones left out); absent without appeals."),
  def("appeals.resolutionRate", "ratio", "Appeals resolved or closed over appeals filed in the year (rejected ones left out); absent without appeals."),
  def("appeals.satisfactionRate", "ratio", "Residents' ratings of 4 or 5 over appeals rated in the year; absent without ratings."),
  def("appeals.count", "count", "Appeals filed in the unit's area in the year, rejected ones left out."),
  def("appeals.respondedOnTime", "count", "Of those, accepted within the accept deadline."),
  def("appeals.resolved", "count", "Of those, resolved or closed."),
  def("appeals.rated", "count", "Of those, rated by the resident."),
  def("appeals.satisfied", "count", "Of those, rated 4 or 5."),
];

/**
 * The three rates per org unit (village, town, district …) for the rating engine: a village's
 * appeal handling feeds its fortress index. Rates without a denominator are left out, so the
 * engine notes "input missing" instead of scoring a village with no appeals as 0 % or 100 %.
 */
export const appealRatesMetrics: MetricProvider = {
  module: "appeals",
  subjectKind: "orgUnit",
  metrics: APPEAL_METRICS,
  async compute(db: Db, q: MetricQuery) {
    const start = fromLocal(`${q.year}-01-01`, 0, q.timeZone);
    const end = fromLocal(`${q.year + 1}-01-01`, 0, q.timeZone);
    const ids = q.subjectIds;
    const unitFilter = ids
      ? ids.length
        ? sql`u.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`
        : sql`false`
      : inScope(sql`u.path`, [q.scopePath]);
    const rows = await unitCounts(db, { appealScope: inScope(sql`a.path`, [q.scopePath]), unitFilter, start, end });
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const c = countsOf(r);
      const rates = ratesOf(c);
      const values: Record<string, number> = {
        "appeals.count": c.appeals,
        "appeals.respondedOnTime": c.respondedOnTime,
        "appeals.resolved": c.resolved,
        "appeals.rated": c.rated,
        "appeals.satisfied": c.satisfied,
      };
      if (rates.responseRate !== null) values["appeals.responseRate"] = rates.responseRate;
      if (rates.resolutionRate !== null) values["appeals.resolutionRate"] = rates.resolutionRate;
      if (rates.satisfactionRate !== null) values["appeals.satisfactionRate"] = rates.satisfactionRate;
      out.set(r.unit_id, values);
    }
    return out;
  },
};
