import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { MetricDefinition, MetricProvider, MetricQuery } from "../../platform/metrics.js";
import { CADENCE_KINDS, MEETING_CADENCE, MEETING_TYPES, PERIODS_PER_YEAR, type MeetingType } from "../../../common/party.js";
import { pgArray, textLines } from "./bulk-sql.js";
import { readAttendance } from "./member-attendance.js";

/** Obligations a year under the cadence (46: 3 monthly, 2 quarterly, 2 yearly meeting types). */
export const OBLIGATIONS_PER_YEAR = MEETING_TYPES.reduce((n, t) => n + PERIODS_PER_YEAR[MEETING_CADENCE[t]], 0);

/** The meetings a member's "三会一课" attendance counts (党员大会/党小组会/党课), as the member-star scheme reads it. */
export const COUNTED_MEETINGS: readonly MeetingType[] = ["memberAssembly", "groupMeeting", "partyLecture"];

const def = (name: string, unit: MetricDefinition["unit"], description: string): MetricDefinition => ({ name, label: `metric.${name}`, unit, description });

export const ORG_LIFE_METRICS: readonly MetricDefinition[] = [
  def("orgLife.heldRate", "ratio", "Share of the year's cadence obligations (46 per branch) with at least one meeting held in their period."),
  def("orgLife.attendanceRate", "ratio", "Members present over members expected, summed over every attendance sheet of the year."),
  def("orgLife.themeDayCount", "count", "Theme days (主题党日) held in the year."),
  def("orgLife.meetingCount", "count", "Meetings of organisational life held in the year."),
  def("orgLife.memberCount", "count", "Current members of the unit's party organisations."),
  def("orgLife.mobileMemberCount", "count", "Current mobile members (流动党员)."),
];

export const MEMBER_METRICS: readonly MetricDefinition[] = [
  def("member.meetingsAttended", "count", "Member assemblies, group meetings and party lectures attended (present) in the year."),
  def("member.themeDaysAttended", "count", "Theme days attended (present) in the year."),
  def("member.orgLifeAttended", "count", "Meetings of any type attended (present) in the year."),
  def("member.expectedMeetings", "count", "Attendance sheets of the year the member was on."),
  def("member.excusedAbsences", "count", "Excused absences (请假) in the year."),
  def("member.unexcusedAbsences", "count", "Absences without leave (无故缺席) in the year."),
  def("member.attendanceRate", "ratio", "Present over sheets the member was on (0 when on none)."),
];

function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/**
 * The cadence obligation a meeting meets, as one bit of a bigint: each type has a run of bits,
 * one per period of its cadence (memberAssembly's 4 quarters, then branchCommittee's 12 months …),
 * 46 bits in all (OBLIGATIONS_PER_YEAR). `bit_or` of these per organisation is the set of periods
 * met and its popcount the count: a plain hash aggregate, where `count(DISTINCT (type, period))`
 * sorted the province's 430,000 meetings by organisation first (over half of the read).
 */
function obligationBitSql(alias: string): SQL {
  let offset = 0;
  const cases = MEETING_TYPES.map((t) => {
    const c = MEETING_CADENCE[t];
    const period = c === "monthly" ? `extract(month FROM ${alias}.held_on)::int` : c === "quarterly" ? `extract(quarter FROM ${alias}.held_on)::int` : "1";
    const when = `WHEN '${t}' THEN 1::bigint << (${offset - 1} + ${period})`;
    offset += PERIODS_PER_YEAR[c];
    return when;
  });
  return sql.raw(`CASE ${alias}.type ${cases.join(" ")} END`);
}

function num(v: number | string | null | undefined): number {
  return Number(v ?? 0);
}

/** One unit's organisational-life counts as orgLifeMetrics' query writes them (comma-separated, unit id first). */
export interface OrgLifeCounts {
  unit: string;
  cadenceOrgs: number;
  met: number;
  meetings: number;
  themeDays: number;
  present: number;
  expected: number;
  members: number;
  mobile: number;
}

export function parseOrgLifeLine(line: string): OrgLifeCounts {
  const f = line.split(",");
  const n = (i: number) => Number(f[i]);
  return { unit: f[0] ?? "", cadenceOrgs: n(1), met: n(2), meetings: n(3), themeDays: n(4), present: n(5), expected: n(6), members: n(7), mobile: n(8) };
}

/**
 * Organisational life per org unit (a village, through its branch): one set-based pass over the
 * year's meetings of every organisation in scope.
 */
