/**
 * The appeal category catalogue and its deadline rules, administered by holders of
 * `appeal.configure` (city admins): the catalogue is one per deployment. Each write is audited
 * in its transaction. New rules apply to deadlines started after the change; a running
 * deadline keeps the due time it was given (residents were told it).
 */
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../../db/client.js";
import { appealCategories, appealDeadlineRules } from "../../../db/schema/index.js";
import type { Actor } from "../../../platform/actor.js";
import { writeAudit } from "../../../platform/audit.js";
import { AppError, fieldError } from "../../../platform/errors.js";
import type { EndpointBody } from "../../../../common/contract/endpoint.js";
import type { appealAdmin } from "../../../../common/contract/index.js";
import type { AdminCategory, DeadlineRuleView } from "../../../../common/contract/appeal-admin.contract.js";
import type { AppealScale, DeadlineStage, DeadlineUnit, HandlingLevel } from "../../../../common/appeals.js";
import type { AppealsDeps } from "../appeals-deps.js";
import { ruleProblem, storedAmount } from "./deadline-rule-check.js";

type Deps = Pick<AppealsDeps, "db" | "clock">;

interface CategoryRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  scale: AppealScale;
  sort: number;
  disabled_at: Date | string | null;
  appeals: number | string;
}

const toCategory = (r: CategoryRow): AdminCategory => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  scale: r.scale,
  sort: r.sort,
  disabled: r.disabled_at !== null,
  appeals: Number(r.appeals),
});

async function categoryRows(db: Db, id?: string): Promise<CategoryRow[]> {
  return queryRows<CategoryRow>(
    db,
    sql`SELECT c.id, c.code, c.name, c.name_en, c.scale, c.sort, c.disabled_at, coalesce(n.n, 0) AS appeals
        FROM appeal_categories c
        LEFT JOIN (SELECT category_id, count(*) AS n FROM appeals GROUP BY category_id) n ON n.category_id = c.id
        ${id ? sql`WHERE c.id = ${id}` : sql``}
        ORDER BY c.sort, c.code`,
  );
}

export async function listCategories(db: Db): Promise<{ items: AdminCategory[] }> {
  return { items: (await categoryRows(db)).map(toCategory) };
}

async function oneCategory(db: Db, id: string): Promise<AdminCategory> {
  const [r] = await categoryRows(db, id);
  if (!r) throw new AppError("NOT_FOUND", { message: { key: "appealConfig.categoryUnknown" } });
  return toCategory(r);
}

export async function createCategory(deps: Deps, actor: Actor, body: EndpointBody<typeof appealAdmin.createCategory>): Promise<AdminCategory> {
  const id = await deps.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: appealCategories.id }).from(appealCategories).where(eq(appealCategories.code, body.code));
    if (taken) throw new AppError("CONFLICT", { message: { key: "appealConfig.codeTaken", params: { code: body.code } }, fields: { code: { key: "appealConfig.codeTaken", params: { code: body.code } } } });
    const [max] = await queryRows<{ m: number | null }>(tx, sql`SELECT max(sort) AS m FROM appeal_categories`);
    const sort = body.sort ?? (Number(max?.m ?? 0) + 10);
    const [row] = await tx
      .insert(appealCategories)
      .values({ code: body.code, name: body.name, nameEn: body.nameEn ?? null, scale: body.scale, sort, createdAt: deps.clock.now() })
      .returning({ id: appealCategories.id });
    if (!row) throw new Error("insert returned no row");
    await writeAudit(tx, actor, deps.clock, [
      { action: "appealCategory.create", entityType: "appealCategory", entityId: row.id, after: { code: body.code, name: body.name, nameEn: body.nameEn ?? null, scale: body.scale, sort } },
    ]);
    return row.id;
  });
  return oneCategory(deps.db, id);
}

export async function updateCategory(deps: Deps, actor: Actor, id: string, body: EndpointBody<typeof appealAdmin.updateCategory>): Promise<AdminCategory> {
  await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(appealCategories).where(eq(appealCategories.id, id)).for("update");
    if (!c) throw new AppError("NOT_FOUND", { message: { key: "appealConfig.categoryUnknown" } });
    if (body.disabled === true && c.disabledAt === null) {
      const [n] = await queryRows<{ n: number | string }>(tx, sql`SELECT count(*) AS n FROM appeal_categories WHERE disabled_at IS NULL`);
      if (Number(n?.n ?? 0) <= 1) throw fieldError("disabled", "appealConfig.lastCategory");
    }
    const disabledAt = body.disabled === undefined ? c.disabledAt : body.disabled ? (c.disabledAt ?? deps.clock.now()) : null;
    const next = { name: body.name ?? c.name, nameEn: body.nameEn === undefined ? c.nameEn : body.nameEn, sort: body.sort ?? c.sort, disabledAt };
    await tx.update(appealCategories).set(next).where(eq(appealCategories.id, id));
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "appealCategory.update",
        entityType: "appealCategory",
        entityId: id,
        before: { name: c.name, nameEn: c.nameEn, sort: c.sort, disabled: c.disabledAt !== null },
        after: { name: next.name, nameEn: next.nameEn, sort: next.sort, disabled: next.disabledAt !== null },
      },
    ]);
  });
  return oneCategory(deps.db, id);
}

// ---- deadline rules -----------------------------------------------------------------------

