import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, can } from "../../authz/policy.js";
import type { MemberScoresView } from "../../../common/contract/rating-inputs.contract.js";
import { pgArray } from "../party/bulk-sql.js";
import { elderlyMinAge, type Facts, type Scheme } from "./engine/index.js";
import { BRANCH_ROLE, branchIndicators, checkEntry, countedScore } from "./member-scores.rules.js";
import type { RatingDeps } from "./rating-deps.js";
import { governingScheme } from "./schemes.repo.js";
import { schemeOf } from "./schemes.service.js";

interface OrgRow {
  id: string;
  name: string;
  path: string;
}

async function findOrg(db: Db, id: string): Promise<OrgRow | null> {
  const [org] = await queryRows<OrgRow>(db, sql`SELECT po.id, po.name, ou.path FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE po.id = ${id}`);
  return org ?? null;
}

/** The organisation's own members with their category under the scheme (mobile, elderly by the scheme's age, regular). */
async function membersOf(db: Db, orgId: string, scheme: Scheme): Promise<{ id: string; name: string; category: string }[]> {
  const rows = await queryRows<{ id: string; name: string; mobile: boolean; elderly: boolean }>(
    db,
    sql`SELECT mb.id, mb.name, mb.mobile_member AS mobile, mb.birth_date <= (${`${scheme.year}-01-01`}::date - make_interval(years => ${elderlyMinAge(scheme)})) AS elderly
        FROM members mb WHERE mb.party_org_id = ${orgId} ORDER BY mb.name, mb.id`,
  );
  const known = new Set(scheme.categories.map((c) => c.code));
  return rows.map((r) => {
    const category = r.mobile ? "mobile" : r.elderly ? "elderly" : "regular";
    return { id: r.id, name: r.name, category: known.has(category) ? category : "regular" };
  });
}

async function view(deps: RatingDeps, actor: Actor, org: OrgRow, year: number): Promise<MemberScoresView> {
  const row = await governingScheme(deps.db, "memberStar", year, org.path);
  const base = { partyOrgId: org.id, partyOrgName: org.name, year, canEdit: can(actor, "party.manage", org) };
  if (!row) return { ...base, schemeId: null, indicators: [], members: [] };
  const scheme = schemeOf(row);
  const indicators = branchIndicators(scheme);
  const members = await membersOf(deps.db, org.id, scheme);
  const scores = await queryRows<{ member_id: string; indicator: string; score: string | number }>(
    deps.db,
    sql`SELECT s.member_id, s.indicator, s.score FROM member_branch_scores s JOIN members mb ON mb.id = s.member_id WHERE mb.party_org_id = ${org.id} AND s.year = ${year}`,
  );
  const byMember = new Map<string, Record<string, number>>();
  for (const s of scores) byMember.set(s.member_id, { ...(byMember.get(s.member_id) ?? {}), [s.indicator]: Number(s.score) });
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  // The same rule the rating reads (countedScore), so the screen flags exactly what is capped.
  const overMaxOf = (category: string, stored: Record<string, number>) => {
    const out: Record<string, { overMax: true; max: number }> = {};
    for (const [code, score] of Object.entries(stored)) {
      const c = countedScore(byCode.get(code), category, score);
      if (c?.overMax) out[code] = { overMax: true, max: c.max };
    }
    return out;
  };
  return {
    ...base,
    schemeId: row.id,
    indicators: indicators.map((i) => ({ code: i.code, name: i.name, method: i.method, max: i.max, exemptCategories: i.exemptCategories })),
    members: members.map((m) => {
      const stored = byMember.get(m.id) ?? {};
      return { memberId: m.id, name: m.name, category: m.category, scores: stored, overMax: overMaxOf(m.category, stored) };
    }),
  };
}

/** The branch-scored indicators of an organisation's members for a year (party.read on the organisation). */
export async function getMemberScores(deps: RatingDeps, actor: Actor, orgId: string, year: number): Promise<MemberScoresView> {
  const org = await findOrg(deps.db, orgId);
  if (!org) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", org);
  return view(deps, actor, org, year);
}

/**
 * Enters the branch's scores (the branch secretary, or the town for its villages): each score a
 * member of this organisation, an indicator the branch scores, ≤ its max for the member's
 * category; a null removes the score. Upserted and audited in one transaction.
 */
