import { roleHasPermission, type Permission } from "../../common/roles.js";
import type { Actor, Grant } from "../platform/actor.js";
import { AppError } from "../platform/errors.js";

/**
 * THE one place that decides access. A grant gives its role's permissions over the subtree of
 * its scope unit; a resource is anything with an org-tree path.
 */
export interface Scoped {
  path: string;
}

/** The subtree roots where the actor holds `permission`; the system actor holds everything. */
export function scopePaths(actor: Actor, permission: Permission): string[] {
  if (actor.kind === "system") return ["/"];
  return actor.grants.filter((g) => roleHasPermission(g.role, permission)).map((g) => g.scopePath);
}

/** Paths the actor can see anything under (any role): used to decide 404 versus 403. */
export function visiblePaths(actor: Actor): string[] {
  if (actor.kind === "system") return ["/"];
  return actor.grants.map((g) => g.scopePath);
}

export function covers(paths: readonly string[], path: string): boolean {
  return paths.some((p) => path.startsWith(p));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return scopePaths(actor, permission).length > 0;
}

export function can(actor: Actor, permission: Permission, resource: Scoped): boolean {
  return covers(scopePaths(actor, permission), resource.path);
}

/**
 * Throws unless the actor may do `permission` on the resource. Outside everything the actor can
 * see → NOT_FOUND (ids cannot be probed); visible but not allowed → FORBIDDEN.
 */
export function authorize(actor: Actor, permission: Permission, resource: Scoped): void {
  if (can(actor, permission, resource)) return;
  if (covers(visiblePaths(actor), resource.path)) throw new AppError("FORBIDDEN");
  throw new AppError("NOT_FOUND");
}

/** The grants through which the actor holds `permission` over the resource. */
export function grantsFor(actor: Actor, permission: Permission, resource: Scoped): Grant[] {
  if (actor.kind === "system") return [];
  return actor.grants.filter((g) => roleHasPermission(g.role, permission) && resource.path.startsWith(g.scopePath));
}

/** Reduces a set of scope paths to the outermost ones (a city grant makes a town grant redundant). */
export function outermost(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((o) => p.startsWith(o))) out.push(p);
  return out;
}
