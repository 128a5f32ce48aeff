import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { departments, orgUnits } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError, fieldError } from "../../platform/errors.js";
import { authorize, can, outermost, scopePaths } from "../../authz/policy.js";
import {
  AGRICULTURAL_EDITABLE_KINDS,
  type Department,
  type LevelCounts,
  type OrgUnitDetail,
  type OrgUnitSummary,
} from "../../../common/contract/org.contract.js";
import type { OrgLevel } from "../../../common/roles.js";
import * as repo from "./org.repo.js";

export interface OrgDeps {
  db: Db;
  clock: Clock;
}

export function toSummary(u: repo.OrgUnitRow, childCount: number): OrgUnitSummary {
  return {
    id: u.id,
    parentId: u.parentId,
    level: u.level,
    kind: u.kind,
    divisionCode: u.divisionCode,
    name: u.name,
    agricultural: u.agricultural,
    revoked: u.revokedAt !== null,
    childCount,
  };
}

/** Loads a unit the actor may read, or NOT_FOUND (also when it exists outside their scope). */
export async function getReadableUnit(db: Db, actor: Actor, id: string): Promise<repo.OrgUnitRow> {
  const unit = await repo.findById(db, id);
  if (!unit) throw new AppError("NOT_FOUND");
  authorize(actor, "org.read", unit);
  return unit;
}

/**
 * Children of a unit, a search, or (with neither) the roots of the actor's scope.
 * Always inside the actor's scope.
 */
