import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { systemActor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import type { Clock } from "../../../platform/clock.js";
import { textArrayLiteral } from "../../party/bulk-sql.js";
import { prng } from "../../party/demo/synthetic.js";
import type { DemoStep } from "../../demo/steps.js";
import { memberStar2026 } from "../engine/index.js";
import { branchIndicators } from "../member-scores.rules.js";

/** The towns whose branches have scored their members in the demo (红场镇 and 滨海街道, the demo accounts' towns). */
export const DEMO_SCORED_TOWNS: readonly string[] = ["440514109", "440512005"];
const YEARS = [2025, 2026] as const;

/** Rounds to the half point, as a branch would score. */
const half = (v: number): number => Math.round(v * 2) / 2;

/**
 * One member's branch scores for a year from the member's own seeded generator: dues paid by
 * almost everyone, commitment and job performance skewed towards good with a weak tail, so the
 * demo's star cards spread over three to five stars (and some below) instead of capping near 62.
 */
export function demoBranchScores(memberId: string, year: number): Record<string, number> {
  const r = prng(`zhenxing-demo:branch:${year}:${memberId}`);
  const quality = Math.min(1, Math.max(0.3, 1 - Math.pow(r(), 2) * 0.7));
  const out: Record<string, number> = {};
  for (const ind of branchIndicators(memberStar2026)) {
    out[ind.code] = ind.method === "boolean" ? (r() < 0.95 ? 1 : 0) : Math.min(ind.max, half(ind.max * quality * (0.9 + r() * 0.1)));
  }
  return out;
}

/**
 * The member's evidenced records of the year (study hours, volunteer hours, household visits, an
 * urgent task now and then), from the same kind of seeded draw: the ledger supplies these
 * indicators, the branch the rest.
 */
export function demoLedger(memberId: string, year: number): { kind: string; quantity: number }[] {
  const r = prng(`zhenxing-demo:ledger:${year}:${memberId}`);
  const quality = Math.min(1, Math.max(0.2, 1 - Math.pow(r(), 1.5) * 0.8));
  const out = [
    { kind: "study", quantity: Math.round(12 * quality) },
    { kind: "volunteer", quantity: Math.round(15 * quality * (0.8 + r() * 0.2)) },
    { kind: "linkHouse", quantity: Math.round(10 * quality * (0.7 + r() * 0.3)) },
    { kind: "urgent", quantity: r() < 0.3 ? 1 : 0 },
  ];
  return out.filter((e) => e.quantity > 0);
}

/** Seeds the branch scores and ledger of every member of the demo-scored towns for 2025 and 2026 (one INSERT … unnest each per year). */
export async function seedBranchScores(deps: { db: Db; clock: Clock }, log: (msg: string) => void = () => {}): Promise<void> {
  const now = deps.clock.now();
  const members = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT mb.id FROM members mb JOIN party_orgs po ON po.id = mb.party_org_id JOIN org_units ou ON ou.id = po.org_unit_id
        JOIN org_units town ON ou.path LIKE town.path || '%' AND town.level = 'town'
        WHERE town.division_code IN (${sql.join(DEMO_SCORED_TOWNS.map((c) => sql`${c}`), sql`, `)}) ORDER BY mb.id`,
  );
  if (members.length === 0) return;
  await deps.db.transaction(async (tx) => {
    for (const year of YEARS) {
      const ids: string[] = [];
      const codes: string[] = [];
      const scores: string[] = [];
      for (const m of members) {
        for (const [code, v] of Object.entries(demoBranchScores(m.id, year))) {
          ids.push(m.id);
          codes.push(code);
          scores.push(String(v));
        }
      }
      await tx.execute(sql`INSERT INTO member_branch_scores (member_id, year, indicator, score, updated_at)
        SELECT t.m::uuid, ${year}::int, t.i, t.s::numeric, ${now}::timestamptz
        FROM unnest(${textArrayLiteral(ids)}::text[], ${textArrayLiteral(codes)}::text[], ${textArrayLiteral(scores)}::text[]) AS t(m, i, s)
        ON CONFLICT (member_id, year, indicator) DO NOTHING`);
      const l = members.flatMap((m) => demoLedger(m.id, year).map((e) => ({ id: m.id, ...e })));
      await tx.execute(sql`INSERT INTO member_star_ledger (member_id, year, kind, quantity, occurred_on, note, evidence, created_at)
        SELECT t.m::uuid, ${year}::int, t.k, t.q::numeric, ${`${year}-03-15`}::date, '演示数据', CASE WHEN t.k IN ('volunteer', 'urgent') THEN '["demo/记录照片.jpg"]'::jsonb ELSE '[]'::jsonb END, ${now}::timestamptz
        FROM unnest(${textArrayLiteral(l.map((e) => e.id))}::text[], ${textArrayLiteral(l.map((e) => e.kind))}::text[], ${textArrayLiteral(l.map((e) => String(e.quantity)))}::text[]) AS t(m, k, q)`);
    }
    await writeAudit(tx, systemActor("demo"), deps.clock, [{ action: "rating.memberScores.demo", entityType: "partyOrg", orgPath: "/", after: { members: members.length, years: YEARS } }]);
  });
  log(`branch scores and ledger records for ${members.length} members in ${DEMO_SCORED_TOWNS.length} towns`);
}

export const branchScoresDemoStep: DemoStep = {
  name: "branchScores",
  run: (deps, log) => seedBranchScores(deps, log),
};
