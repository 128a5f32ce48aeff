import type { OrgLevel } from "../../../common/roles.js";
import type { OrgKind } from "../../../common/contract/org.contract.js";
import {
  defaultAgricultural,
  displayName,
  kindOf,
  levelOf,
  parentCode,
  type DivisionRecord,
} from "./divisions.js";

/** An org unit as the import sees it. */
export interface ExistingUnit {
  id: string;
  divisionCode: string;
  name: string;
  officialName: string;
  parentId: string | null;
  path: string;
  kind: OrgKind;
  agricultural: boolean;
  agriculturalSetByUser: boolean;
  revoked: boolean;
}

export interface PlannedUnit {
  id: string;
  parentId: string | null;
  level: OrgLevel;
  kind: OrgKind;
  divisionCode: string;
  name: string;
  officialName: string;
  path: string;
  depth: number;
  agricultural: boolean;
}

export interface ImportPlan {
  inserts: PlannedUnit[];
  renames: { unit: ExistingUnit; name: string; officialName: string }[];
  moves: { unit: ExistingUnit; parentId: string | null; path: string; depth: number }[];
  restores: ExistingUnit[];
  revokes: ExistingUnit[];
  agriculturalChanges: { unit: ExistingUnit; agricultural: boolean }[];
  unchanged: number;
}

export type PlanProblem =
  | { kind: "prefixMissing"; code: string }
  | { kind: "orphan"; code: string; parent: string };

/**
 * Diffs the source records under `prefix` against what is stored. Pure: ids for new units come
 * from `newId`. Same codes → no duplicates; renamed units updated; vanished codes revoked (never
 * deleted); a unit whose parent moved (e.g. a city later placed under its province) is re-pathed.
 */
export function planImport(
  prefix: string,
  records: DivisionRecord[],
  existing: Map<string, ExistingUnit>,
  newId: () => string,
): ImportPlan | PlanProblem {
  const inScope = records
    .filter((r) => r.code.startsWith(prefix))
    .sort((a, b) => a.code.length - b.code.length || (a.code < b.code ? -1 : 1));
  if (!inScope.some((r) => r.code === prefix)) return { kind: "prefixMissing", code: prefix };
  const present = new Set(inScope.map((r) => r.code));
  const ruralParents = new Set(inScope.filter((r) => kindOf(r.code, r.name) === "rural").map((r) => parentCode(r.code)));

  const placed = new Map<string, { id: string; path: string; depth: number }>();
  const plan: ImportPlan = { inserts: [], renames: [], moves: [], restores: [], revokes: [], agriculturalChanges: [], unchanged: 0 };

  for (const r of inScope) {
    const pCode = parentCode(r.code);
    let parent: { id: string; path: string; depth: number } | null = null;
    if (pCode) {
      parent = placed.get(pCode) ?? null;
      if (!parent) {
        const stored = existing.get(pCode);
        if (stored && !stored.revoked) parent = { id: stored.id, path: stored.path, depth: depthOf(stored.path) };
      }
      // Only the prefix unit itself may lack a parent (it becomes a root); anything deeper must attach.
      if (!parent && r.code !== prefix) return { kind: "orphan", code: r.code, parent: pCode };
    }
    const kind = kindOf(r.code, r.name);
    const name = displayName(r.code, r.name);
    const agriculturalDefault = defaultAgricultural(kind, ruralParents.has(r.code));
    const stored = existing.get(r.code);
    const id = stored?.id ?? newId();
    const path = `${parent?.path ?? "/"}${id}/`;
    const depth = (parent?.depth ?? 0) + 1;
    placed.set(r.code, { id, path, depth });
    if (!stored) {
      plan.inserts.push({
        id,
        parentId: parent?.id ?? null,
        level: levelOf(r.code),
        kind,
        divisionCode: r.code,
        name,
        officialName: r.name,
        path,
        depth,
        agricultural: agriculturalDefault,
      });
      continue;
    }
    let changed = false;
    if (stored.revoked) {
      plan.restores.push(stored);
      changed = true;
    }
    if (stored.officialName !== r.name || stored.name !== name) {
      plan.renames.push({ unit: stored, name, officialName: r.name });
      changed = true;
    }
    // Only a changed parent is a move; descendants follow it in the same subtree rewrite.
    if (stored.parentId !== (parent?.id ?? null)) {
      plan.moves.push({ unit: stored, parentId: parent?.id ?? null, path, depth });
      changed = true;
    }
    if (!stored.agriculturalSetByUser && stored.agricultural !== agriculturalDefault) {
      plan.agriculturalChanges.push({ unit: stored, agricultural: agriculturalDefault });
      changed = true;
    }
    if (!changed) plan.unchanged += 1;
  }
  for (const unit of existing.values()) {
    if (unit.divisionCode.startsWith(prefix) && !present.has(unit.divisionCode) && !unit.revoked) {
      plan.revokes.push(unit);
    }
  }
  return plan;
}

export function depthOf(path: string): number {
  return path.split("/").filter(Boolean).length;
}