export async function listUnits(
  deps: OrgDeps,
  actor: Actor,
  f: { parentId?: string; q?: string; level?: OrgLevel; includeRevoked?: boolean; limit: number },
): Promise<{ items: OrgUnitSummary[]; truncated: boolean }> {
  const scope = outermost(scopePaths(actor, "org.read"));
  let ids: string[] | undefined;
  if (f.parentId) {
    await getReadableUnit(deps.db, actor, f.parentId);
  } else if (!f.q && !f.level) {
    ids = scope.filter((p) => p !== "/").map((p) => p.split("/").filter(Boolean).pop() ?? "");
    if (scope.includes("/")) ids = undefined;
  }
  const rows = await repo.list(deps.db, {
    scopePaths: scope,
    limit: f.limit,
    ...(f.parentId ? { parentId: f.parentId } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(f.level ? { level: f.level } : {}),
    ...(f.includeRevoked ? { includeRevoked: true } : {}),
    ...(ids ? { ids } : {}),
  });
  // The system actor with no filter sees the roots of the whole tree.
  const filtered = (!f.parentId && !f.q && !f.level && !ids ? rows.filter((r) => r.parentId === null) : rows).slice(0, f.limit + 1);
  const page = filtered.slice(0, f.limit);
  let ancestry: Map<string, string> | null = null;
  if (f.q || f.level) {
    // One query for all ancestors of the page, so namesakes can be told apart.
    const ancestorIds = [...new Set(page.flatMap((r) => r.path.split("/").filter(Boolean).slice(0, -1)))];
    const names = new Map((await repo.findManyByIds(deps.db, ancestorIds)).map((a) => [a.id, a.name]));
    ancestry = new Map(page.map((r) => [r.id, r.path.split("/").filter(Boolean).slice(0, -1).map((id) => names.get(id) ?? "").join(" / ")]));
  }
  return {
    items: page.map((r) => {
      const summary = toSummary(r, r.childCount);
      const a = ancestry?.get(r.id);
      return a ? { ...summary, ancestry: a } : summary;
    }),
    truncated: filtered.length > f.limit,
  };
}

export async function stats(deps: OrgDeps, actor: Actor, rootId?: string): Promise<LevelCounts> {
  if (rootId) {
    const unit = await getReadableUnit(deps.db, actor, rootId);
    return repo.countByLevel(deps.db, [unit.path]);
  }
  const scope = outermost(scopePaths(actor, "org.read"));
  if (scope.includes("/")) {
    const roots = (await repo.list(deps.db, { scopePaths: ["/"], limit: 1000 })).filter((r) => r.parentId === null);
    return repo.countByLevel(deps.db, roots.map((r) => r.path));
  }
  const counts = await repo.countByLevel(deps.db, scope);
  // The scope units themselves count too (a town admin's town is one town in their scope).
  const roots = await repo.findManyByIds(deps.db, scope.map((p) => p.split("/").filter(Boolean).pop() ?? ""));
  for (const r of roots) if (r.level in counts && r.revokedAt === null) counts[r.level as keyof LevelCounts] += 1;
  return counts;
}

export async function getUnit(deps: OrgDeps, actor: Actor, id: string): Promise<OrgUnitDetail> {
  const unit = await getReadableUnit(deps.db, actor, id);
  const ancestorIds = unit.path.split("/").filter(Boolean).slice(0, -1);
  const ancestors = await repo.findManyByIds(deps.db, ancestorIds);
  const byId = new Map(ancestors.map((a) => [a.id, a]));
  const [counts, children, departmentCount] = [
    await repo.countByLevel(deps.db, [unit.path]),
    await repo.childCountOf(deps.db, unit.id),
    await repo.departmentCount(deps.db, unit.id),
  ];
  return {
    ...toSummary(unit, children),
    ancestors: ancestorIds.flatMap((aid) => {
      const a = byId.get(aid);
      return a ? [{ id: a.id, name: a.name, level: a.level, divisionCode: a.divisionCode, readable: can(actor, "org.read", a) }] : [];
    }),
    counts,
    departmentCount,
    abilities: {
      manage: can(actor, "org.manage", unit),
      setAgricultural: can(actor, "org.manage", unit) && AGRICULTURAL_EDITABLE_KINDS.includes(unit.kind),
    },
  };
}


export async function updateUnit(deps: OrgDeps, actor: Actor, id: string, input: { agricultural?: boolean }): Promise<OrgUnitSummary> {
  return deps.db.transaction(async (tx) => {
    const unit = await getReadableUnit(tx, actor, id);
    authorize(actor, "org.manage", unit);
    if (input.agricultural !== undefined && input.agricultural !== unit.agricultural) {
      if (!AGRICULTURAL_EDITABLE_KINDS.includes(unit.kind)) throw fieldError("agricultural", "org.notAgriculturalKind");
      const now = deps.clock.now();
      await tx
        .update(orgUnits)
        .set({ agricultural: input.agricultural, agriculturalSetByUser: true, updatedAt: now })
        .where(eq(orgUnits.id, unit.id));
      await writeAudit(tx, actor, deps.clock, [
        { action: "org.unit.agricultural", entityType: "orgUnit", entityId: unit.id, orgPath: unit.path, before: { agricultural: unit.agricultural }, after: { agricultural: input.agricultural } },
      ]);
    }
    const updated = await repo.findById(tx, unit.id);
    if (!updated) throw new AppError("NOT_FOUND");
    return toSummary(updated, await repo.childCountOf(tx, unit.id));
  });
}

function toDepartment(d: repo.DepartmentRow): Department {
  return { id: d.id, orgUnitId: d.orgUnitId, orgUnitName: d.orgUnitName, name: d.name, disabled: d.disabledAt !== null };
}

export async function listDepartments(deps: OrgDeps, actor: Actor, orgUnitId?: string): Promise<{ items: Department[] }> {
  if (orgUnitId) await getReadableUnit(deps.db, actor, orgUnitId);
  const rows = await repo.listDepartments(deps.db, outermost(scopePaths(actor, "org.read")), orgUnitId);
  return { items: rows.map(toDepartment) };
}

export async function createDepartment(deps: OrgDeps, actor: Actor, input: { orgUnitId: string; name: string }): Promise<Department> {
  return deps.db.transaction(async (tx) => {
    const unit = await getReadableUnit(tx, actor, input.orgUnitId);
    authorize(actor, "org.manage", unit);
    if (unit.level !== "district" && unit.level !== "town") throw fieldError("orgUnitId", "org.departmentParent");
    const existing = await repo.listDepartments(tx, [unit.path], unit.id);
    if (existing.some((d) => d.name === input.name)) {
      throw new AppError("CONFLICT", { fields: { name: { key: "org.departmentExists" } } });
    }
    const [row] = await tx.insert(departments).values({ orgUnitId: unit.id, name: input.name, createdAt: deps.clock.now() }).returning();
    if (!row) throw new AppError("INTERNAL");
    await writeAudit(tx, actor, deps.clock, [
      { action: "org.department.create", entityType: "department", entityId: row.id, orgPath: unit.path, after: { name: row.name, orgUnitId: unit.id } },
    ]);
    return toDepartment({ ...row, orgUnitName: unit.name, orgPath: unit.path });
  });
}

export async function updateDepartment(
  deps: OrgDeps,
  actor: Actor,
  id: string,
  input: { name?: string; disabled?: boolean },
): Promise<Department> {
  return deps.db.transaction(async (tx) => {
    const dept = await repo.findDepartment(tx, id);
    if (!dept) throw new AppError("NOT_FOUND");
    authorize(actor, "org.read", { path: dept.orgPath });
    authorize(actor, "org.manage", { path: dept.orgPath });
    const patch: Partial<typeof departments.$inferInsert> = {};
    if (input.name !== undefined && input.name !== dept.name) {
      const siblings = await repo.listDepartments(tx, [dept.orgPath], dept.orgUnitId);
      if (siblings.some((d) => d.name === input.name && d.id !== dept.id)) {
        throw new AppError("CONFLICT", { fields: { name: { key: "org.departmentExists" } } });
      }
      patch.name = input.name;
    }
    if (input.disabled !== undefined && input.disabled !== (dept.disabledAt !== null)) {
      patch.disabledAt = input.disabled ? deps.clock.now() : null;
    }
    if (Object.keys(patch).length === 0) return toDepartment(dept);
    await tx.update(departments).set(patch).where(eq(departments.id, id));
    await writeAudit(tx, actor, deps.clock, [
      { action: "org.department.update", entityType: "department", entityId: id, orgPath: dept.orgPath, before: { name: dept.name, disabled: dept.disabledAt !== null }, after: { name: patch.name ?? dept.name, disabled: input.disabled ?? dept.disabledAt !== null } },
    ]);
    const updated = await repo.findDepartment(tx, id);
    if (!updated) throw new AppError("NOT_FOUND");
    return toDepartment(updated);
  });
}