export const orgLifeMetrics: MetricProvider = {
  module: "orgLife",
  subjectKind: "orgUnit",
  metrics: ORG_LIFE_METRICS,
  async compute(db: Db, q: MetricQuery) {
    const { from, to } = yearRange(q.year);
    const subjects = q.subjectIds ? sql`AND po.org_unit_id = ANY(${pgArray(q.subjectIds, "uuid")})` : sql``;
    // Set-based: the year's meetings and the members each grouped per organisation in one pass
    // (a period met = one bit of obligationBitSql), each joined to the scope by hash, then
    // summed per unit. The earlier LATERAL form ran two index scans per organisation: 27,000 of
    // them on a province, 15× the floor.
    // The member counts read every member row (a province's 1.3M): only when a scheme reads them.
    const countMembers = !q.metrics || q.metrics.has("orgLife.memberCount") || q.metrics.has("orgLife.mobileMemberCount");
    // The scope as a semi-join (one hash probe per meeting or member) rather than two joins: the
    // province's meetings aggregate ~400 → ~330 ms on PostgreSQL, no worse on PGlite (2026-11-29).
    const scope = sql`WHERE s.party_org_id IN (SELECT po.id FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE ou.path LIKE ${`${q.scopePath}%`} ${subjects})`;
    // Counts as int inside (their sums stay bigint, not numeric), and the units' rows out as one
    // text of lines (textLines): on PGlite each of a city's 1,158 rows through the wire cost more
    // than the line (this query ~135 → ~105 ms CPU at load 9, 2026-11-29). Every field is
    // counted or coalesced, so none is NULL and concat_ws keeps their places.
    const lines = await textLines(
      db,
      sql`WITH m AS (
          SELECT s.party_org_id, bit_or(${obligationBitSql("s")}) AS met, count(*)::int AS meetings,
            (count(*) FILTER (WHERE s.type = 'themeDay'))::int AS theme_days, sum(s.present_count)::int AS present,
            sum(s.present_count + s.excused_count + s.absent_count)::int AS expected
          FROM meetings s ${scope} AND s.held_on >= ${from}::date AND s.held_on < ${to}::date
          GROUP BY s.party_org_id),
        mb AS (
          SELECT s.party_org_id, count(*)::int AS members, (count(*) FILTER (WHERE s.mobile_member))::int AS mobile
          FROM members s ${scope} ${countMembers ? sql`` : sql`AND false`} GROUP BY s.party_org_id)
        SELECT concat_ws(',', po.org_unit_id,
          count(*) FILTER (WHERE po.kind = ANY(${pgArray(CADENCE_KINDS, "text")})),
          coalesce(sum(bit_count(m.met::bit(64))) FILTER (WHERE po.kind = ANY(${pgArray(CADENCE_KINDS, "text")})), 0),
          coalesce(sum(m.meetings), 0), coalesce(sum(m.theme_days), 0),
          coalesce(sum(m.present), 0), coalesce(sum(m.expected), 0),
          coalesce(sum(mb.members), 0), coalesce(sum(mb.mobile), 0)) AS line
        FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id
        LEFT JOIN m ON m.party_org_id = po.id LEFT JOIN mb ON mb.party_org_id = po.id
        WHERE po.dissolved_at IS NULL AND ou.path LIKE ${`${q.scopePath}%`} ${subjects}
        GROUP BY po.org_unit_id`,
    );
    const rows = lines.map(parseOrgLifeLine);
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const values: Record<string, number> = {
        "orgLife.attendanceRate": num(r.expected) > 0 ? num(r.present) / num(r.expected) : 0,
        "orgLife.themeDayCount": num(r.themeDays),
        "orgLife.meetingCount": num(r.meetings),
      };
      if (countMembers) {
        values["orgLife.memberCount"] = num(r.members);
        values["orgLife.mobileMemberCount"] = num(r.mobile);
      }
      // A unit with only a committee has no branch cadence: no held rate rather than a false 0.
      if (num(r.cadenceOrgs) > 0) values["orgLife.heldRate"] = num(r.met) / (OBLIGATIONS_PER_YEAR * num(r.cadenceOrgs));
      out.set(r.unit, values);
    }
    return out;
  },
};

/**
 * Attendance per member: every attendance sheet of the year, position i of a sheet being the
 * roster's i-th member, counted per member (readAttendance) for the members in scope (the
 * caller's `inScope` when it has them). Sheets of
 * organisations a member has since left still count: attendance follows the person.
 */
export const memberLifeMetrics: MetricProvider = {
  module: "member",
  subjectKind: "member",
  metrics: MEMBER_METRICS,
  async compute(db: Db, q: MetricQuery) {
    const { from, to } = yearRange(q.year);
    const subjects = q.subjectIds ? sql`AND mb.id = ANY(${pgArray(q.subjectIds, "uuid")})` : sql``;
    const members =
      q.inScope ??
      (await textLines(
        db,
        sql`SELECT mb.id::text AS line FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
            WHERE ou.path LIKE ${`${q.scopePath}%`} ${subjects}`,
      ));
    const counts = await readAttendance(db, { from, to, counted: COUNTED_MEETINGS, ...(q.subjectIds ? { subjectIds: q.subjectIds } : {}) });
    const out = new Map<string, Record<string, number>>();
    for (const id of members) {
      const c = counts.get(id);
      const expected = c?.expected ?? 0;
      const present = c?.present ?? 0;
      out.set(id, {
        "member.meetingsAttended": c?.counted ?? 0,
        "member.themeDaysAttended": c?.themeDays ?? 0,
        "member.orgLifeAttended": present,
        "member.expectedMeetings": expected,
        "member.excusedAbsences": c?.excused ?? 0,
        "member.unexcusedAbsences": c?.absent ?? 0,
        "member.attendanceRate": expected > 0 ? present / expected : 0,
      });
    }
    return out;
  },
};

/** The providers this module publishes. */
export const partyMetricProviders: readonly MetricProvider[] = [orgLifeMetrics, memberLifeMetrics];