interface RuleRow {
  id: string;
  category_id: string | null;
  category_name: string | null;
  scale: AppealScale;
  level: HandlingLevel | null;
  stage: DeadlineStage;
  unit: DeadlineUnit;
  amount: string | number;
  yellow_percent: number;
}

const toRule = (r: RuleRow): DeadlineRuleView => ({
  id: r.id,
  categoryId: r.category_id,
  categoryName: r.category_name,
  scale: r.scale,
  level: r.level,
  stage: r.stage,
  unit: r.unit,
  amount: Number(r.amount),
  yellowPercent: r.yellow_percent,
  fallback: r.category_id === null && r.level === null,
});

const STAGE_ORDER = sql`CASE r.stage WHEN 'accept' THEN 0 WHEN 'handle' THEN 1 ELSE 2 END`;
const SCALE_ORDER = sql`CASE r.scale WHEN 'micro' THEN 0 WHEN 'small' THEN 1 WHEN 'major' THEN 2 ELSE 3 END`;

async function ruleRows(db: Db, where = sql`TRUE`): Promise<RuleRow[]> {
  return queryRows<RuleRow>(
    db,
    sql`SELECT r.id, r.category_id, c.name AS category_name, r.scale, r.level, r.stage, r.unit, r.amount, r.yellow_percent
        FROM appeal_deadline_rules r LEFT JOIN appeal_categories c ON c.id = r.category_id
        WHERE ${where}
        ORDER BY ${SCALE_ORDER}, (r.category_id IS NOT NULL), c.sort, (r.level IS NOT NULL), r.level, ${STAGE_ORDER}`,
  );
}

export async function listRules(db: Db): Promise<{ items: DeadlineRuleView[] }> {
  return { items: (await ruleRows(db)).map(toRule) };
}

/** Creates or replaces the rule of one category × scale × level × stage. */
export async function putRule(deps: Deps, actor: Actor, body: EndpointBody<typeof appealAdmin.putDeadlineRule>): Promise<DeadlineRuleView> {
  const problem = ruleProblem(body.unit, body.amount);
  if (problem) throw fieldError(problem.field, problem.key, problem.params);
  const amount = storedAmount(body.unit, body.amount);
  const id = await deps.db.transaction(async (tx) => {
    if (body.categoryId) {
      const [c] = await tx.select().from(appealCategories).where(eq(appealCategories.id, body.categoryId));
      if (!c) throw fieldError("categoryId", "appealConfig.categoryUnknown");
      // A category's appeals carry its scale, so a rule of another scale would never apply.
      if (c.scale !== body.scale) throw fieldError("scale", "appealConfig.scaleMismatch", { name: c.name, scale: `scale.${c.scale}` });
    }
    const key = and(
      sql`${appealDeadlineRules.categoryId} IS NOT DISTINCT FROM ${body.categoryId}::uuid`,
      eq(appealDeadlineRules.scale, body.scale),
      sql`${appealDeadlineRules.level} IS NOT DISTINCT FROM ${body.level}::text`,
      eq(appealDeadlineRules.stage, body.stage),
    );
    const [old] = await tx.select().from(appealDeadlineRules).where(key).for("update");
    const values = { unit: body.unit, amount: String(amount), yellowPercent: body.yellowPercent };
    let ruleId: string;
    if (old) {
      await tx.update(appealDeadlineRules).set(values).where(eq(appealDeadlineRules.id, old.id));
      ruleId = old.id;
    } else {
      const [row] = await tx
        .insert(appealDeadlineRules)
        .values({ categoryId: body.categoryId, scale: body.scale, level: body.level, stage: body.stage, ...values, createdAt: deps.clock.now() })
        .returning({ id: appealDeadlineRules.id });
      if (!row) throw new Error("insert returned no row");
      ruleId = row.id;
    }
    await writeAudit(tx, actor, deps.clock, [
      {
        action: old ? "appealDeadlineRule.update" : "appealDeadlineRule.create",
        entityType: "appealDeadlineRule",
        entityId: ruleId,
        before: old ? { unit: old.unit, amount: Number(old.amount), yellowPercent: old.yellowPercent } : null,
        after: { categoryId: body.categoryId, scale: body.scale, level: body.level, stage: body.stage, unit: body.unit, amount, yellowPercent: body.yellowPercent },
      },
    ]);
    return ruleId;
  });
  const [r] = await ruleRows(deps.db, sql`r.id = ${id}`);
  if (!r) throw new AppError("NOT_FOUND");
  return toRule(r);
}

/** Removes a specific rule; a scale's fallback (any category, any level) stays so every appeal has a deadline. */
export async function deleteRule(deps: Deps, actor: Actor, id: string): Promise<{ ok: true }> {
  await deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(appealDeadlineRules).where(eq(appealDeadlineRules.id, id)).for("update");
    if (!r) throw new AppError("NOT_FOUND", { message: { key: "appealConfig.ruleUnknown" } });
    if (r.categoryId === null && r.level === null) throw new AppError("CONFLICT", { message: { key: "appealConfig.fallbackRule" } });
    await tx.delete(appealDeadlineRules).where(eq(appealDeadlineRules.id, id));
    await writeAudit(tx, actor, deps.clock, [
      {
        action: "appealDeadlineRule.delete",
        entityType: "appealDeadlineRule",
        entityId: id,
        before: { categoryId: r.categoryId, scale: r.scale, level: r.level, stage: r.stage, unit: r.unit, amount: Number(r.amount), yellowPercent: r.yellowPercent },
      },
    ]);
  });
  return { ok: true };
}
