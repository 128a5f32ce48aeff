import type { OrgLevel, Role } from "../../common/roles.js";
import { SYSTEM_ACTOR_PREFIX } from "../../common/system-actors.js";

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

/**
 * The name stored in histories and the audit: the username, or `system:<name>`. Screens show
 * system names through common/system-actors.ts's labels; the audit keeps this raw string.
 */
export function actorName(actor: Actor): string {
  return actor.kind === "user" ? actor.username : `${SYSTEM_ACTOR_PREFIX}${actor.name}`;
}
