import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { systemActor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import type { Clock } from "../../../platform/clock.js";
import { textArrayLiteral } from "../../party/bulk-sql.js";
import { prng } from "../../party/demo/synthetic.js";
import type { DemoStep } from "../../demo/steps.js";
import { fortress2026, memberStar2026, schemeSchema, validateScheme, type Scheme } from "../engine/index.js";
import type { MetricProvider } from "../../../platform/metrics.js";
import { computeVillages } from "../rate-villages.js";
import type { RatingDeps } from "../rating-deps.js";
import { writeResults } from "../results.repo.js";
import { insertScheme } from "../schemes.service.js";
import { demoFortressScheme, demoValue } from "./demo-scheme.js";

/**
 * Every module's providers (moduleMetricProviders), imported when the step runs: modules/index.ts
 * imports the routes, which import the demo's account list, so a static import would be a cycle.
 * Metrics a module publishes (e.g. appeals.*) then stay automatic in the demo's schemes.
 */
async function providers(): Promise<MetricProvider[]> {
  const { moduleMetricProviders } = await import("../../index.js");
  return moduleMetricProviders();
}

/**
 * Metrics that have values in the demo for the year: a module may publish a metric (tasks.*, or
 * appeals.* in a year before the demo appeals start) for which the demo seeds no facts; scoring it
 * automatically would give every village zero there, so the demo scheme has the town score it
 * instead. (Villages without appeals in a year that has them keep full points by the scheme's own
 * formula — 无诉求不扣分, demo-scheme.ts.)
 */
async function metricsWithData(deps: RatingDeps, db: Db, scopePath: string, year: number): Promise<Set<string>> {
  const names = new Set<string>();
  for (const p of deps.providers) {
    if (p.subjectKind !== "orgUnit") continue;
    const values = await p.compute(db, { year, timeZone: deps.timeZone, scopePath });
    for (const row of values.values()) for (const name of Object.keys(row)) names.add(name);
  }
  return names;
}

interface Village {
  id: string;
  code: string;
  town: string;
  kind: string;
}

/** Manual scores for every village, from a per-village quality drawn from its own seeded generator. */
function scoresFor(scheme: Scheme, v: Village): { scores: Record<string, Record<string, number>>; vetoes: string[] } {
  const r = prng(`zhenxing-demo:fortress:${scheme.year}:${v.code}`);
  // Skewed towards good villages with a tail of weak ones, so every star level is populated.
  const quality = Math.min(1, Math.max(0, 1 - Math.pow(r(), 1.6) * 1.1 + 0.05));
  const scores: Record<string, Record<string, number>> = {};
  for (const d of scheme.dimensions) {
    for (const ind of d.indicators) {
      if (ind.source !== "manual" || ind.method === "perEvent") continue;
      const byRole: Record<string, number> = {};
      for (const role of ind.roles ?? []) byRole[role] = demoValue(ind, quality, r());
      scores[ind.code] = byRole;
    }
  }
  const vetoes = r() < 0.01 ? ["V2"] : [];
  return { scores, vetoes };
}

async function seedYear(deps: RatingDeps, db: Db, city: { id: string; path: string; code: string }, year: number, villages: readonly Village[], finalStatus: "final" | "selfAssess", now: Date): Promise<number> {
  const published = await metricsWithData(deps, db, city.path, year);
  const fortress = schemeSchema.parse(demoFortressScheme(fortress2026, year, published));
  const member: Scheme = { ...structuredClone(memberStar2026), year };
  for (const s of [fortress, member]) {
    const problems = validateScheme({ ...s, issuingUnit: city.code });
    if (problems.length) throw new Error(`demo scheme ${s.code} ${year} invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  }
  const fortressId = await insertScheme(db, { body: { ...fortress, issuingUnit: city.code }, issuingUnitId: city.id, createdBy: null, now, status: "published" });
  await insertScheme(db, { body: { ...member, issuingUnit: city.code }, issuingUnitId: city.id, createdBy: null, now, status: "published" });

  // Categories: the suggestion from the code's kind (island county, residents' community), and
  // for the second year the villages with at most one star the year before are to be rectified.
  await db.execute(sql`INSERT INTO village_categories (year, org_unit_id, category, suggested, updated_at)
    SELECT ${year}::int, ou.id, c.cat, c.cat, ${now}::timestamptz FROM org_units ou
    LEFT JOIN LATERAL (SELECT r.stars FROM rating_results r WHERE r.subject_id = ou.id AND r.programme = 'fortress' AND r.year = ${year - 1} LIMIT 1) prev ON true
    CROSS JOIN LATERAL (SELECT CASE WHEN prev.stars <= 1 THEN 'rectify' WHEN ou.division_code LIKE '440523%' THEN 'island' WHEN ou.kind = 'community' THEN 'urban' ELSE 'rural' END AS cat) c
    WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.path LIKE ${`${city.path}%`}`);

  // One assessment per village in one INSERT … SELECT FROM unnest: 2025 is final (publicised),
  // 2026 is waiting for the towns, except 红场镇's villages which have self-assessed and submitted.
  const rows = villages.map((v) => ({ v, ...scoresFor(fortress, v) }));
  const status = rows.map((x) => (finalStatus === "final" ? "final" : x.v.code.startsWith("440514109") ? "townReview" : "selfAssess"));
  await db.execute(sql`INSERT INTO rating_assessments (scheme_id, org_unit_id, path, status, manual_scores, veto_hits, publicity_ends_at, finalised_at, created_at, updated_at)
    SELECT ${fortressId}::uuid, ou.id, ou.path, t.status, t.scores::jsonb, t.vetoes::text[],
      CASE WHEN t.status = 'final' THEN ${new Date(Date.UTC(year + 1, 0, 20))}::timestamptz END,
      CASE WHEN t.status = 'final' THEN ${new Date(Date.UTC(year + 1, 0, 20))}::timestamptz END, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${textArrayLiteral(rows.map((x) => x.v.id))}::text[], ${textArrayLiteral(status)}::text[], ${textArrayLiteral(rows.map((x) => JSON.stringify(x.scores)))}::text[],
      ${textArrayLiteral(rows.map((x) => `{${x.vetoes.join(",")}}`))}::text[]) AS t(id, status, scores, vetoes)
    JOIN org_units ou ON ou.id = t.id::uuid`);

  const out = await computeVillages(deps, db, { schemeId: fortressId, scheme: fortress, scopePath: city.path });
  if (out.failed > 0) throw new Error(`demo rating ${year}: ${out.failed} villages refused: ${JSON.stringify(out.failures[0])}`);
  await writeResults(db, { schemeId: fortressId, programme: "fortress", year, subjectKind: "orgUnit", jobId: null, now, scopePath: city.path }, out.rows);
  return out.rated;
}

/**
 * The demo's ratings: the city's fortress and member-star schemes for 2025 and 2026 (published),
 * village categories, an assessment per village, and both years rated from the demo's
 * organisational life and town scores — 2025 final, 2026 in progress (红场镇 waiting for its town).
 * Set-based: a few INSERT … SELECT statements and one engine pass per year.
 */
export async function seedRatingDemo(deps: { db: Db; clock: Clock }, log: (msg: string) => void = () => {}): Promise<void> {
  const now = deps.clock.now();
  const [city] = await queryRows<{ id: string; path: string; code: string }>(deps.db, sql`SELECT id, path, division_code AS code FROM org_units WHERE level = 'city' AND division_code LIKE '4405%' ORDER BY depth LIMIT 1`);
  if (!city) return;
  const villages = await queryRows<Village>(
    deps.db,
    sql`SELECT ou.id, ou.division_code AS code, ou.parent_id AS town, ou.kind FROM org_units ou
        WHERE ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ou.division_code IS NOT NULL AND ou.path LIKE ${`${city.path}%`} ORDER BY ou.division_code`,
  );
  const ratingDeps: RatingDeps = { db: deps.db, clock: deps.clock, timeZone: "Asia/Shanghai", providers: await providers() };
  await deps.db.transaction(async (tx) => {
    const y1 = await seedYear({ ...ratingDeps, db: tx }, tx, city, 2025, villages, "final", now);
    const y2 = await seedYear({ ...ratingDeps, db: tx }, tx, city, 2026, villages, "selfAssess", now);
    await writeAudit(tx, systemActor("demo"), deps.clock, [{ action: "rating.demo", entityType: "ratingScheme", orgPath: city.path, after: { rated2025: y1, rated2026: y2 } }]);
    log(`rated ${y1} villages for 2025 and ${y2} for 2026`);
  });
}

export const ratingDemoStep: DemoStep = {
  name: "rating",
  run: (deps, log) => seedRatingDemo(deps, log),
};
