import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { scopePaths } from "../../../authz/policy.js";
import { inScope } from "../../../authz/scope-sql.js";
import type { Actor } from "../../../platform/actor.js";
import type { Clock } from "../../../platform/clock.js";
import { AppError } from "../../../platform/errors.js";
import { localDate } from "../../../platform/calendar/zoned-time.js";
import type { EndpointQuery } from "../../../../common/contract/endpoint.js";
import type { rates as contract } from "../../../../common/contract/index.js";
import type { UnitRates } from "../../../../common/contract/rates.contract.js";
import { periodBounds } from "../whistle/scorecards.js";
import { rankBy, ratesOf, type RateCounts } from "./rates.js";
import { countsOf, departmentCounts, unitCounts } from "./rates.repo.js";

interface Row {
  unitId: string;
  name: string;
  parentName: string | null;
  counts: RateCounts;
}

/** Rates and rankings from counts (pure): response and resolution ranked on appeals, satisfaction on ratings. */
export function rankUnits(rows: readonly Row[], minSample: number): UnitRates[] {
  const withRates = rows.map((r) => ({ ...r, rates: ratesOf(r.counts) }));
  const response = rankBy(withRates, (r) => r.rates.responseRate, (r) => r.counts.appeals, minSample);
  const resolution = rankBy(withRates, (r) => r.rates.resolutionRate, (r) => r.counts.appeals, minSample);
  const satisfaction = rankBy(withRates, (r) => r.rates.satisfactionRate, (r) => r.counts.rated, minSample);
  return withRates
    .map((r, i) => ({
      unitId: r.unitId,
      name: r.name,
      parentName: r.parentName,
      ...r.counts,
      ...r.rates,
      ranks: { response: response[i]?.rank ?? null, resolution: resolution[i]?.rank ?? null, satisfaction: satisfaction[i]?.rank ?? null },
    }))
    .sort((a, b) => (a.ranks.response ?? Infinity) - (b.ranks.response ?? Infinity) || a.name.localeCompare(b.name, "zh-CN"));
}

/** The three rates per unit of one level inside the actor's scope (and under `underId`). */
export async function appealRates(
  deps: { db: Db; clock: Clock; timeZone: string },
  actor: Actor,
  q: EndpointQuery<typeof contract.appealRates>,
): Promise<{ from: string; to: string; items: UnitRates[] }> {
  const today = localDate(deps.clock.now(), deps.timeZone);
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? today;
  if (from > to) throw new AppError("VALIDATION", { fields: { from: { key: "validation.invalid" } } });
  const { start, end } = periodBounds(from, to, deps.timeZone);
  if (!start || !end) throw new AppError("INTERNAL");
  const scopes = scopePaths(actor, "rates.read");
  const narrow: SQL[] = [];
  if (q.underId) {
    const [u] = await queryRows<{ path: string }>(deps.db, sql`SELECT path FROM org_units WHERE id = ${q.underId}`);
    if (!u || !scopes.some((p) => u.path.startsWith(p) || p.startsWith(u.path))) throw new AppError("NOT_FOUND");
    narrow.push(sql`LIKE ${`${u.path}%`}`);
  }
  const under = (col: SQL) => (narrow[0] ? sql`AND ${col} ${narrow[0]}` : sql``);
  let rows: Row[];
  if (q.level === "department") {
    const found = await departmentCounts(deps.db, { summonsScope: sql`${inScope(sql`s.path`, scopes)} ${under(sql`s.path`)}`, start, end });
    rows = found.map((r) => ({ unitId: r.unit_id, name: r.name, parentName: r.unit_name, counts: countsOf(r) }));
  } else {
    const found = await unitCounts(deps.db, {
      appealScope: sql`${inScope(sql`a.path`, scopes)} ${under(sql`a.path`)}`,
      unitFilter: sql`u.level = ${q.level} AND ${inScope(sql`u.path`, scopes)} ${under(sql`u.path`)}`,
      start,
      end,
    });
    const parents = await parentNames(deps.db, found.map((r) => r.unit_id));
    rows = found.map((r) => ({ unitId: r.unit_id, name: r.name, parentName: parents.get(r.unit_id) ?? null, counts: countsOf(r) }));
  }
  return { from, to, items: rankUnits(rows, q.minSample) };
}

async function parentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`SELECT u.id, p.name FROM org_units u JOIN org_units p ON p.id = u.parent_id WHERE u.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
