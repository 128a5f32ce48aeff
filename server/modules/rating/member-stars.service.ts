import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import { memberAccounts, memberReviewGrades, memberStarLedger } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize } from "../../authz/policy.js";
import { translate, type Locale } from "../../../common/i18n/index.js";
import type { StarCard } from "../../../common/contract/rating-results.contract.js";
import { EXCELLENT_MAX_SHARE, LEDGER_EVIDENCE_REQUIRED, type LedgerKind, type ReviewGrade } from "../../../common/rating.js";
import { isIsoDate } from "../../../common/member-rules.js";
import { pgArray } from "../party/bulk-sql.js";
import { computeCompiled, compileScheme } from "./engine/index.js";
import { starsOf } from "./facts.js";
import { memberSubjects } from "./member-facts.js";
import type { RatingDeps } from "./rating-deps.js";
import { governingScheme } from "./schemes.repo.js";
import { schemeOf } from "./schemes.service.js";

interface MemberRow {
  id: string;
  name: string;
  status: "full" | "probationary";
  party_org_id: string;
  party_org_name: string;
  path: string;
}

async function findMember(db: Db, id: string): Promise<MemberRow | null> {
  const [m] = await queryRows<MemberRow>(
    db,
    sql`SELECT mb.id, mb.name, mb.status, mb.party_org_id, po.name AS party_org_name, ou.path
        FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id WHERE mb.id = ${id}`,
  );
  return m ?? null;
}

type LedgerRow = typeof memberStarLedger.$inferSelect;
const ledgerView = (r: LedgerRow) => ({
  id: r.id, memberId: r.memberId, year: r.year, kind: r.kind, quantity: Number(r.quantity), occurredOn: r.occurredOn, note: r.note, evidence: r.evidence, createdAt: r.createdAt.toISOString(),
});

/** Records a star event for a member; kinds that count only with evidence (volunteer hours …) must carry it. */
export async function addLedgerEntry(
  deps: RatingDeps,
  actor: Actor,
  memberId: string,
  body: { kind: LedgerKind; quantity: number; occurredOn: string; note?: string | undefined; evidence?: string[] | undefined },
) {
  const m = await findMember(deps.db, memberId);
  if (!m) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", m);
  if (!isIsoDate(body.occurredOn)) throw fieldError("occurredOn", "rating.ledger.badDate");
  if (LEDGER_EVIDENCE_REQUIRED.includes(body.kind) && !(body.evidence?.length)) throw fieldError("evidence", "rating.ledger.evidenceRequired");
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(memberStarLedger)
      .values({
        memberId, year: Number(body.occurredOn.slice(0, 4)), kind: body.kind, quantity: body.quantity, occurredOn: body.occurredOn, note: body.note ?? "",
        evidence: body.evidence ?? [], recordedBy: actor.kind === "user" ? actor.userId : null, createdAt: deps.clock.now(),
      })
      .returning();
    if (!row) throw new Error("ledger insert returned nothing");
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.ledger", entityType: "member", entityId: memberId, orgPath: m.path, after: { kind: body.kind, quantity: body.quantity, occurredOn: body.occurredOn } }]);
    return ledgerView(row);
  });
}

/**
 * A member's star card, computed live from the records with the member-star scheme governing the
 * member's unit for the year: points against each indicator's cap, deductions, exemptions (the
 * category's disabled indicators), and the 民主评议 grade kept beside, never merged.
 */
async function starCardOf(deps: RatingDeps, m: MemberRow, year: number, locale: Locale): Promise<StarCard> {
  const schemeRow = await governingScheme(deps.db, "memberStar", year, m.path);
  const [review] = await deps.db.select().from(memberReviewGrades).where(and(eq(memberReviewGrades.memberId, m.id), eq(memberReviewGrades.year, year)));
  const ledger = await deps.db.select().from(memberStarLedger).where(and(eq(memberStarLedger.memberId, m.id), eq(memberStarLedger.year, year))).orderBy(memberStarLedger.occurredOn);
  const base = {
    memberId: m.id, name: m.name, partyOrgId: m.party_org_id, partyOrgName: m.party_org_name, year, probationary: m.status === "probationary",
    reviewGrade: m.status === "probationary" ? null : (review?.grade ?? null), ledger: ledger.map(ledgerView),
  };
  if (!schemeRow) return { ...base, category: "regular", total: null, grade: null, stars: null, provisional: true, disqualified: false, lines: [] };
  const scheme = schemeOf(schemeRow);
  const [subject] = await memberSubjects(deps, deps.db, scheme, m.path, [m.id]);
  const compiled = compileScheme(scheme);
  if (!subject || !compiled.ok) throw new AppError("NOT_FOUND");
  const r = computeCompiled(compiled.compiled, subject.facts, deps.clock.now());
  if (!r.ok) throw new AppError("VALIDATION", { message: r.problems[0] ?? { key: "error.VALIDATION" } });
  const res = r.result;
  const names = new Map(scheme.dimensions.flatMap((d) => d.indicators.map((i) => [i.code, i.name] as const)));
  const excluded = new Set(res.excluded);
  const lines = res.breakdown.map((l) => ({
    indicator: l.indicator, name: names.get(l.indicator) ?? l.indicator, dimension: l.dimension, points: l.points, cap: l.max,
    count: l.input.kind === "metric" || l.input.kind === "count" ? l.input.value : null, negative: l.negative, excluded: false,
    reason: translate(locale, l.reason.key, l.reason.params),
  }));
  for (const code of excluded) lines.push({ indicator: code, name: names.get(code) ?? code, dimension: "", points: 0, cap: 0, count: null, negative: false, excluded: true, reason: "" });
  return { ...base, category: subject.category, total: res.total, grade: res.grade, stars: starsOf(scheme.grading, res.grade), provisional: res.provisional, disqualified: res.disqualified, lines };
}

