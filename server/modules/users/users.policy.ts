import { GRANTABLE_ROLES, ROLE_SCOPE_LEVELS, type OrgLevel, type Role } from "../../../common/roles.js";
import type { MessageRef } from "../../../common/errors.js";
import type { Actor } from "../../platform/actor.js";
import { grantsFor } from "../../authz/policy.js";

export interface GrantTarget {
  role: Role;
  unit: { path: string; level: OrgLevel };
  /** The department's org unit id, when a department was given. */
  departmentOrgUnitId?: string | null;
  unitId: string;
  departmentGiven: boolean;
}

/**
 * Whether the actor may grant `role` over `unit`: it must manage users there through a role that
 * may grant this one, and the role must fit the unit's level. Returns the field problem, or null.
 */
export function grantProblem(actor: Actor, t: GrantTarget): { field: string; message: MessageRef } | null {
  if (actor.kind === "user") {
    const via = grantsFor(actor, "user.manage", t.unit);
    if (!via.some((g) => GRANTABLE_ROLES[g.role].includes(t.role))) {
      return { field: "grant.role", message: { key: "user.roleNotGrantable", params: { role: `role.${t.role}` } } };
    }
  }
  const levels = ROLE_SCOPE_LEVELS[t.role];
  if (!levels.includes(t.unit.level)) {
    return {
      field: "grant.orgUnitId",
      message: { key: "user.scopeLevel", params: { role: `role.${t.role}`, levels: levels.map((l) => `level.${l}`).join("/") } },
    };
  }
  if (t.role === "departmentStaff" && !t.departmentGiven) {
    return { field: "grant.departmentId", message: { key: "user.departmentRequired" } };
  }
  if (t.departmentGiven && t.departmentOrgUnitId !== t.unitId) {
    return { field: "grant.departmentId", message: { key: "user.departmentMismatch" } };
  }
  return null;
}

/** A user is managed by the actor only when every grant they hold is one the actor could give. */
export function canManageUser(actor: Actor, grants: { role: Role; path: string; level: OrgLevel }[]): boolean {
  if (actor.kind === "system") return true;
  if (grants.length === 0) return false;
  return grants.every((g) =>
    grantsFor(actor, "user.manage", { path: g.path }).some((via) => GRANTABLE_ROLES[via.role].includes(g.role)),
  );
}