export async function setMemberScores(
  deps: RatingDeps,
  actor: Actor,
  orgId: string,
  body: { year: number; scores: { memberId: string; indicator: string; score: number | null }[] },
): Promise<MemberScoresView> {
  const org = await findOrg(deps.db, orgId);
  if (!org) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", org);
  const row = await governingScheme(deps.db, "memberStar", body.year, org.path);
  if (!row) throw fieldError("year", "rating.memberScores.noScheme", { year: body.year });
  const scheme = schemeOf(row);
  const indicators = new Map(branchIndicators(scheme).map((i) => [i.code, i]));
  const categoryOf = new Map((await membersOf(deps.db, org.id, scheme)).map((m) => [m.id, m.category]));
  body.scores.forEach((e, i) => {
    const p = checkEntry(i, e, indicators, categoryOf);
    if (p) throw fieldError(p.field, p.key, p.params);
  });
  // The last entry for a (member, indicator) wins, as if typed in order.
  const entries = [...new Map(body.scores.map((e) => [`${e.memberId}:${e.indicator}`, e])).values()];
  const set = entries.filter((e): e is typeof e & { score: number } => e.score !== null);
  const cleared = entries.filter((e) => e.score === null);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const setBy = actor.kind === "user" ? actor.userId : null;
    if (set.length > 0) {
      await tx.execute(sql`INSERT INTO member_branch_scores (member_id, year, indicator, score, set_by, updated_at)
        SELECT t.m, ${body.year}::int, t.i, t.s::numeric, ${setBy}::uuid, ${now}::timestamptz
        FROM unnest(${pgArray(set.map((e) => e.memberId), "uuid")}, ${pgArray(set.map((e) => e.indicator), "text")}, ${pgArray(set.map((e) => String(e.score)), "text")}) AS t(m, i, s)
        ON CONFLICT (member_id, year, indicator) DO UPDATE SET score = EXCLUDED.score, set_by = EXCLUDED.set_by, updated_at = EXCLUDED.updated_at`);
    }
    for (const e of cleared) await tx.execute(sql`DELETE FROM member_branch_scores WHERE member_id = ${e.memberId} AND year = ${body.year} AND indicator = ${e.indicator}`);
    await writeAudit(tx, actor, deps.clock, [
      { action: "rating.memberScores", entityType: "partyOrg", entityId: org.id, orgPath: org.path, after: { year: body.year, set: set.map((e) => [e.memberId, e.indicator, e.score]), cleared: cleared.length } },
    ]);
  });
  return view(deps, actor, org, body.year);
}

/**
 * The branch's scores as the engine's facts (`manualScores.<indicator>.branch`), per member in
 * scope, read as `countedScore` says: indicators the scheme no longer has the branch score are
 * left out, and a score above a max a later version lowered counts at that max, with the value
 * entered in `cappedScores` so the member's breakdown says it was capped.
 */
export async function branchScoreFacts(
  db: Db,
  scheme: Scheme,
  scopePath: string,
  subjectIds?: readonly string[],
): Promise<(memberId: string, category: string) => Pick<Facts, "manualScores" | "cappedScores">> {
  const indicators = new Map(branchIndicators(scheme).map((i) => [i.code, i]));
  if (indicators.size === 0) return () => ({});
  const only = subjectIds ? sql`AND s.member_id = ANY(${pgArray(subjectIds, "uuid")})` : sql``;
  const rows = await queryRows<{ member_id: string; indicator: string; score: string | number }>(
    db,
    sql`SELECT s.member_id, s.indicator, s.score FROM member_branch_scores s
        JOIN members mb ON mb.id = s.member_id JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
        WHERE s.year = ${scheme.year} AND ou.path LIKE ${`${scopePath}%`} ${only}`,
  );
  const byMember = new Map<string, { indicator: string; score: number }[]>();
  for (const r of rows) byMember.set(r.member_id, [...(byMember.get(r.member_id) ?? []), { indicator: r.indicator, score: Number(r.score) }]);
  return (memberId, category) => {
    const manualScores: Record<string, Record<string, number>> = {};
    const cappedScores: Record<string, Record<string, number>> = {};
    for (const s of byMember.get(memberId) ?? []) {
      const c = countedScore(indicators.get(s.indicator), category, s.score);
      if (!c) continue;
      manualScores[s.indicator] = { [BRANCH_ROLE]: c.score };
      if (c.overMax) cappedScores[s.indicator] = { [BRANCH_ROLE]: c.entered };
    }
    if (Object.keys(manualScores).length === 0) return {};
    return Object.keys(cappedScores).length > 0 ? { manualScores, cappedScores } : { manualScores };
  };
}