export async function memberStarCard(deps: RatingDeps, actor: Actor, memberId: string, year: number, locale: Locale): Promise<StarCard> {
  const m = await findMember(deps.db, memberId);
  if (!m) throw new AppError("NOT_FOUND");
  authorize(actor, "party.read", m);
  return starCardOf(deps, m, year, locale);
}

/** The signed-in member's own card (the account is linked to one member record). */
export async function myStarCard(deps: RatingDeps, actor: Actor, year: number, locale: Locale): Promise<StarCard> {
  if (actor.kind !== "user") throw new AppError("NOT_FOUND");
  const [link] = await deps.db.select().from(memberAccounts).where(eq(memberAccounts.userId, actor.userId));
  const m = link ? await findMember(deps.db, link.memberId) : null;
  if (!m) throw new AppError("NOT_FOUND", { message: { key: "rating.member.noAccount" } });
  return starCardOf(deps, m, year, locale);
}

/**
 * 民主评议 grades of a branch for a year: probationary members take part but get no grade, and
 * 优秀 goes to at most a third of the graded (full) members, counting the grades already stored.
 */
export async function setReviewGrades(deps: RatingDeps, actor: Actor, body: { partyOrgId: string; year: number; grades: { memberId: string; grade: ReviewGrade }[] }) {
  const [org] = await queryRows<{ id: string; path: string }>(deps.db, sql`SELECT po.id, ou.path FROM party_orgs po JOIN org_units ou ON ou.id = po.org_unit_id WHERE po.id = ${body.partyOrgId}`);
  if (!org) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", org);
  const members = await queryRows<{ id: string; status: string; grade: ReviewGrade | null }>(
    deps.db,
    sql`SELECT mb.id, mb.status, g.grade FROM members mb LEFT JOIN member_review_grades g ON g.member_id = mb.id AND g.year = ${body.year} WHERE mb.party_org_id = ${body.partyOrgId}`,
  );
  const byId = new Map(members.map((m) => [m.id, m]));
  body.grades.forEach((g, i) => {
    const m = byId.get(g.memberId);
    if (!m) throw fieldError(`grades.${i}.memberId`, "rating.review.notInBranch");
    if (m.status === "probationary") throw fieldError(`grades.${i}.grade`, "rating.review.probationary");
  });
  const next = new Map(members.filter((m) => m.status !== "probationary").map((m) => [m.id, m.grade]));
  for (const g of body.grades) next.set(g.memberId, g.grade);
  const excellent = [...next.values()].filter((g) => g === "excellent").length;
  const excellentMax = Math.floor(next.size * EXCELLENT_MAX_SHARE);
  if (excellent > excellentMax) {
    throw new AppError("VALIDATION", { fields: { grades: { key: "rating.review.excellentQuota", params: { max: excellentMax, count: excellent } } } });
  }
  const grades = [...new Map(body.grades.map((g) => [g.memberId, g])).values()];
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const setBy = actor.kind === "user" ? actor.userId : null;
    await tx.execute(sql`DELETE FROM member_review_grades WHERE year = ${body.year} AND member_id = ANY(${pgArray(grades.map((g) => g.memberId), "uuid")})`);
    await tx.insert(memberReviewGrades).values(grades.map((g) => ({ memberId: g.memberId, year: body.year, grade: g.grade, setBy, updatedAt: now })));
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.reviewGrades", entityType: "partyOrg", entityId: body.partyOrgId, orgPath: org.path, after: { year: body.year, count: grades.length, excellent } }]);
    return { updated: grades.length, excellent, excellentMax };
  });
}

/**
 * Links a `member` account to a member record (one account per member). The account must hold a
 * `member` grant inside the actor's party.manage scope, so a secretary links only their own people.
 */
export async function linkMemberAccount(deps: RatingDeps, actor: Actor, memberId: string, userId: string) {
  const m = await findMember(deps.db, memberId);
  if (!m) throw new AppError("NOT_FOUND");
  authorize(actor, "party.manage", m);
  const [grant] = await queryRows<{ path: string }>(
    deps.db,
    sql`SELECT ou.path FROM role_grants g JOIN org_units ou ON ou.id = g.org_unit_id WHERE g.user_id = ${userId} AND g.role = 'member'`,
  );
  if (!grant || !m.path.startsWith(grant.path)) throw fieldError("userId", "rating.member.notMemberAccount");
  authorize(actor, "party.manage", grant);
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM member_accounts WHERE user_id = ${userId} OR member_id = ${memberId}`);
    await tx.insert(memberAccounts).values({ userId, memberId });
    await writeAudit(tx, actor, deps.clock, [{ action: "rating.linkMemberAccount", entityType: "member", entityId: memberId, orgPath: m.path, after: { userId } }]);
    return { memberId, userId };
  });
}
