import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { recordsetInsert } from "../db/recordset.js";
import { users, workflowHistory, workflowTimers } from "../db/schema/index.js";
import { actorId, actorName, type Actor } from "../platform/actor.js";
import { writeAudit } from "../platform/audit.js";
import type { Clock } from "../platform/clock.js";
import { AppError } from "../platform/errors.js";
import { covers, visiblePaths } from "../authz/policy.js";
import { decide, type TimerSpec, type Transition, type WorkflowEntity } from "./machine.js";
import type { MovedTimer } from "./timer-basis.js";
import type { WorkingTimeOptions } from "../platform/calendar/working-time.js";

/**
 * One stored due time a calendar change moved: which entity, which of its fields, from when to
 * when. Each becomes the entity's own audit record, so "why is my deadline different" is
 * answered in the entity's trail, not only in a count on the calendar's record.
 */
export interface DueMove {
  entityType: string;
  entityId: string;
  orgPath: string;
  field: string;
  from: Date;
  to: Date;
}

/** What every event may carry: a note for the history, and event-specific data. */
export interface WorkflowInput {
  note?: string | undefined;
  data?: Record<string, unknown> | undefined;
}

export interface ApplyContext<S extends string, E extends string, I> {
  from: S;
  event: E;
  input: I;
  actor: Actor;
  now: Date;
}

/** A workflow: its table of transitions plus how to load and store its entities. */
export interface Workflow<S extends string, E extends string, T extends WorkflowEntity<S>, I extends WorkflowInput = WorkflowInput> {
  /** Stable name, stored in history and timers (e.g. "appeal", "fortressAssessment"). */
  name: string;
  entityType: string;
  transitions: readonly Transition<S, E, T, I>[];
  /** Loads the entity; `lock` asks for `FOR UPDATE` so concurrent events serialise. */
  load(tx: Db, id: string, lock: boolean): Promise<T | null>;
  /** Writes the new state and whatever else the event changes; returns the stored entity. */
  save(tx: Db, entity: T, to: S, ctx: ApplyContext<S, E, I>): Promise<T>;
  /** Timers to set when an entity enters a state (deadlines, warnings). */
  timers?(entity: T, enteredAt: Date): TimerSpec<E>[];
  /** Called by the sweeper for a due `notify` timer (yellow/red warnings). */
  onNotify?(tx: Db, entity: T, level: string, now: Date): Promise<void>;
  /**
   * Called in a calendar change's transaction with the step deadlines a recompute moved (not the
   * warnings), so the entity's own displayed due time follows; returns what it changed, which
   * the caller audits entity by entity (recompute.ts dueMoveAudits).
   */
  deadlinesMoved?(tx: Db, moved: readonly MovedTimer[], now: Date): Promise<DueMove[]>;
  /**
   * Deadlines the entity stores with no pending timer behind them (a whistle's done-by before
   * check-in), recomputed in the same calendar change; returns what it changed.
   */
  recomputeStored?(tx: Db, dates: ReadonlySet<string>, calendar: WorkingTimeOptions): Promise<DueMove[]>;
  /** What the audit record shows of the entity (never personal data). */
  auditView?(entity: T): Record<string, unknown>;
}

// Workflows are stored in one registry whose members differ in their type parameters.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry is heterogeneous by design
export type AnyWorkflow = Workflow<any, any, any, any>;

export interface WorkflowDeps {
  db: Db;
  clock: Clock;
}

/**
 * Applies one event: loads and locks the entity, asks the transition table, writes the new state,
 * the history row, the timers of the new state and the audit record — in one transaction (the
 * caller's, when `tx` is given).
 */
