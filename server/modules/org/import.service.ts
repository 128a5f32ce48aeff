import { randomUUID } from "node:crypto";
import { and, inArray, isNotNull, ne, or, sql, like } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { orgUnits } from "../../db/schema/index.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit, type AuditRecord } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { isValidPrefix, parentCode, type DivisionRecord } from "./divisions.js";
import { planImport, type ExistingUnit } from "./import-plan.js";

export interface ImportSummary {
  prefix: string;
  source: string;
  created: number;
  renamed: number;
  moved: number;
  restored: number;
  revoked: number;
  agriculturalChanged: number;
  unchanged: number;
}

const BATCH = 500;

/**
 * Loads a region's division codes into the org tree in one transaction with its audit records.
 * Idempotent: re-running with the same data changes nothing.
 */
export async function importDivisions(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: { prefix: string; records: DivisionRecord[]; source: string },
): Promise<ImportSummary> {
  const { prefix, records, source } = input;
  if (!isValidPrefix(prefix)) {
    throw new AppError("VALIDATION", { fields: { code: { key: "org.import.badPrefix", params: { code: prefix } } } });
  }
  const summary = await deps.db.transaction(async (tx) => {
    const existing = await loadExisting(tx, prefix);
    const plan = planImport(prefix, records, existing, randomUUID);
    if ("kind" in plan) {
      const key = plan.kind === "prefixMissing" ? "org.import.prefixNotInFile" : "org.import.orphan";
      const params: Record<string, string> = plan.kind === "orphan" ? { code: plan.code, parent: plan.parent } : { code: plan.code };
      throw new AppError("VALIDATION", { message: { key: "org.import.badFile" }, fields: { code: { key, params } } });
    }
    const now = deps.clock.now();
    const audits: AuditRecord[] = [];
    for (let i = 0; i < plan.inserts.length; i += BATCH) {
      const chunk = plan.inserts.slice(i, i + BATCH);
      await tx.insert(orgUnits).values(chunk.map((u) => ({ ...u, createdAt: now, updatedAt: now })));
    }
    for (const u of plan.inserts) {
      audits.push({ action: "org.unit.create", entityType: "orgUnit", entityId: u.id, orgPath: u.path, after: { divisionCode: u.divisionCode, name: u.name, level: u.level, kind: u.kind } });
    }
    for (const r of plan.renames) {
      await tx
        .update(orgUnits)
        .set({ name: r.name, officialName: r.officialName, updatedAt: now })
        .where(sql`${orgUnits.id} = ${r.unit.id}`);
      audits.push({ action: "org.unit.rename", entityType: "orgUnit", entityId: r.unit.id, orgPath: r.unit.path, before: { name: r.unit.name, officialName: r.unit.officialName }, after: { name: r.name, officialName: r.officialName } });
    }
    // Shallowest first, so a moved parent has re-pathed its children before they are looked at.
    for (const m of [...plan.moves].sort((a, b) => a.depth - b.depth)) {
      const [current] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(sql`${orgUnits.id} = ${m.unit.id}`);
      if (!current || current.path === m.path) continue;
      const delta = m.depth - current.path.split("/").filter(Boolean).length;
      await tx.execute(sql`UPDATE org_units SET path = ${m.path} || substr(path, ${current.path.length + 1}),
        depth = depth + ${delta}, updated_at = ${now}
        WHERE path LIKE ${current.path + "%"}`);
      await tx.update(orgUnits).set({ parentId: m.parentId }).where(sql`${orgUnits.id} = ${m.unit.id}`);
      audits.push({ action: "org.unit.move", entityType: "orgUnit", entityId: m.unit.id, orgPath: m.path, before: { parentId: m.unit.parentId }, after: { parentId: m.parentId } });
    }
    const restoreIds = plan.restores.map((u) => u.id);
    if (restoreIds.length) {
      await tx.update(orgUnits).set({ revokedAt: null, updatedAt: now }).where(inArray(orgUnits.id, restoreIds));
      for (const u of plan.restores) audits.push({ action: "org.unit.restore", entityType: "orgUnit", entityId: u.id, orgPath: u.path });
    }
    for (let i = 0; i < plan.revokes.length; i += BATCH) {
      const ids = plan.revokes.slice(i, i + BATCH).map((u) => u.id);
      await tx.update(orgUnits).set({ revokedAt: now, updatedAt: now }).where(inArray(orgUnits.id, ids));
    }
    for (const u of plan.revokes) audits.push({ action: "org.unit.revoke", entityType: "orgUnit", entityId: u.id, orgPath: u.path, before: { name: u.name } });
    for (const value of [true, false]) {
      const ids = plan.agriculturalChanges.filter((c) => c.agricultural === value).map((c) => c.unit.id);
      if (ids.length) await tx.update(orgUnits).set({ agricultural: value, updatedAt: now }).where(inArray(orgUnits.id, ids));
    }
    for (const c of plan.agriculturalChanges) {
      audits.push({ action: "org.unit.agricultural", entityType: "orgUnit", entityId: c.unit.id, orgPath: c.unit.path, before: { agricultural: c.unit.agricultural }, after: { agricultural: c.agricultural } });
    }
    const summary: ImportSummary = {
      prefix,
      source,
      created: plan.inserts.length,
      renamed: plan.renames.length,
      moved: plan.moves.length,
      restored: plan.restores.length,
      revoked: plan.revokes.length,
      agriculturalChanged: plan.agriculturalChanges.length,
      unchanged: plan.unchanged,
    };
    audits.push({ action: "org.import", entityType: "divisionImport", entityId: prefix, after: summary });
    await writeAudit(tx, actor, deps.clock, audits);
    return summary;
  });
  // PGlite runs no autovacuum (and PostgreSQL's may lag a bulk load): statistics for the tables
  // just filled, once, so the next scope queries are not planned against empty tables.
  const changed = summary.created + summary.renamed + summary.moved + summary.restored + summary.revoked + summary.agriculturalChanged;
  if (changed > 0) await deps.db.execute(sql`ANALYZE org_units, audit_log`);
  return summary;
}

/** Stored units under the prefix plus the prefix's ancestors (so the region attaches to them). */
async function loadExisting(tx: Db, prefix: string): Promise<Map<string, ExistingUnit>> {
  const ancestors: string[] = [];
  for (let c = parentCode(prefix); c; c = parentCode(c)) ancestors.push(c);
  const codeFilter = ancestors.length
    ? or(like(orgUnits.divisionCode, `${prefix}%`), inArray(orgUnits.divisionCode, ancestors))
    : like(orgUnits.divisionCode, `${prefix}%`);
  const rows = await tx
    .select({
      id: orgUnits.id,
      divisionCode: orgUnits.divisionCode,
      name: orgUnits.name,
      officialName: orgUnits.officialName,
      parentId: orgUnits.parentId,
      path: orgUnits.path,
      kind: orgUnits.kind,
      agricultural: orgUnits.agricultural,
      agriculturalSetByUser: orgUnits.agriculturalSetByUser,
      revokedAt: orgUnits.revokedAt,
    })
    .from(orgUnits)
    .where(and(isNotNull(orgUnits.divisionCode), ne(orgUnits.level, "grid"), codeFilter));
  const map = new Map<string, ExistingUnit>();
  for (const r of rows) {
    if (!r.divisionCode) continue;
    map.set(r.divisionCode, { ...r, divisionCode: r.divisionCode, revoked: r.revokedAt !== null });
  }
  return map;
}
