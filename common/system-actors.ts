/**
 * The system's own actors as they are stored in histories and the audit (`system:<name>`), and
 * which label each shows under. Server (`actorName`) and web (timelines) share this so a new
 * system actor cannot get a name the screens do not know without a test failing.
 */
export const SYSTEM_ACTOR_PREFIX = "system:";

/** Every system actor name the server uses; `open311` stands for `open311:<key prefix>`. */
export const SYSTEM_ACTORS = ["sweeper", "autoWhistle", "resident", "open311", "demo", "cli", "auth", "calendar"] as const;
export type SystemActorName = (typeof SYSTEM_ACTORS)[number];

/** What a timeline shows for an actor: a named system actor, the generic system, or a person. */
export type ActorLabel = { kind: "system"; name: SystemActorName | "other" } | { kind: "person" };

/**
 * Classifies a stored actor name (the raw `actor_name` of a history row, not a display name a
 * person could choose). `open311:<prefix>` counts as `open311`; unknown system names as `other`.
 */
export function actorLabel(stored: string): ActorLabel {
  if (!stored.startsWith(SYSTEM_ACTOR_PREFIX)) return { kind: "person" };
  const name = stored.slice(SYSTEM_ACTOR_PREFIX.length).split(":")[0] ?? "";
  return { kind: "system", name: (SYSTEM_ACTORS as readonly string[]).includes(name) ? (name as SystemActorName) : "other" };
}