export async function applyEvent<S extends string, E extends string, T extends WorkflowEntity<S>, I extends WorkflowInput>(
  deps: WorkflowDeps,
  wf: Workflow<S, E, T, I>,
  id: string,
  event: E,
  actor: Actor,
  input: I,
  tx?: Db,
): Promise<T> {
  const run = async (t: Db): Promise<T> => {
    const entity = await wf.load(t, id, true);
    if (!entity) throw new AppError("NOT_FOUND");
    if (actor.kind === "user" && !covers(visiblePaths(actor), entity.path)) throw new AppError("NOT_FOUND");
    return applyToLoaded(t, deps.clock, wf, entity, event, actor, input);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/** The body of applyEvent for an entity already loaded and locked in `tx` (the sweeper uses it). */
export async function applyToLoaded<S extends string, E extends string, T extends WorkflowEntity<S>, I extends WorkflowInput>(
  tx: Db,
  clock: Clock,
  wf: Workflow<S, E, T, I>,
  entity: T,
  event: E,
  actor: Actor,
  input: I,
): Promise<T> {
  const now = clock.now();
  const d = decide(wf.transitions, entity, event, actor, input, now);
  if (!d.ok) {
    throw new AppError(d.code, { message: d.message, ...(d.field ? { fields: { [d.field]: d.message } } : {}) });
  }
  const from = entity.status;
  const to = d.transition.to;
  const saved = await wf.save(tx, entity, to, { from, event, input, actor, now });
  await tx.insert(workflowHistory).values({
    workflow: wf.name,
    entityId: entity.id,
    fromState: from,
    toState: to,
    event,
    actorId: actorId(actor),
    actorName: actorName(actor),
    at: now,
    note: input.note ?? null,
    data: input.data ?? null,
  });
  if (from !== to || d.transition.restartTimers) {
    // SKIP LOCKED: a timer a sweeper has already claimed is left to it (it will find the entity
    // has moved on and mark the timer stale); waiting for it could deadlock with that sweeper,
    // which is itself waiting for this entity's row.
    await tx.execute(sql`UPDATE workflow_timers SET fired_at = ${now}, outcome = 'cancelled'
      WHERE id IN (SELECT id FROM workflow_timers WHERE workflow = ${wf.name} AND entity_id = ${entity.id}
                   AND fired_at IS NULL FOR UPDATE SKIP LOCKED)`);
    const timers = wf.timers?.(saved, now) ?? [];
    if (timers.length) {
      await tx.insert(workflowTimers).values(timers.map((tm) => timerRow(wf.name, entity.id, to, tm, now)));
    }
  }
  await writeAudit(tx, actor, clock, [
    {
      action: `${wf.name}.${event}`,
      entityType: wf.entityType,
      entityId: entity.id,
      orgPath: saved.path,
      before: { status: from, ...(wf.auditView?.(entity) ?? {}) },
      after: { status: to, ...(input.note ? { note: input.note } : {}), ...(wf.auditView?.(saved) ?? {}) },
    },
  ]);
  return saved;
}

/** Sets the timers for an entity that was just created in its initial state. */
export async function startTimers<S extends string, E extends string, T extends WorkflowEntity<S>, I extends WorkflowInput>(
  tx: Db,
  wf: Workflow<S, E, T, I>,
  entity: T,
  now: Date,
): Promise<void> {
  await startTimersMany(tx, wf, [entity], now);
}

/**
 * The same for many new entities in one statement (batched intake). `sameTimers`, when given,
 * maps an entity to a value shared (by identity) by entities whose timers are equal — e.g. the
 * deadline rules a batch filed at one instant shares per (category, level) — so the
 * working-time arithmetic runs once per such group instead of once per entity.
 */
export async function startTimersMany<S extends string, E extends string, T extends WorkflowEntity<S>, I extends WorkflowInput>(
  tx: Db,
  wf: Workflow<S, E, T, I>,
  entities: readonly T[],
  now: Date,
  sameTimers?: (entity: T) => object,
): Promise<void> {
  const memo = new Map<object, TimerSpec<E>[]>();
  const timersOf = (entity: T): TimerSpec<E>[] => {
    const key = sameTimers?.(entity);
    const known = key ? memo.get(key) : undefined;
    if (known) return known;
    const specs = wf.timers?.(entity, now) ?? [];
    if (key) memo.set(key, specs);
    return specs;
  };
  const rows = entities.flatMap((entity) =>
    timersOf(entity).map((tm) => timerRow(wf.name, entity.id, entity.status, tm, now)),
  );
  // One JSON parameter rather than Drizzle's parameter per cell, whose building cost ~70 µs of
  // CPU per appeal in a batch of intake reports (BENCHMARKS.md, appeal-intake notes).
  if (rows.length) await tx.execute(recordsetInsert(workflowTimers, rows));
}

/** A timer row, with what its due time was computed from when the workflow says (migration 0041). */
function timerRow<E extends string>(workflow: string, entityId: string, state: string, tm: TimerSpec<E>, now: Date) {
  return {
    workflow,
    entityId,
    state,
    kind: tm.kind,
    event: tm.kind === "event" ? tm.event : null,
    level: tm.kind === "notify" ? tm.level : null,
    dueAt: tm.dueAt,
    createdAt: now,
    basisStart: tm.basis?.start ?? null,
    basisEnd: tm.basis?.end ?? null,
    basisRule: tm.basis?.rule ?? null,
  };
}

/**
 * The history of one entity, oldest first. `actorName` is the person's display name (e.g.
 * 红场镇党委: what residents and officials recognise), falling back to the stored name for the
 * system and for deleted users; the stored username is kept as `actorUsername`.
 */
export async function historyOf(db: Db, workflow: string, entityId: string) {
  return db
    .select({
      id: workflowHistory.id,
      workflow: workflowHistory.workflow,
      entityId: workflowHistory.entityId,
      fromState: workflowHistory.fromState,
      toState: workflowHistory.toState,
      event: workflowHistory.event,
      actorId: workflowHistory.actorId,
      actorName: sql<string>`coalesce(${users.displayName}, ${workflowHistory.actorName})`,
      actorUsername: workflowHistory.actorName,
      at: workflowHistory.at,
      note: workflowHistory.note,
      data: workflowHistory.data,
    })
    .from(workflowHistory)
    .leftJoin(users, eq(users.id, workflowHistory.actorId))
    .where(and(eq(workflowHistory.workflow, workflow), eq(workflowHistory.entityId, entityId)))
    .orderBy(sql`${workflowHistory.id}`);
}
