import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { attendanceRosters, type members, partyOrgs } from "../../../db/schema/index.js";
import { bulkInsert, textArrayLiteral, withIndexesDeferred, type BulkColumn, type BulkValue } from "../bulk-sql.js";
import { systemActor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import type { Clock } from "../../../platform/clock.js";
import { addYears, chinaToday } from "../../../../common/member-rules.js";
import type { DemoStep } from "../../demo/steps.js";
import { memberCipher, protectPii } from "../member-pii.js";
import { rosterDigest } from "../attendance-sheet.js";
import { demoMeetings, windowBefore, type DemoBranch, type DemoMeeting } from "./demo-meetings.js";
import { WORKPLACES, idNumber, int, mobile, person, pick, prng, uuidFrom } from "./synthetic.js";

interface Unit {
  id: string;
  parentId: string | null;
  level: "town" | "village";
  kind: string;
  name: string;
  code: string;
}

type MemberInsert = Required<Omit<typeof members.$inferInsert, "createdAt" | "updatedAt">>;

const MEMBER_COLUMNS: BulkColumn[] = [
  ["id", "uuid"], ["party_org_id", "uuid"], ["name", "text"], ["gender", "text"], ["birth_date", "date"], ["id_type", "text"],
  ["id_number_cipher", "text"], ["id_number_hash", "text"], ["id_masked", "text"], ["phone_cipher", "text"], ["phone_hash", "text"],
  ["phone_masked", "text"], ["education", "text"], ["joined_on", "date"], ["status", "text"], ["probation_ends_on", "date"],
  ["mobile_member", "boolean"], ["mobile_workplace", "text"], ["created_at", "timestamptz"], ["updated_at", "timestamptz"],
].map(([name, type]) => ({ name, type }) as BulkColumn);

const MEETING_COLUMNS: BulkColumn[] = [
  ["id", "uuid"], ["party_org_id", "uuid"], ["type", "text"], ["held_on", "date"], ["topic", "text"], ["roster_id", "uuid"],
  ["attendance", "text"], ["excuse_reasons", "text[]"], ["present_count", "integer"], ["excused_count", "integer"],
  ["absent_count", "integer"], ["created_at", "timestamptz"], ["updated_at", "timestamptz"],
].map(([name, type]) => ({ name, type }) as BulkColumn);

function memberValues(m: MemberInsert & { at: Date }): BulkValue[] {
  return [
    m.id, m.partyOrgId, m.name, m.gender, m.birthDate, m.idType, m.idNumberCipher, m.idNumberHash, m.idMasked,
    m.phoneCipher, m.phoneHash, m.phoneMasked, m.education, m.joinedOn, m.status, m.probationEndsOn, m.mobileMember,
    m.mobileWorkplace, m.at, m.at,
  ];
}
const BATCH = 1000;

async function insertAll<T>(items: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The demo's party data for every town and village present: a committee per town, a branch per
 * village (a general branch above 50 members) with 20–60 synthetic members (~35,000 for
 * Shantou), a secretary and committee, and the twelve months of meetings before "now" with
 * attendance. Each village draws from its own seeded generator, so one village's data does not
 * depend on the others. ID numbers and phones are encrypted like real ones.
 */
export async function seedPartyDemo(deps: { db: Db; clock: Clock; secret: string }, log: (msg: string) => void = () => {}): Promise<void> {
  const cipher = memberCipher(deps.secret);
  const today = chinaToday(deps.clock.now());
  const now = deps.clock.now();
  const months = windowBefore(today);
  const units = await queryRows<Unit>(
    deps.db,
    sql`SELECT id, parent_id AS "parentId", level, kind, name, division_code AS code FROM org_units
      WHERE level IN ('town', 'village') AND revoked_at IS NULL AND division_code IS NOT NULL ORDER BY division_code`,
  );
  const committeeOf = new Map<string, string>();
  const orgRows: (typeof partyOrgs.$inferInsert)[] = [];
  for (const t of units.filter((u) => u.level === "town")) {
    const r = prng(`zhenxing-demo:committee:${t.code}`);
    const id = uuidFrom(r);
    committeeOf.set(t.id, id);
    const suffix = t.kind === "street" ? "党工委" : "党委";
    orgRows.push({ id, orgUnitId: t.id, kind: "committee", name: `${t.name}${suffix}`, foundedOn: `19${int(r, 50, 90)}-07-01`, termStart: "2021-09-15", termEnd: "2026-09-15", createdAt: now, updatedAt: now });
  }
  const memberRows: (MemberInsert & { at: Date })[] = [];
  const branches: DemoBranch[] = [];
  const secretaries: { orgId: string; memberId: string }[] = [];
  const usedIds = new Set<string>();
  for (const v of units.filter((u) => u.level === "village")) {
    const r = prng(`zhenxing-demo:village:${v.code}`);
    const orgId = uuidFrom(r);
    const size = 20 + Math.floor(41 * Math.pow(r(), 2.4));
    orgRows.push({
      id: orgId,
      orgUnitId: v.id,
      parentId: v.parentId ? (committeeOf.get(v.parentId) ?? null) : null,
      kind: size > 50 ? "generalBranch" : "branch",
      name: `${v.name}${size > 50 ? "党总支" : "党支部"}`,
      foundedOn: `19${int(r, 50, 95)}-0${int(r, 1, 9)}-01`,
      termStart: "2021-10-20",
      termEnd: "2026-10-20",
      createdAt: now,
      updatedAt: now,
    });
    const weak = r() < 0.15;
    const compliance = weak ? 0.45 + 0.25 * r() : 0.8 + 0.2 * r();
    const attendance = weak ? 0.55 + 0.2 * r() : 0.72 + 0.23 * r();
    const demoMembers = [];
    for (let i = 0; i < size; i++) {
      const probationary = i > 3 && r() < 0.03;
      const p = person(r, today, probationary);
      let seq = int(r, 0, 999);
      let id = idNumber(v.code.slice(0, 6), p.birthDate, seq, p.gender);
      while (usedIds.has(id)) id = idNumber(v.code.slice(0, 6), p.birthDate, (seq += 2), p.gender);
      usedIds.add(id);
      const phone = r() < 0.9 ? mobile(r) : null;
      const isMobile = i > 2 && r() < 0.05;
      const memberId = uuidFrom(r);
      memberRows.push({
        id: memberId,
        partyOrgId: orgId,
        name: p.name,
        gender: p.gender,
        birthDate: p.birthDate,
        idType: "prcId",
        ...protectPii(cipher, "prcId", id, phone),
        education: p.education,
        joinedOn: p.joinedOn,
        status: probationary ? "probationary" : "full",
        probationEndsOn: probationary ? addYears(p.joinedOn, 1) : null,
        mobileMember: isMobile,
        mobileWorkplace: isMobile ? pick(r, WORKPLACES) : null,
        at: now,
      });
      const propensity = isMobile ? 0.2 + 0.2 * r() : clamp(attendance + (r() - 0.5) * 0.3, 0.2, 0.99);
      demoMembers.push({ id: memberId, propensity, full: !probationary });
    }
    const committee = demoMembers.filter((m) => m.full).slice(0, 3 + int(r, 0, 2));
    secretaries.push({ orgId, memberId: committee[0]!.id });
    const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : 1);
    branches.push({ id: orgId, members: [...demoMembers].sort(byId), committee: [...committee].sort(byId), compliance });
  }

  const meetingRows: (DemoMeeting & { rosterId: string })[] = [];
  const rosters = new Map<string, { id: string; digest: string; memberIds: string[] }>();
  const rosterFor = (ids: string[], r: () => number): string => {
    const digest = rosterDigest(ids);
    let found = rosters.get(digest);
    if (!found) rosters.set(digest, (found = { id: uuidFrom(r), digest, memberIds: ids }));
    return found.id;
  };
  for (const b of branches) {
    const r = prng(`zhenxing-demo:meetings:${b.id}`);
    const all = rosterFor(b.members.map((m) => m.id), r);
    const committee = rosterFor(b.committee.map((m) => m.id), r);
    for (const m of demoMeetings(r, b, months)) meetingRows.push({ ...m, rosterId: m.roster === "all" ? all : committee });
  }

  await deps.db.transaction(async (tx) => {
    await insertAll(orgRows, BATCH, (batch) => tx.insert(partyOrgs).values(batch));
    await withIndexesDeferred(tx, ["members", "meetings"], async () => {
    await bulkInsert(tx, "members", MEMBER_COLUMNS, memberRows.map(memberValues));
    await insertAll(secretaries, BATCH, (batch) =>
      tx.execute(sql`UPDATE party_orgs AS p SET secretary_id = v.m FROM (VALUES ${sql.join(
        batch.map((s) => sql`(${s.orgId}::uuid, ${s.memberId}::uuid)`),
        sql`, `,
      )}) AS v(o, m) WHERE p.id = v.o`),
    );
    await insertAll([...rosters.values()], BATCH, (batch) => tx.insert(attendanceRosters).values(batch));
    await bulkInsert(
      tx,
      "meetings",
      MEETING_COLUMNS,
      meetingRows.map((m) => [
        m.id,
        m.partyOrgId,
        m.type,
        m.heldOn,
        m.topic,
        m.rosterId,
        m.attendance,
        m.excuseReasons.some((x) => x !== null) ? textArrayLiteral(m.excuseReasons) : null,
        m.present,
        m.excused,
        m.absent,
        now,
        now,
      ]),
    );
    });
    await writeAudit(tx, systemActor("demo"), deps.clock, [
      {
        action: "demo.party",
        entityType: "demo",
        after: { partyOrgs: orgRows.length, members: memberRows.length, meetings: meetingRows.length, from: `${months[0]?.year}-${months[0]?.month}` },
      },
    ]);
  });
  // PGlite runs no autovacuum: give the planner statistics for the tables just filled.
  await deps.db.execute(sql`ANALYZE party_orgs, members, attendance_rosters, meetings`);
  log(`party demo: ${orgRows.length} organisations, ${memberRows.length} members, ${meetingRows.length} meetings`);
}

export const partyDemoStep: DemoStep = { name: "party", run: (deps, log) => seedPartyDemo(deps, log) };
