import type { OrgLevel, Role } from "../../common/roles.js";

export interface Grant {
  id: string;
  role: Role;
  orgUnitId: string;
  /** Materialised path of the scope unit: everything whose path starts with it is in scope. */
  scopePath: string;
  scopeLevel: OrgLevel;
  scopeName: string;
  divisionCode: string | null;
  departmentId: string | null;
}

/** Who is acting: a signed-in user, or the system itself (CLI, sweeper, demo seeding). */
export type Actor =
  | { kind: "user"; userId: string; username: string; displayName: string; grants: Grant[] }
  | { kind: "system"; name: string };

export function systemActor(name: string): Actor {
  return { kind: "system", name };
}

export function actorId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

export function actorName(actor: Actor): string {
  return actor.kind === "user" ? actor.username : `system:${actor.name}`;
}
