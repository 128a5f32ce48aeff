import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { AppError } from "../../platform/errors.js";
import { authorize, scopePaths } from "../../authz/policy.js";
import { inScope } from "../../authz/scope-sql.js";
import type { CategoryRow } from "../../../common/contract/rating.contract.js";
import { suggestCategory, type VillageCategory } from "../../../common/rating.js";
import * as orgRepo from "../org/org.repo.js";
import { pgArray, textArrayLiteral } from "../party/bulk-sql.js";
import type { RatingDeps } from "./rating-deps.js";

interface VillageRow {
  id: string;
  name: string;
  division_code: string | null;
  town_name: string | null;
  kind: string;
  category: VillageCategory | null;
  last_stars: number | null;
}

/** 涉农 villages under the scopes, with this year's category and last year's fortress stars. */
async function villages(db: Db, year: number, scope: readonly string[], underPath: string | null, page: { limit: number; offset: number } | null): Promise<{ rows: VillageRow[]; total: number }> {
  const where = sql`ou.level = 'village' AND ou.agricultural AND ou.revoked_at IS NULL AND ${inScope(sql`ou.path`, scope)} ${underPath ? sql`AND ou.path LIKE ${`${underPath}%`}` : sql``}`;
  const rows = await queryRows<VillageRow>(
    db,
    sql`SELECT ou.id, ou.name, ou.division_code, t.name AS town_name, ou.kind, vc.category,
          (SELECT r.stars FROM rating_results r WHERE r.subject_id = ou.id AND r.programme = 'fortress' AND r.year = ${year - 1} ORDER BY r.computed_at DESC LIMIT 1) AS last_stars
        FROM org_units ou LEFT JOIN org_units t ON t.id = ou.parent_id
        LEFT JOIN village_categories vc ON vc.org_unit_id = ou.id AND vc.year = ${year}
        WHERE ${where} ORDER BY ou.path ${page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`,
  );
  const [c] = page ? await queryRows<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM org_units ou WHERE ${where}`) : [{ n: rows.length }];
  return { rows, total: Number(c?.n ?? 0) };
}

async function under(deps: RatingDeps, actor: Actor, orgUnitId: string | undefined, permission: "rating.read" | "rating.approve"): Promise<string | null> {
  if (!orgUnitId) return null;
  const unit = await orgRepo.findById(deps.db, orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, permission, unit);
  return unit.path;
}

export async function listCategories(deps: RatingDeps, actor: Actor, q: { year: number; orgUnitId?: string | undefined; page: number; pageSize: number }): Promise<{ items: CategoryRow[]; total: number }> {
  const path = await under(deps, actor, q.orgUnitId, "rating.read");
  const { rows, total } = await villages(deps.db, q.year, scopePaths(actor, "rating.read"), path, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((r) => {
      const s = suggestCategory({ kind: r.kind, divisionCode: r.division_code, lastStars: r.last_stars === null ? null : Number(r.last_stars) });
      return { orgUnitId: r.id, name: r.name, divisionCode: r.division_code, townName: r.town_name ?? "", kind: r.kind, category: r.category, suggested: s.category, suggestedBecause: s.because };
    }),
    total,
  };
}

/**
 * Categorises villages for a year in bulk: the given items, or every village under a unit taking
 * its suggestion. Every village must be in the actor's rating.approve scope; one upsert, one audit.
 */
export async function setCategories(
  deps: RatingDeps,
  actor: Actor,
  body: { year: number; items?: { orgUnitId: string; category: VillageCategory }[] | undefined; acceptSuggestionsUnder?: string | undefined },
): Promise<{ updated: number }> {
  const scope = scopePaths(actor, "rating.approve");
  const path = await under(deps, actor, body.acceptSuggestionsUnder, "rating.approve");
  let items: { orgUnitId: string; category: VillageCategory; suggested: VillageCategory }[] = [];
  if (path) {
    const { rows } = await villages(deps.db, body.year, scope, path, null);
    items = rows.map((r) => {
      const s = suggestCategory({ kind: r.kind, divisionCode: r.division_code, lastStars: r.last_stars === null ? null : Number(r.last_stars) });
      return { orgUnitId: r.id, category: s.category, suggested: s.category };
    });
  }
  if (body.items?.length) {
    const ids = body.items.map((i) => i.orgUnitId);
    const found = await queryRows<{ id: string; kind: string; division_code: string | null }>(
      deps.db,
      sql`SELECT ou.id, ou.kind, ou.division_code FROM org_units ou WHERE ou.id = ANY(${pgArray(ids, "uuid")}) AND ou.level = 'village' AND ${inScope(sql`ou.path`, scope)}`,
    );
    const byId = new Map(found.map((f) => [f.id, f]));
    const missing = body.items.findIndex((i) => !byId.has(i.orgUnitId));
    if (missing >= 0) throw new AppError("NOT_FOUND", { fields: { [`items.${missing}.orgUnitId`]: { key: "error.NOT_FOUND" } } });
    items = items.concat(
      body.items.map((i) => {
        const f = byId.get(i.orgUnitId);
        return { orgUnitId: i.orgUnitId, category: i.category, suggested: suggestCategory({ kind: f?.kind ?? "rural", divisionCode: f?.division_code ?? null, lastStars: null }).category };
      }),
    );
  }
  // One row per village (explicit items win over suggestions): an upsert may touch a row once.
  items = [...new Map(items.map((i) => [i.orgUnitId, i])).values()];
  if (items.length === 0) return { updated: 0 };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.execute(sql`INSERT INTO village_categories (year, org_unit_id, category, suggested, set_by, updated_at)
      SELECT ${body.year}::int, t.id::uuid, t.category, t.suggested, ${actor.kind === "user" ? actor.userId : null}::uuid, ${now}::timestamptz
      FROM unnest(${textArrayLiteral(items.map((i) => i.orgUnitId))}::text[], ${textArrayLiteral(items.map((i) => i.category))}::text[], ${textArrayLiteral(items.map((i) => i.suggested))}::text[]) AS t(id, category, suggested)
      ON CONFLICT (year, org_unit_id) DO UPDATE SET category = excluded.category, suggested = excluded.suggested, set_by = excluded.set_by, updated_at = excluded.updated_at`);
    await writeAudit(tx, actor, deps.clock, [
      { action: "rating.setCategories", entityType: "villageCategory", orgPath: path ?? scope[0] ?? null, after: { year: body.year, count: items.length } },
    ]);
    return { updated: items.length };
  });
}
