import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { MetricDefinition, MetricProvider, MetricQuery } from "../../platform/metrics.js";
import { LEDGER_KINDS, type LedgerKind } from "../../../common/rating.js";
import { pgArray, textLines } from "../party/bulk-sql.js";
import type { Facts, Scheme } from "./engine/index.js";
import { elderlyMinAge } from "./engine/exemptions.js";
import { branchScoreFacts } from "./member-scores.service.js";
import { gatherMetrics, metricsRead } from "./metrics.service.js";
import type { RatingDeps } from "./rating-deps.js";

const def = (name: string, unit: MetricDefinition["unit"], description: string): MetricDefinition => ({ name, label: `metric.${name}`, unit, description });

/** Ledger kind → the metric it publishes per member and year. */
export const LEDGER_METRIC: Record<LedgerKind, string> = {
  study: "member.studyHours",
  volunteer: "member.volunteerHours",
  linkHouse: "member.householdVisits",
  urgent: "member.urgentTasks",
  complaintUpheld: "member.complaintsUpheld",
  discipline: "member.disciplined",
};

export const LEDGER_METRICS: readonly MetricDefinition[] = [
  def("member.studyHours", "hours", "Hours of collective or online study recorded in the year."),
  def("member.volunteerHours", "hours", "Volunteer service hours recorded with evidence in the year."),
  def("member.householdVisits", "count", "Household visits and errands (联户走访/代办) recorded in the year."),
  def("member.urgentTasks", "count", "Urgent, difficult or dangerous tasks (急难险重) recorded with evidence in the year."),
  def("member.complaintsUpheld", "count", "Complaints by residents found true in the year."),
  def("member.disciplined", "count", "Party or government disciplinary sanctions recorded in the year."),
];

/** The member star ledger as metrics: one grouped pass over the year's entries in scope. */
export const ledgerMetrics: MetricProvider = {
  module: "memberLedger",
  subjectKind: "member",
  metrics: LEDGER_METRICS,
  async compute(db: Db, q: MetricQuery) {
    const subjects = q.subjectIds ? sql`AND l.member_id = ANY(${pgArray(q.subjectIds, "uuid")})` : sql``;
    const rows = await queryRows<{ member_id: string; kind: LedgerKind; qty: string | number }>(
      db,
      sql`SELECT l.member_id, l.kind, sum(l.quantity) AS qty
          FROM member_star_ledger l JOIN members mb ON mb.id = l.member_id JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
          WHERE l.year = ${q.year} AND ou.path LIKE ${`${q.scopePath}%`} ${subjects}
          GROUP BY l.member_id, l.kind`,
    );
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const v = out.get(r.member_id) ?? {};
      v[LEDGER_METRIC[r.kind]] = Number(r.qty);
      out.set(r.member_id, v);
    }
    return out;
  },
};

/** A member as memberSubjects' query writes it: id (36), then t/f for mobile, elderly and probationary, then the path. */
export function parseMemberLine(line: string): { id: string; path: string; mobile: boolean; elderly: boolean; probationary: boolean } {
  return { id: line.slice(0, 36), mobile: line.charAt(36) === "t", elderly: line.charAt(37) === "t", probationary: line.charAt(38) === "t", path: line.slice(39) };
}

export interface MemberSubject {
  id: string;
  path: string;
  category: "regular" | "elderly" | "mobile";
  probationary: boolean;
  facts: Facts;
}

/**
 * The engine's facts for members in scope. Points come only from records: attendance metrics
 * (excused absence is never counted as absence), the ledger's metrics, and the ledger's sums as
 * counts for the scheme's manual per-event indicators whose code is a ledger kind (volunteer,
 * linkHouse, urgent, complaintUpheld). Category: mobile members (流动党员) → `mobile`, members aged
 * the scheme's elderly age (elderlyMinAge, 75 by default) or more on 1 January → `elderly`
 * (exemptions are the scheme's category overrides). What no record supplies (dues, job
 * performance …) is the branch's score, as role `branch` (branchScoreFacts).
 * A recorded discipline hits the scheme's `discipline` veto (清零).
 * The members are read as lines (textLines: a third of the time of a JSON row set on PGlite) and
 * handed to the providers as `inScope`, so attendance does not read them a second time.
 */
export async function memberSubjects(
  deps: RatingDeps,
  db: Db,
  scheme: Scheme,
  scopePath: string,
  subjectIds?: readonly string[],
): Promise<MemberSubject[]> {
  const only = subjectIds ? sql`AND mb.id = ANY(${pgArray(subjectIds, "uuid")})` : sql``;
  const jan1 = `${scheme.year}-01-01`;
  const flag = (cond: SQL) => sql`CASE WHEN ${cond} THEN 't' ELSE 'f' END`;
  const lines = await textLines(
    db,
    sql`SELECT mb.id::text || ${flag(sql`mb.mobile_member`)} || ${flag(sql`mb.birth_date <= (${jan1}::date - make_interval(years => ${elderlyMinAge(scheme)}))`)}
          || ${flag(sql`mb.status = 'probationary'`)} || ou.path AS line
        FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
        WHERE ou.path LIKE ${`${scopePath}%`} ${only}`,
  );
  const members = lines.map(parseMemberLine);
  const names = metricsRead(scheme);
  for (const m of Object.values(LEDGER_METRIC)) names.add(m);
  const inScope = members.map((m) => m.id);
  const metrics = await gatherMetrics(db, deps.providers, "member", { year: scheme.year, timeZone: deps.timeZone, scopePath, inScope, ...(subjectIds ? { subjectIds } : {}) }, names);
  const categories = new Set(scheme.categories.map((c) => c.code));
  const countIndicators = scheme.dimensions.flatMap((d) => d.indicators).filter((i) => i.method === "perEvent" && i.source === "manual" && (LEDGER_KINDS as readonly string[]).includes(i.code));
  const hasDisciplineVeto = scheme.vetoes.some((v) => v.code === "discipline");
  const branch = await branchScoreFacts(db, scheme, scopePath, subjectIds);
  // The scheme's own metrics, once: walking the scheme per member was 35,000 walks a city.
  const read = [...metricsRead(scheme)];
  return members.map((m) => {
    const values = metrics.get(m.id) ?? {};
    const inputs: Record<string, number> = {};
    for (const n of read) if (values[n] !== undefined) inputs[n] = values[n];
    const counts: Record<string, number> = {};
    for (const ind of countIndicators) counts[ind.code] = values[LEDGER_METRIC[ind.code as LedgerKind]] ?? 0;
    const category = m.mobile ? "mobile" : m.elderly ? "elderly" : "regular";
    const facts: Facts = { inputs, counts, ...branch(m.id, category) };
    if (categories.has(category)) facts.categoryCode = category;
    if (hasDisciplineVeto && (values["member.disciplined"] ?? 0) > 0) facts.vetoHits = ["discipline"];
    return { id: m.id, path: m.path, category, probationary: m.probationary, facts };
  });
}
