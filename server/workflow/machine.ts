import type { MessageRef } from "../../common/errors.js";
import type { Permission } from "../../common/roles.js";
import type { Actor } from "../platform/actor.js";
import { can } from "../authz/policy.js";
import type { TimerBasis } from "./timer-basis.js";

/**
 * Workflows are declared transition tables (CONVENTIONS §3). This file is pure: it decides
 * whether an event may be applied; `apply.ts` does the I/O.
 */
export interface WorkflowEntity<S extends string> {
  id: string;
  status: S;
  /** Org path of the unit that owns the entity: the scope authorisation is checked against. */
  path: string;
}

/** Who may fire a transition: holders of a permission over the entity, or only the system. */
export type TransitionActor = { permission: Permission } | { system: true };

export interface Transition<S extends string, E extends string, T extends WorkflowEntity<S>, I = unknown> {
  from: readonly S[];
  event: E;
  to: S;
  by: TransitionActor;
  /** Further "who may" beyond the permission (e.g. only a summoned department checks in). */
  who?: (actor: Extract<Actor, { kind: "user" }>, entity: T) => boolean;
  /** A business rule on the entity and input; returns the problem, or null when allowed. */
  guard?: (entity: T, input: I, now: Date) => { field?: string; message: MessageRef } | null;
  /**
   * For a transition that stays in its state (e.g. escalated → escalated one level up, an
   * approved extension): cancel the state's timers and set them afresh, as a state change would.
   */
  restartTimers?: boolean;
}

export type Decision<S extends string, E extends string, T extends WorkflowEntity<S>, I> =
  | { ok: true; transition: Transition<S, E, T, I> }
  | { ok: false; code: "INVALID_TRANSITION" | "FORBIDDEN" | "VALIDATION"; field?: string; message: MessageRef };

function actorMay<S extends string, E extends string, T extends WorkflowEntity<S>, I>(
  t: Transition<S, E, T, I>,
  actor: Actor,
  entity: T,
): boolean {
  if ("system" in t.by) return actor.kind === "system";
  if (actor.kind === "system") return true;
  if (!can(actor, t.by.permission, entity)) return false;
  return t.who ? t.who(actor, entity) : true;
}

/**
 * Finds the transition for (state, event) and checks the actor and the guard. Several
 * transitions may share (state, event) with different actors; the first the actor may fire wins.
 */
export function decide<S extends string, E extends string, T extends WorkflowEntity<S>, I>(
  transitions: readonly Transition<S, E, T, I>[],
  entity: T,
  event: E,
  actor: Actor,
  input: I,
  now: Date,
): Decision<S, E, T, I> {
  const candidates = transitions.filter((t) => t.event === event && t.from.includes(entity.status));
  if (candidates.length === 0) {
    return {
      ok: false,
      code: "INVALID_TRANSITION",
      message: { key: "workflow.invalidTransition", params: { event: `event.${event}`, status: `status.${entity.status}` } },
    };
  }
  const allowed = candidates.find((t) => actorMay(t, actor, entity));
  if (!allowed) return { ok: false, code: "FORBIDDEN", message: { key: "error.FORBIDDEN" } };
  const problem = allowed.guard?.(entity, input, now) ?? null;
  if (problem) return { ok: false, code: "VALIDATION", message: problem.message, ...(problem.field ? { field: problem.field } : {}) };
  return { ok: true, transition: allowed };
}

/** The events this actor could fire now (guards aside): the UI shows buttons from these. */
export function availableEvents<S extends string, E extends string, T extends WorkflowEntity<S>, I>(
  transitions: readonly Transition<S, E, T, I>[],
  entity: T,
  actor: Actor,
): E[] {
  const events = transitions.filter((t) => t.from.includes(entity.status) && actorMay(t, actor, entity)).map((t) => t.event);
  return [...new Set(events)];
}

/** Every (state, event) pair of a table, legal or not: tests walk these. */
export function allPairs<S extends string, E extends string>(states: readonly S[], events: readonly E[]): [S, E][] {
  return states.flatMap((s) => events.map((e): [S, E] => [s, e]));
}

/** A timer a workflow sets when an entity enters a state. */
export type TimerSpec<E extends string> = (
  | { kind: "event"; event: E; dueAt: Date }
  | { kind: "notify"; level: string; dueAt: Date }
) & {
  /** What the due time was computed from; with it a calendar change recomputes the timer (timer-basis.ts). */
  basis?: TimerBasis;
};
